"""plan.html: a self-contained French page a GE manager would rather look at than read.

The month as a grid per employee and per member (weekends and public holidays shaded, one colour per member),
unfilled needs standing out with their reasons, hours against contract, coverage per member, the cost by
objective term, the solver's facts and the compliance check. Inline CSS, no script, no external asset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from engine.billing.money import fr_amount
from engine.billing.render import MONTHS_FR
from engine.checker import Level, Violation
from engine.checker.context import CheckContext, build_context
from engine.checker.fmt import WEEKDAYS_FR, hm
from engine.model import Plan, Scenario, occurrence_key
from engine.report.stats import employee_stats, member_coverage
from engine.timeutil import month_days, parse_month, to_utc, zone

PALETTE = (
    "#cfe3ff",
    "#d6f5d6",
    "#ffe6c7",
    "#f3d9fa",
    "#fff5b8",
    "#cdeff0",
    "#ffd6dc",
    "#e2e2ff",
    "#e9f5c9",
    "#f9dfc9",
    "#d9ecf2",
    "#efe1d1",
)
COST_LABELS = {
    "unfilled": "Besoins non pourvus",
    "surplus": "Personnel en surnombre",
    "idle": "Heures payées non placées",
    "complementary_premium": "Majorations d'heures complémentaires",
    "overtime_premium": "Majorations d'heures supplémentaires",
    "mileage": "Indemnités kilométriques",
    "travel_time": "Temps de trajet",
    "continuity": "Continuité (changement de personne)",
    "preferred": "Salariés préférés",
    "wishes": "Souhaits des salariés",
    "weekend_fairness": "Équité des week-ends",
    "travel_fairness": "Équité des trajets",
    "fairness": "Équité",
    "changes": "Changements (re-planification)",
}
STATUS_LABELS = {"draft": "brouillon", "published": "publié"}


def month_label(month: str) -> str:
    year, mon = parse_month(month)
    return f"{MONTHS_FR[mon - 1]} {year}"


def euros(amount: Decimal) -> str:
    """`1234.5` → `1 234,50 €`, as on the invoices (rounded half up to the cent for display only)."""
    return fr_amount(int(amount.quantize(Decimal("0.01"), ROUND_HALF_UP) * 100))


def hours_fr(minutes: int) -> str:
    return hm(minutes) if minutes else "—"


@dataclass
class Cell:
    items: list[dict[str, Any]] = field(default_factory=list)


def _days(scenario: Scenario, month: str) -> list[dict[str, Any]]:
    from engine.calendar import public_holidays

    out = []
    for d in month_days(month):
        holiday = d in public_holidays(scenario, None, d.year)
        out.append(
            {
                "date": d,
                "num": d.day,
                "weekday": WEEKDAYS_FR[d.weekday()][:2],
                "weekend": d.weekday() >= 5,
                "holiday": holiday,
                "title": f"{WEEKDAYS_FR[d.weekday()]} {d.strftime('%d/%m/%Y')}"
                + (" (férié)" if holiday else ""),
            }
        )
    return out


def build_view(
    scenario: Scenario,
    plan: Plan,
    violations: list[Violation],
    *,
    coverage: bool = True,
    ctx: CheckContext | None = None,
) -> dict[str, Any]:
    """The page's data; `coverage=False` leaves out the per-member coverage (the workspace's board does not
    show it), `ctx` is the plan's check context when the caller already built it (it is built once)."""
    ctx = ctx or build_context(scenario, plan)
    tz = zone(scenario.group.timezone)
    days = _days(scenario, plan.month)
    index = {d["date"]: i for i, d in enumerate(days)}
    colors = {m.id: PALETTE[i % len(PALETTE)] for i, m in enumerate(scenario.members)}
    members = {m.id: m for m in scenario.members}
    employees = {e.id: e for e in scenario.employees}
    sites = scenario.site_by_id

    clock: dict[dt.datetime, str] = {}  # a month has few distinct instants: format each once

    def at(moment: dt.datetime) -> str:
        text = clock.get(moment)
        if text is None:
            text = clock[moment] = f"{moment.astimezone(tz):%H:%M}"
        return text

    def span(start: dt.datetime, end: dt.datetime) -> str:
        return f"{at(start)}–{at(end)}"

    emp_cells = {e.id: [Cell() for _ in days] for e in scenario.employees}
    mem_cells = {m.id: [Cell() for _ in days] for m in scenario.members}
    for a in sorted(plan.assignments, key=lambda a: to_utc(a.start)):
        if a.date not in index:
            continue
        i = index[a.date]
        member = members.get(a.member)
        site = sites.get(a.site)
        member_name = member.name if member else a.member
        hours = hm(a.minutes)
        times = span(a.start, a.end)
        if a.employee in emp_cells:
            emp_cells[a.employee][i].items.append(
                {
                    "color": colors.get(a.member, "#eee"),
                    "label": member_name,
                    "time": times,
                    "title": f"{member_name} — {site.name if site else a.site} — {times} ({hours})"
                    + (" — prêt de main-d'œuvre" if a.secondment else "")
                    + (" — fixé" if a.pinned else ""),
                    "pinned": a.pinned,
                    "loan": a.secondment is not None,
                    "occurrence": a.occurrence_id,
                    "employee": a.employee,
                    "member": a.member,
                    "site": a.site,
                }
            )
        if a.member in mem_cells:
            emp = employees.get(a.employee)
            mem_cells[a.member][i].items.append(
                {
                    "label": emp.name if emp else a.employee,
                    "time": times,
                    "title": f"{emp.name if emp else a.employee} — {site.name if site else a.site} — {a.need} ({hours})",
                    "unfilled": False,
                    "occurrence": a.occurrence_id,
                    "employee": a.employee,
                    "pinned": a.pinned,
                    "site": a.site,
                }
            )
    unfilled = []
    for u in sorted(plan.unfilled, key=lambda u: (u.date, to_utc(u.start), u.need)):
        member = members.get(u.member)
        need = scenario.need_by_id.get(u.need)
        label = need.description or need.skill if need else u.need
        if u.member in mem_cells and u.date in index:
            mem_cells[u.member][index[u.date]].items.append(
                {
                    "label": f"{u.missing} manquant{'s' if u.missing > 1 else ''}",
                    "time": span(u.start, u.end),
                    "title": f"Non pourvu : {u.need} ({label}) — {u.reason}",
                    "unfilled": True,
                    "occurrence": occurrence_key(u.need, u.date),
                    "reason": u.reason or u.reason_code,
                    "site": need.site if need else "",
                }
            )
        unfilled.append(
            {
                "date": f"{WEEKDAYS_FR[u.date.weekday()]} {u.date:%d/%m}",
                "member": member.name if member else u.member,
                "need": u.need,
                "label": label,
                "time": span(u.start, u.end),
                "missing": u.missing,
                "reason": u.reason or u.reason_code or "—",
                "limits": ", ".join(u.limits),
                "occurrence": occurrence_key(u.need, u.date),
                "member_id": u.member,
                "site": need.site if need else "",
            }
        )
    stats = employee_stats(scenario, plan, ctx)
    covered = member_coverage(scenario, plan, ctx) if coverage else []
    total_cost = sum(plan.cost_terms.values(), Decimal("0"))
    by_employee: dict[str, list[Violation]] = {}
    for v in sorted(violations, key=lambda v: v.sort_key()):
        by_employee.setdefault(v.employee or "", []).append(v)
    return {
        "title": f"Planning {month_label(plan.month)} — {scenario.group.name}",
        "group": scenario.group.name,
        "scenario": plan.scenario or scenario.name,
        "month": month_label(plan.month),
        "status": STATUS_LABELS.get(plan.status.value, plan.status.value),
        "created_at": plan.created_at.astimezone(tz).strftime("%d/%m/%Y %H:%M") if plan.created_at else None,
        "days": days,
        "legend": [{"name": m.name, "color": colors[m.id]} for m in scenario.members],
        "employee_rows": [
            {"id": e.id, "name": e.name, "cells": emp_cells[e.id], "stats": s}
            for e, s in zip(scenario.employees, stats, strict=True)
        ],
        "member_rows": [
            {"id": m.id, "name": m.name, "color": colors[m.id], "cells": mem_cells[m.id]}
            for m in scenario.members
        ],
        "unfilled": unfilled,
        "unfilled_heads": sum(u.missing for u in plan.unfilled),
        "unfilled_minutes": sum(
            u.missing * (to_utc(u.end) - to_utc(u.start)).total_seconds() // 60 for u in plan.unfilled
        ),
        "assignments": len(plan.assignments),
        "placed_minutes": sum(a.minutes for a in plan.assignments),
        "stats": stats,
        "coverage": covered,
        "costs": [
            {"label": COST_LABELS.get(k, k), "key": k, "amount": euros(v)}
            for k, v in sorted(plan.cost_terms.items())
        ],
        "total_cost": euros(total_cost),
        "solver": plan.solver,
        "errors": [v for v in violations if v.level is Level.ERROR],
        "warnings": [v for v in violations if v.level is Level.WARNING],
        "violations_by_employee": [
            {"employee": employees[k].name if k in employees else (k or "Besoins"), "items": vs}
            for k, vs in by_employee.items()
        ],
        "hm": hours_fr,
        "pct": lambda r: f"{(r * 100).quantize(Decimal('0.1'))} %".replace(".", ","),
        "euros": euros,
    }


def render_plan_html(scenario: Scenario, plan: Plan, violations: list[Violation]) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("plan.html.j2").render(**build_view(scenario, plan, violations))
