"""Absences on a month calendar: the manager ticks days (or drags across a range) for one employee.

The calendar is a form of one checkbox per day, so that it works without JavaScript and with the keyboard
alone; workspace.js adds dragging across days, Shift+click to extend, arrow keys to move between days
and Shift+arrow to extend. The ticked days are saved as absences, one per run of consecutive days,
through `persistence.store.GroupStore` as the data page's form and `POST /absences` do. When the month
has a published plan, the manager may at once ask for its re-plan with those absences (api/pages/replan.py:
the API's re-plan, whose accepted draft records nothing twice). Each day shows the employee's absences
already recorded and, from the published plan, her work that day.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col

from api.deps import ManagerDep, SessionDep
from api.errors import NotFound
from api.pages.cache import plan_of, scenario_of
from api.pages.months import MONTH_PATTERN, around, current_month
from api.pages.render import clock_fr, done, page
from api.pages.replan import ABSENCE_KINDS, ReplanRefused, submit_replan
from api.routes.absences import delete_absence as delete_recorded
from engine.calendar import public_holidays
from engine.french import WEEKDAYS_FR, date_long
from engine.model import Absence, AbsenceKind, Scenario
from engine.timeutil import month_days
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import AbsenceRow, EmployeeRow

router = APIRouter(include_in_schema=False)
CALENDAR = "/app/donnees/absences/calendrier"
MonthQuery = Annotated[str, Query(pattern=MONTH_PATTERN)]
KeyQuery = Annotated[str, Query(max_length=64)]
MAX_DAYS = 62  # a form never sends more days than two months hold
REPLAN_SECONDS = 30.0


def runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days grouped into (first, last) periods, in order."""
    out: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if out and day == out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def period_fr(first: dt.date, last: dt.date) -> str:
    return f"le {date_long(first)}" if first == last else f"du {date_long(first)} au {date_long(last)}"


def employee_row(store: GroupStore, key: str) -> EmployeeRow:
    row = store.by_key(EmployeeRow, key)
    if row is None:
        raise NotFound(f"no employee {key!r} in your scope")
    return row  # type: ignore[no-any-return]


def calendar_view(
    session: Session, caller: Scope, scenario: Scenario, employee: EmployeeRow, month: str
) -> dict[str, Any]:
    """The month's weeks (Monday first), each day with its recorded absences and its published work."""
    days = month_days(month)
    first, last = days[0], days[-1]
    store = GroupStore(session, caller)
    recorded = list(
        session.exec(
            store.visible(AbsenceRow)
            .where(
                AbsenceRow.employee_id == employee.id,
                col(AbsenceRow.start) <= last,
                col(AbsenceRow.end) >= first,
            )
            .order_by(col(AbsenceRow.start))
        )
    )
    current = published_plan(session, caller.group_id, month)
    work: dict[dt.date, list[str]] = {}
    if current is not None:
        members = {m.id: m.name for m in scenario.members}
        mine = [a for a in plan_of(session, current).assignments if a.employee == employee.key]
        for a in sorted(mine, key=lambda a: a.start):
            work.setdefault(a.date, []).append(
                f"{clock_fr(f'{a.start:%H:%M}')}–{clock_fr(f'{a.end:%H:%M}')} {members.get(a.member, a.member)}"
            )
    holidays = set(public_holidays(scenario, None, first.year))
    cells: list[dict[str, Any] | None] = [None] * first.weekday()
    for day in days:
        absences = [ABSENCE_KINDS.get(r.kind, r.kind) for r in recorded if r.start <= day <= r.end]
        cells.append(
            {
                "date": day,
                "iso": day.isoformat(),
                "num": day.day,
                "title": f"{WEEKDAYS_FR[day.weekday()]} {date_long(day)}",
                "weekend": day.weekday() >= 5,
                "holiday": day in holidays,
                "absences": absences,
                "work": work.get(day, []),
            }
        )
    cells += [None] * (-len(cells) % 7)
    return {
        "weeks": [cells[i : i + 7] for i in range(0, len(cells), 7)],
        "recorded": [
            {"id": r.id, "kind": ABSENCE_KINDS.get(r.kind, r.kind), "period": period_fr(r.start, r.end)}
            for r in recorded
        ],
        "published": current,
    }


def render_calendar(
    request: Request,
    session: Session,
    caller: Scope,
    employee: EmployeeRow,
    month: str,
    *,
    status: int = 200,
    error: str | None = None,
    notice: str | None = None,
    ticked: frozenset[str] = frozenset(),
    nature: str = "sickness",
) -> Response:
    scenario = scenario_of(session, caller.group_id)
    previous, following = around(month)
    return page(
        request,
        caller,
        "absence_calendar.html",
        status=status,
        month=month,
        employee=employee,
        employees=[(e.id, e.name) for e in sorted(scenario.employees, key=lambda e: e.name)],
        previous_month=previous,
        next_month=following,
        kinds=ABSENCE_KINDS,
        error=error,
        notice=notice,
        ticked=ticked,
        nature=nature,
        weekdays=WEEKDAYS_FR,
        **calendar_view(session, caller, scenario, employee, month),
    )


@router.get(CALENDAR, response_class=HTMLResponse)
def calendar_page(
    request: Request,
    session: SessionDep,
    caller: ManagerDep,
    salarie: KeyQuery = "",
    mois: Annotated[str, Query(pattern=f"{MONTH_PATTERN}|^$")] = "",
    enregistre: Annotated[int, Query(ge=0, le=MAX_DAYS)] = 0,
) -> Response:
    store = GroupStore(session, caller)
    if salarie:
        employee = employee_row(store, salarie)
    else:
        employee = session.exec(store.visible(EmployeeRow).order_by(col(EmployeeRow.name))).first()
        if employee is None:
            raise NotFound("no employee in this group yet")
    notice = None
    if enregistre:
        notice = (
            f"{enregistre} absence{'s' if enregistre > 1 else ''} enregistrée{'s' if enregistre > 1 else ''}."
        )
    return render_calendar(request, session, caller, employee, mois or current_month(), notice=notice)


@router.post(CALENDAR, response_class=HTMLResponse)
def save_calendar(
    request: Request,
    session: SessionDep,
    caller: ManagerDep,
    salarie: Annotated[str, Form(max_length=64)],
    mois: Annotated[str, Form(pattern=MONTH_PATTERN)],
    nature: Annotated[str, Form(max_length=32)] = "sickness",
    jour: Annotated[list[str] | None, Form()] = None,
    suite: Annotated[str, Form(pattern="^(enregistrer|replanifier)$")] = "enregistrer",
) -> Response:
    """Save the ticked days as absences (one per run of consecutive days); `suite=replanifier` then asks
    for the re-plan of the month's published plan with them."""
    store = GroupStore(session, caller)
    employee = employee_row(store, salarie)
    sent = set(jour or [])
    allowed = {d.isoformat() for d in month_days(mois)}
    wanted = frozenset(sent & allowed)

    def again(message: str, status: int = 422, ticked: frozenset[str] = wanted) -> Response:
        return render_calendar(
            request,
            session,
            caller,
            employee,
            mois,
            status=status,
            error=message,
            ticked=ticked,
            nature=nature,
        )

    if len(wanted) != len(sent):
        return again("Certains jours envoyés n'appartiennent pas au mois affiché : choisissez-les à nouveau.")
    if not wanted:
        return again("Cochez au moins un jour d'absence sur le calendrier.")
    if nature not in {k.value for k in AbsenceKind}:
        return again("Choisissez la nature de l'absence.")
    periods = runs([dt.date.fromisoformat(j) for j in wanted])
    for first, last in periods:
        store.save_absence(Absence(kind=AbsenceKind(nature), start=first, end=last), employee.key)
    session.commit()
    if suite == "enregistrer":
        return done(session, f"{CALENDAR}?salarie={employee.key}&mois={mois}&enregistre={len(periods)}")
    change = {
        "absences": [
            {"employee": employee.key, "kind": nature, "start": f.isoformat(), "end": t.isoformat()}
            for f, t in periods
        ]
    }
    try:
        job = submit_replan(request, session, caller, mois, change, REPLAN_SECONDS)
    except ReplanRefused as exc:
        saved = "L'absence est enregistrée, mais la re-planification n'a pas pu être lancée."
        return again(f"{saved} {exc.message}", exc.status, frozenset())
    return RedirectResponse(f"/app/travaux/{job}", status_code=303)


@router.post("/app/donnees/absences/{absence_id}/supprimer", response_class=HTMLResponse)
def delete_absence(
    absence_id: Annotated[int, Path(ge=1, le=2**62)],
    session: SessionDep,
    caller: ManagerDep,
    retour: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Remove a recorded absence (the API's `DELETE /absences/{id}`: 404 outside the group), then go back
    to the page the form was on (only a page of the data)."""
    delete_recorded(session, caller, absence_id)
    back = retour if retour.startswith("/app/donnees") and "//" not in retour else "/app/donnees#absences"
    return done(session, back)
