"""The workspace's month board: plan.html's view (engine.report.html) plus what a manager acts on.

Why a layer over `build_view`: the static page and the workspace must show the same month (same colours,
same hours against contract, same unfilled reasons), so the board starts from that very view and adds only
what the browser needs: absences in the employee rows, each employee's hours per legal week against the
contract, filters (member, site, skill), and the occurrence keys the edit buttons post. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.billing.render import MONTHS_FR
from engine.checker import Violation
from engine.checker.context import CheckContext, build_context
from engine.checker.fmt import hm
from engine.checker.rules.availability import ABSENCE_FR
from engine.model import Plan, Scenario
from engine.report.html import build_view
from engine.timeutil import month_days

MEMBER_REASONS = {
    "no_skill": "Aucun salarié du groupement n'a la compétence demandée.",
    "out_of_reach": "Aucun salarié qualifié ne peut se rendre sur le site à temps.",
    "absent": "Les salariés qualifiés ne sont pas disponibles ce jour-là.",
    "legal_limit": "Les salariés qualifiés atteindraient une limite légale de temps de travail.",
    "cost": "Le groupement n'a pas pu le pourvoir à un coût raisonnable ; il vous contactera.",
}
MEMBER_REASON_DEFAULT = "Non pourvu pour l'instant ; le groupement vous tiendra informé."


def member_reason(reason_code: str) -> str:
    """The reason a member firm reads for its unfilled need: the kind of obstacle only, never an employee's
    name, absence or hours (those are personal data the member has no right to)."""
    return MEMBER_REASONS.get(reason_code, MEMBER_REASON_DEFAULT)


def date_fr(day: dt.date) -> str:
    """`2026-05-01` → `1er mai 2026`."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def weekly_hours(
    scenario: Scenario, plan: Plan, ctx: CheckContext | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Per employee, each legal week touching the month: worked minutes (the checker's reading: on-site and
    travel that counts as work, the days before the month included) against the contract's weekly minutes."""
    ctx = ctx or build_context(scenario, plan)
    out: dict[str, list[dict[str, Any]]] = {}
    for emp in scenario.employees:
        timeline = ctx.timelines[emp.id]
        weeks = []
        for monday in ctx.mondays:
            worked = ctx.week_minutes(timeline, monday)
            contract = 0 if emp.contract.is_forfait_jours else emp.contract.weekly_minutes
            weeks.append(
                {
                    "monday": monday,
                    "label": f"{monday:%d/%m}",
                    "worked": worked,
                    "contract": contract,
                    "over": contract > 0 and worked > contract,
                    "text": f"{hm(worked) if worked else '0 h'} / {hm(contract) if contract else '—'}",
                }
            )
        out[emp.id] = weeks
    return out


def _absences(scenario: Scenario, month: str) -> dict[str, dict[dt.date, str]]:
    days = month_days(month)
    out: dict[str, dict[dt.date, str]] = {}
    for emp in scenario.employees:
        for absence in emp.absences:
            for d in days:
                if absence.covers(d):
                    out.setdefault(emp.id, {})[d] = ABSENCE_FR.get(absence.kind, "absence")
    return out


def build_board(
    scenario: Scenario,
    plan: Plan,
    violations: list[Violation],
    *,
    member: str | None = None,
    site: str | None = None,
    skill: str | None = None,
) -> dict[str, Any]:
    """The view of `build_view`, with absences, weekly hours and the rows the filters keep.

    A filter keeps the member rows it names (a site or a skill keeps the members having such a site or
    need) and the employees who work there (or, for a skill, who have it); an employee row still shows all
    her work, since the law applies to her total across members.
    """
    ctx = build_context(scenario, plan)  # once: hours, weeks and stats all read it
    view = build_view(scenario, plan, violations, coverage=False, ctx=ctx)
    absences = _absences(scenario, plan.month)
    weeks = weekly_hours(scenario, plan, ctx)
    for row in view["employee_rows"]:
        row["absent"] = [absences.get(row["id"], {}).get(d["date"]) for d in view["days"]]
        row["weeks"] = weeks[row["id"]]
        row["skills"] = scenario.employee_by_id[row["id"]].skills
    if member or site or skill:
        view["employee_rows"], view["member_rows"], view["unfilled"] = _filtered(
            scenario, plan, view, member, site, skill
        )
    view["filters"] = {"member": member or "", "site": site or "", "skill": skill or ""}
    view["skills"] = sorted(
        {n.skill for n in scenario.needs} | {s for e in scenario.employees for s in e.skills}
    )
    view["sites"] = [
        {"id": s.id, "name": s.name, "member": m.name} for m in scenario.members for s in m.sites
    ]
    view["members"] = [{"id": m.id, "name": m.name} for m in scenario.members]
    return view


def _filtered(
    scenario: Scenario,
    plan: Plan,
    view: dict[str, Any],
    member: str | None,
    site: str | None,
    skill: str | None,
) -> tuple[list[Any], list[Any], list[Any]]:
    def need_matches(need_id: str, need_member: str, need_site: str) -> bool:
        need = scenario.need_by_id.get(need_id)
        loan = scenario.secondment_by_id.get(need_id)
        need_skill = need.skill if need else (loan.skill if loan else None)
        return (
            (not member or need_member == member)
            and (not site or need_site == site)
            and (not skill or need_skill == skill)
        )

    working = {a.employee for a in plan.assignments if need_matches(a.need, a.member, a.site)}
    employees = [
        r
        for r in view["employee_rows"]
        if r["id"] in working or (skill and not member and not site and skill in r["skills"])
    ]
    members_kept = {n.member for n in scenario.needs if need_matches(n.id, n.member, n.site)} | {
        a.member for a in plan.assignments if need_matches(a.need, a.member, a.site)
    }
    members = [r for r in view["member_rows"] if r["id"] in members_kept]
    unfilled = [u for u in view["unfilled"] if need_matches(u["need"], u["member_id"], u["site"])]
    return employees, members, unfilled


def changes_by_member(
    scenario: Scenario, before: Plan | None, after: Plan
) -> dict[str, list[dict[str, Any]]]:
    """What changed for each member between two versions (engine.solver.replan.diff), as rows a member
    reads: day, time, who comes or no longer comes. Members without a change are absent."""
    from engine.solver.replan import diff

    previous = before or Plan(month=after.month)
    names = {e.id: e.name for e in scenario.employees}
    held = {(a.employee, a.need, a.date): a for a in [*previous.assignments, *after.assignments]}
    out: dict[str, list[dict[str, Any]]] = {}
    for change in diff(scenario, previous, after, None):
        a = held[(change.employee, change.need, change.date)]
        out.setdefault(a.member, []).append(
            {
                "kind": "ajout" if change.kind == "added" else "retrait",
                "employee": names.get(change.employee, change.employee),
                "need": change.need,
                "date": change.date,
                "time": f"{a.start:%H:%M}–{a.end:%H:%M}",
            }
        )
    return out
