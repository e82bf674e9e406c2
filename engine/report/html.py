"""plan.html: a self-contained French page a GE manager would rather look at than read.

What it shows: the month's status (brouillon, publié, remplacé: the caller passes the version's true
status — `ge solve` writes a draft, the service renders a stored version with its own), what the month
costs apart from the solver's penalties (engine.report.costs), the unfilled needs with their reasons,
the month as a grid per employee (one distinct colour per member with its legend, absences and days
outside the contract marked, the whole month within 1,400 px), each member's weeks with the names of who
comes, hours against contract, coverage per member, the compliance check and the solver's facts — every
label in French (engine.report.french), names rather than ids. Inline CSS, no script, no external asset.

The page is the manager's: it names absences (sickness included) and every employee's hours, so it is
never handed to members (they get their calendar feed and the API's member view).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from engine.billing.money import fr_amount
from engine.checker import CheckContext, Level, Violation, build_context
from engine.checker.fmt import hm
from engine.checker.rules.availability import ABSENCE_FR
from engine.french import WEEKDAYS_FR, date_long, month_name, of_month
from engine.model import AbsenceKind, Plan, PlanStatus, Scenario
from engine.report import french
from engine.report.costs import month_cost, objective_lines
from engine.report.palette import palette
from engine.report.stats import employee_stats, member_coverage
from engine.timeutil import month_days, to_utc, zone

ABSENCE_SHORT = {
    AbsenceKind.PAID_LEAVE: "CP",
    AbsenceKind.SICKNESS: "Arrêt",
    AbsenceKind.TRAINING: "Form.",
    AbsenceKind.UNPAID: "Abs.",
    AbsenceKind.OTHER: "Abs.",
}
"""What an absent day's cell says (the legend spells each out)."""


def euros(amount: Decimal) -> str:
    """`1234.5` → `1 234,50 €`, as on the invoices (rounded half up to the cent for display only)."""
    return fr_amount(int(amount.quantize(Decimal("0.01"), ROUND_HALF_UP) * 100))


def hours_fr(minutes: int) -> str:
    return french.duration(minutes) if minutes else "—"


def percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)} %".replace(".", ",")


@dataclass
class Cell:
    items: list[dict[str, Any]] = field(default_factory=list)
    absence: dict[str, str] | None = None
    off_contract: bool = False


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
                "title": date_long(d, weekday=True) + (" (jour férié)" if holiday else ""),
            }
        )
    return out


def status_line(plan: Plan, tz: dt.tzinfo, version: int | None) -> str:
    """`Version 3 · plan publié le 8 décembre 2026 à 10h02 · établi le …`, `Brouillon non publié · établi le …`."""
    parts = [f"Version {version}"] if version is not None else []
    if plan.status is PlanStatus.PUBLISHED:
        when = f" le {french.instant(plan.published_at, tz)}" if plan.published_at else ""
        parts.append(f"plan publié{when}")
    elif plan.status is PlanStatus.SUPERSEDED:
        parts.append("plan remplacé par une version plus récente")
    else:
        parts.append("brouillon non publié")
    if plan.created_at is not None:
        parts.append(f"établi le {french.instant(plan.created_at, tz)}")
    text = " · ".join(parts)
    return text[0].upper() + text[1:]


def _need_label(scenario: Scenario, need_id: str) -> str:
    need = scenario.need_by_id.get(need_id)
    if need is not None:
        return need.description or french.skill_label(need.skill).capitalize()
    loan = scenario.secondment_by_id.get(need_id)
    return "Prêt de main-d'œuvre" if loan is not None else need_id


def build_view(
    scenario: Scenario,
    plan: Plan,
    violations: list[Violation],
    *,
    version: int | None = None,
    context: CheckContext | None = None,
) -> dict[str, Any]:
    """What the template shows; `context`: the plan's check context when the caller built it already."""
    ctx = context or build_context(scenario, plan)
    tz = zone(scenario.group.timezone)
    days = _days(scenario, plan.month)
    index = {d["date"]: i for i, d in enumerate(days)}
    swatches = dict(zip((m.id for m in scenario.members), palette(len(scenario.members)), strict=True))
    members = scenario.member_by_id
    employees = scenario.employee_by_id
    sites = scenario.site_by_id

    def name_of_member(member_id: str) -> str:
        return members[member_id].name if member_id in members else member_id

    def name_of_employee(employee_id: str) -> str:
        return employees[employee_id].name if employee_id in employees else employee_id

    emp_cells = {e.id: [Cell() for _ in days] for e in scenario.employees}
    for e in scenario.employees:
        for i, d in enumerate(days):
            cell = emp_cells[e.id][i]
            cell.off_contract = not e.contract.covers(d["date"])
            absence = next((a for a in e.absences if a.covers(d["date"])), None)
            if absence is not None:
                cell.absence = {
                    "short": ABSENCE_SHORT[absence.kind],
                    "title": f"{ABSENCE_FR[absence.kind].capitalize()} du {date_long(absence.start)} "
                    f"au {date_long(absence.end)}",
                }
    by_member_day: dict[tuple[str, dt.date], list[dict[str, Any]]] = {}
    for a in sorted(plan.assignments, key=lambda a: to_utc(a.start)):
        start, end = a.start.astimezone(tz), a.end.astimezone(tz)
        site = sites.get(a.site)
        member_name = name_of_member(a.member)
        details = (
            f"{member_name} — {site.name if site else a.site} — {_need_label(scenario, a.need)} — "
            f"{french.span(start, end)} ({hm(a.minutes)})"
            + (" — prêt de main-d'œuvre" if a.secondment else "")
            + (" — affectation fixée" if a.pinned else "")
        )
        if a.employee in emp_cells and a.date in index:
            swatch = swatches.get(a.member)
            emp_cells[a.employee][index[a.date]].items.append(
                {
                    "background": swatch.background if swatch else "#e4e7eb",
                    "border": swatch.border if swatch else "#616e7c",
                    "start": french.clock(start),
                    "end": french.clock(end),
                    "title": f"{name_of_employee(a.employee)} : {details}",
                    "pinned": a.pinned,
                }
            )
        by_member_day.setdefault((a.member, a.date), []).append(
            {
                "time": french.span(start, end),
                "who": name_of_employee(a.employee),
                "what": _need_label(scenario, a.need),
                "unfilled": False,
                "sort": to_utc(a.start),
            }
        )
    unfilled = []
    for u in sorted(plan.unfilled, key=lambda u: (u.date, to_utc(u.start), u.need)):
        start, end = u.start.astimezone(tz), u.end.astimezone(tz)
        label = _need_label(scenario, u.need)
        by_member_day.setdefault((u.member, u.date), []).append(
            {
                "time": french.span(start, end),
                "who": f"{french.plural(u.missing, 'personne')} manquante{'s' if u.missing > 1 else ''}",
                "what": label,
                "unfilled": True,
                "sort": to_utc(u.start),
            }
        )
        unfilled.append(
            {
                "date": date_long(u.date, weekday=True, year=False),
                "member": name_of_member(u.member),
                "need": label,
                "time": french.span(start, end),
                "missing": u.missing,
                "reason": u.reason or "—",
                "limits": ", ".join(u.limits),
            }
        )
    stats = employee_stats(scenario, plan, ctx)
    coverage = member_coverage(scenario, plan, ctx)
    cost = month_cost(scenario, plan)
    estimates, penalties = objective_lines(plan)
    errors = [v for v in violations if v.level is Level.ERROR]
    warnings = [v for v in violations if v.level is Level.WARNING]
    by_employee: dict[str, list[Violation]] = {}
    for v in sorted(violations, key=lambda v: v.sort_key()):
        by_employee.setdefault(v.employee or "", []).append(v)
    solver = plan.solver
    return {
        "title": f"Planning {of_month(plan.month)} — {scenario.group.name}",
        "group": scenario.group.name,
        "scenario": plan.scenario or scenario.name,
        "month": month_name(plan.month),
        "status": plan.status.value,
        "status_line": status_line(plan, tz, version),
        "days": days,
        "legend": [
            {"name": m.name, "background": swatches[m.id].background, "border": swatches[m.id].border}
            for m in scenario.members
        ],
        "absence_legend": [
            f"{short} : {ABSENCE_FR[kind]}"
            for kind, short in ABSENCE_SHORT.items()
            if kind is not AbsenceKind.OTHER
        ],
        "employee_rows": [
            {"name": e.name, "cells": emp_cells[e.id], "stats": s}
            for e, s in zip(scenario.employees, stats, strict=True)
        ],
        "member_blocks": _member_blocks(scenario, plan.month, coverage, swatches, by_member_day),
        "unfilled": unfilled,
        "unfilled_heads": sum(u.missing for u in plan.unfilled),
        "unfilled_minutes": sum(
            u.missing * int((to_utc(u.end) - to_utc(u.start)).total_seconds()) // 60 for u in plan.unfilled
        ),
        "assignments": len(plan.assignments),
        "placed_minutes": sum(a.minutes for a in plan.assignments),
        "hours_rows": [
            {
                "s": s,
                "members": ", ".join(name_of_member(m) for m in s.members),
            }
            for s in stats
        ],
        "coverage": [
            {"c": c, "employees": ", ".join(name_of_employee(e) for e in c.employees)} for c in coverage
        ],
        "cost": cost,
        "estimates": estimates,
        "penalties": penalties,
        "penalties_total": sum((p.amount for p in penalties), Decimal("0")),
        "solver": solver,
        "solver_status": french.solver_status(solver.status) if solver else None,
        "errors": errors,
        "warnings": warnings,
        "violations_by_employee": [  # findings about a need (no employee) last, as `ge check` prints them
            {"employee": name_of_employee(k) if k else "Besoins", "items": vs}
            for k, vs in sorted(by_employee.items(), key=lambda kv: kv[0] == "")
        ],
        "hm": hours_fr,
        "pct": percent,
        "euros": euros,
        "plural": french.plural,
    }


def _member_blocks(
    scenario: Scenario,
    month: str,
    coverage: list[Any],
    swatches: dict[str, Any],
    by_member_day: dict[tuple[str, dt.date], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Each member's month as weeks (Monday to Sunday) listing who comes when, and what stays open."""
    days = month_days(month)
    first = days[0] - dt.timedelta(days=days[0].weekday())
    mondays = []
    while first <= days[-1]:
        mondays.append(first)
        first += dt.timedelta(days=7)
    inside = set(days)
    blocks = []
    for member, cov in zip(scenario.members, coverage, strict=True):
        weeks = []
        for monday in mondays:
            week = []
            for offset in range(7):
                d = monday + dt.timedelta(days=offset)
                items = sorted(by_member_day.get((member.id, d), []), key=lambda it: it["sort"])
                week.append({"num": d.day if d in inside else None, "items": items, "weekend": offset >= 5})
            weeks.append(week)
        interventions = sum(
            1
            for (m, _), items in by_member_day.items()
            if m == member.id
            for it in items
            if not it["unfilled"]
        )
        blocks.append(
            {
                "name": member.name,
                "background": swatches[member.id].background,
                "border": swatches[member.id].border,
                "coverage": cov,
                "interventions": interventions,
                "weeks": weeks,
            }
        )
    return blocks


def render_plan_html(
    scenario: Scenario,
    plan: Plan,
    violations: list[Violation],
    *,
    version: int | None = None,
    context: CheckContext | None = None,
) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("plan.html.j2").render(
        **build_view(scenario, plan, violations, version=version, context=context)
    )
