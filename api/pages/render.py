"""Rendering the workspace's pages: one Jinja2 environment (autoescaped), French filters, the page frame.

Every page is rendered by `page(request, caller, template, **context)`, which adds what the frame needs
(who is signed in, their role's menu, the CSRF token every changing form carries). Autoescaping is on for
every template, so a name holding `<script>` is shown as text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape
from sqlmodel import Session

from engine.billing.money import fr_amount
from engine.billing.render import quantity_text
from engine.checker.fmt import hm
from engine.french import date_long, month_name, of_month
from engine.timeutil import zone
from persistence.scope import Scope

TEMPLATES = Path(__file__).parent / "templates"
ROLE_FR = {"manager": "gestionnaire", "member": "adhérent", "accountant": "comptable", "employee": "salarié"}

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def _hours(minutes: int | None) -> str:
    """`29 h 08`, never broken across two lines (non-breaking spaces)."""
    return (hm(int(minutes)) if minutes else "0 h").replace(" ", "\u00a0")


def _cents(cents: int | None) -> str:
    return fr_amount(int(cents or 0))


def _euros_float(amount: float | None) -> str:
    """A solver's progress figure (euros as a float) the way invoices print money: `1 234,50 €`."""
    if amount is None:
        return "—"
    return fr_amount(int((Decimal(str(amount)) * 100).quantize(Decimal("1"))))


def clock_fr(text: str) -> str:
    """`08:30` → `8h30`, `17:00` (or `17:00:00`) → `17h`: the short way French schedules write times (fits
    a day's cell)."""
    hours, _, rest = str(text).strip().partition(":")
    minutes = rest[:2]
    return f"{int(hours)}h{'' if minutes in ('', '00') else minutes}"


def _day_fr(day: dt.date) -> str:
    return date_long(day, weekday=True)


def _moment(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """An instant as the group reads it: `5 mars 2026 à 14:02`, in `tz` (default: French time), never in
    the server's zone; a naive value is UTC (what SQLite gives back)."""
    if value is None:
        return "—"
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(tz or zone())
    return f"{date_long(local.date())} à {local:%H:%M}"


def _decimal(value: Decimal | float | int) -> str:
    return str(value).replace(".", ",")


def _count(n: int, one: str, many: str, none: str = "") -> str:
    """`3|count('jour', 'jours', 'aucun jour')` → `3 jours`; French uses the singular for 0 and 1."""
    if n == 0 and none:
        return none
    return f"{n} {one if n < 2 else many}"


def _shift_links(cell: list[dict[str, Any]], plan_id: int) -> Markup:
    """One day of an employee's row on the board: each shift as a link to its occurrence, `8h<span>12h`
    (built here rather than in the template, which would interpret it for each of a month's thousands)."""
    out = []
    plan = escape(plan_id)
    for it in cell:
        start, _, end = it["time"].partition("–")
        pinned = " pinned" if it["pinned"] else ""
        occurrence, employee = escape(do_urlencode(it["occurrence"])), escape(do_urlencode(it["employee"]))
        out.append(
            f'<a class="shift{pinned}" style="background: {escape(it["color"])}" title="{escape(it["title"])}" '
            f'href="/app/plans/{plan}/occurrence?occurrence={occurrence}&amp;salarie={employee}">'
            f'{escape(clock_fr(start))}<span class="t">{escape(clock_fr(end.partition("–")[0]))}</span></a>'
        )
    return Markup("".join(out))


env.filters.update(
    shift_links=_shift_links,
    count=_count,
    quantity=quantity_text,
    hours=_hours,
    cents=_cents,
    euros_float=_euros_float,
    clock_fr=clock_fr,
    date_fr=date_long,
    day_fr=_day_fr,
    moment=_moment,
    month_fr=month_name,
    of_month=of_month,
    decimal_fr=_decimal,
)


def menu(caller: Scope, month: str) -> list[tuple[str, str]]:
    """The links of the caller's role (a link only where that role is authorised)."""
    if caller.role == "manager":
        return [
            ("Planning du mois", f"/app/mois/{month}"),
            ("Données", "/app/donnees"),
            ("Absence et re-planification", f"/app/mois/{month}/absence"),
            ("Facturation", f"/app/facturation/{month}"),
        ]
    if caller.role == "member":
        return [("Mon mois", f"/app/adherent/{month}")]
    if caller.role == "accountant":
        return [("Facturation", f"/app/facturation/{month}")]
    return [("Mon planning", f"/app/salarie/{month}")]


def page(
    request: Request,
    caller: Scope | None,
    template: str,
    *,
    status: int = 200,
    month: str | None = None,
    **context: Any,
) -> HTMLResponse:
    from api.pages.months import current_month

    month = month or current_month()
    html = env.get_template(template).render(
        request=request,
        caller=caller,
        role_fr=ROLE_FR.get(caller.role, caller.role) if caller else "",
        user_email=getattr(request.state, "user_email", ""),
        csrf_token=getattr(request.state, "csrf_token", ""),
        menu=menu(caller, month) if caller else [],
        month=month,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def message_page(
    request: Request, caller: Scope, *, status: int, month: str, heading: str, message: str, back: str
) -> HTMLResponse:
    """A short page saying why something was not done or not found (a French heading, a sentence, a way
    back)."""
    return page(
        request,
        caller,
        "error.html",
        status=status,
        month=month,
        heading=heading,
        message=message,
        details=[],
        back=back,
    )


def done(session: Session, url: str) -> RedirectResponse:
    """Commit, then send the browser on (303): the page it loads next must already see the change (the
    request's session would otherwise commit only as the response goes out)."""
    session.commit()
    return RedirectResponse(url, status_code=303)


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""No inline script or style may run (a name holding markup could not become code even if escaping failed),
the pages cannot be framed (clickjacking), and a signed-in page is never cached."""
