"""The workspace's month board: per employee × day and per member × day, with what a manager acts on.

It reads the same sources as plan.html (engine.report.html): the members' colours (engine.report.palette),
hours against contract (engine.report.stats, the checker's reading and billing's settlement) and the plan's
unfilled needs with their reasons; it adds what the browser needs: absences in the employee rows, each
employee's hours per legal week against the contract, filters (member, site, skill), and the occurrence keys
the edit links carry. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from engine.calendar import public_holidays
from engine.checker import Violation
from engine.checker.fmt import hm
from engine.checker.rules.availability import ABSENCE_FR
from engine.french import WEEKDAYS_FR, date_long
from engine.model import Plan, Scenario, occurrence_key
from engine.report.html import euros
from engine.report.palette import palette
from engine.report.stats import employee_stats
from engine.timeline import Timelines
from engine.timeutil import month_days, to_utc, zone


def weekly_hours(
    scenario: Scenario, plan: Plan, ctx: Timelines | None = None, employees: Collection[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Per employee, each legal week touching the month: worked minutes (the checker's reading: on-site and
    travel that counts as work, the days before the month included) against the contract's weekly minutes.
    `employees`: only these (whose timelines `ctx` must hold)."""
    ctx = ctx or Timelines.build(scenario, plan, employees=employees)
    out: dict[str, list[dict[str, Any]]] = {}
    for emp in scenario.employees:
        if employees is not None and emp.id not in employees:
            continue
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
    employees: Collection[str] | None = None,
    member_cells: bool = True,
) -> dict[str, Any]:
    """The view of `build_view`, with absences, weekly hours and the rows the filters keep.

    A filter keeps the member rows it names (a site or a skill keeps the members having such a site or
    need) and the employees who work there (or, for a skill, who have it); an employee row still shows all
    her work, since the law applies to her total across members. `employee_ids` lists the employees the
    filters keep, in the rows' order.

    Each employee's row depends only on the scenario and her own assignments, so a caller that kept the
    rows of an earlier view of the same scenario and plan version may ask for the rows of `employees` alone
    (those whose assignments changed): `employee_rows` then holds only theirs, and `employee_ids` still
    says which rows the filters keep. `member_cells=False` leaves the member rows' cells empty (for the
    view by employee, which does not show them).
    """
    only = None if employees is None else frozenset(employees)
    ctx = Timelines.build(scenario, plan, employees=only)  # once: hours, weeks and stats all read them
    view = grid(scenario, plan, ctx, only, member_cells)
    absences = _absences(scenario, plan.month)
    weeks = weekly_hours(scenario, plan, ctx, only)
    for row in view["employee_rows"]:
        row["absent"] = [absences.get(row["id"], {}).get(d["date"]) for d in view["days"]]
        row["weeks"] = weeks[row["id"]]
        row["skills"] = scenario.employee_by_id[row["id"]].skills
    kept = [e.id for e in scenario.employees]
    if member or site or skill:
        kept, view["member_rows"], view["unfilled"] = _filtered(scenario, plan, view, member, site, skill)
        keep = set(kept)
        view["employee_rows"] = [r for r in view["employee_rows"] if r["id"] in keep]
    view["employee_ids"] = kept
    view["filters"] = {"member": member or "", "site": site or "", "skill": skill or ""}
    view["skills"] = sorted(
        {n.skill for n in scenario.needs} | {s for e in scenario.employees for s in e.skills}
    )
    view["sites"] = [
        {"id": s.id, "name": s.name, "member": m.name} for m in scenario.members for s in m.sites
    ]
    view["members"] = [{"id": m.id, "name": m.name} for m in scenario.members]
    return view


def _days(scenario: Scenario, month: str) -> list[dict[str, Any]]:
    holidays: set[dt.date] = set()
    out = []
    for d in month_days(month):
        if not holidays or d.year not in {h.year for h in holidays}:
            holidays |= set(public_holidays(scenario, None, d.year))
        holiday = d in holidays
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


def grid(
    scenario: Scenario,
    plan: Plan,
    ctx: Timelines,
    employees: Collection[str] | None = None,
    member_cells: bool = True,
) -> dict[str, Any]:
    """The month's cells per employee and per member, the unfilled needs and the headline figures
    (`employees`: the rows of these employees only; `member_cells=False`: the member rows without cells)."""
    tz = zone(scenario.group.timezone)
    days = _days(scenario, plan.month)
    index = {d["date"]: i for i, d in enumerate(days)}
    colors = {
        m.id: swatch.background
        for m, swatch in zip(scenario.members, palette(len(scenario.members)), strict=True)
    }
    members, people, sites = scenario.member_by_id, scenario.employee_by_id, scenario.site_by_id
    clock: dict[dt.datetime, str] = {}  # a month has few distinct instants: each is formatted once

    def span(start: dt.datetime, end: dt.datetime) -> str:
        for moment in (start, end):
            if moment not in clock:
                clock[moment] = f"{moment.astimezone(tz):%H:%M}"
        return f"{clock[start]}–{clock[end]}"

    rows = [e for e in scenario.employees if employees is None or e.id in employees]
    emp_cells: dict[str, list[list[dict[str, Any]]]] = {e.id: [[] for _ in days] for e in rows}
    mem_cells: dict[str, list[list[dict[str, Any]]]] = {m.id: [[] for _ in days] for m in scenario.members}
    shown = (
        plan.assignments
        if member_cells or employees is None
        else [a for a in plan.assignments if a.employee in emp_cells]
    )
    for a in sorted(shown, key=lambda a: to_utc(a.start)):
        if a.date not in index:
            continue
        i = index[a.date]
        member = members.get(a.member)
        site = sites.get(a.site)
        member_name = member.name if member else a.member
        employee = people.get(a.employee)
        times = span(a.start, a.end)
        where = f"{site.name if site else a.site} — {times} ({hm(a.minutes)})"
        if a.employee in emp_cells:
            emp_cells[a.employee][i].append(
                {
                    "color": colors.get(a.member, "#e4e7eb"),
                    "time": times,
                    "title": f"{member_name} — {where}"
                    + (" — prêt de main-d'œuvre" if a.secondment else "")
                    + (" — affectation fixée" if a.pinned else ""),
                    "pinned": a.pinned,
                    "occurrence": a.occurrence_id,
                    "employee": a.employee,
                }
            )
        if member_cells and a.member in mem_cells:
            mem_cells[a.member][i].append(
                {
                    "label": employee.name if employee else a.employee,
                    "time": times,
                    "title": f"{employee.name if employee else a.employee} — {where} — {a.need}",
                    "unfilled": False,
                    "pinned": a.pinned,
                    "occurrence": a.occurrence_id,
                    "employee": a.employee,
                }
            )
    unfilled = []
    for u in sorted(plan.unfilled, key=lambda u: (u.date, to_utc(u.start), u.need)):
        member = members.get(u.member)
        need = scenario.need_by_id.get(u.need)
        label = (need.description or need.skill) if need else u.need
        times = span(u.start, u.end)
        if member_cells and u.member in mem_cells and u.date in index:
            mem_cells[u.member][index[u.date]].append(
                {
                    "label": f"{u.missing} manquant{'s' if u.missing > 1 else ''}",
                    "time": times,
                    "title": f"Non pourvu : {u.need} ({label}) — {u.reason}",
                    "unfilled": True,
                    "occurrence": occurrence_key(u.need, u.date),
                }
            )
        unfilled.append(
            {
                "date": f"{WEEKDAYS_FR[u.date.weekday()]} {u.date:%d/%m}",
                "member": member.name if member else u.member,
                "need": u.need,
                "label": label,
                "time": times,
                "missing": u.missing,
                "reason": u.reason or u.reason_code or "—",
                "limits": ", ".join(u.limits),
                "occurrence": occurrence_key(u.need, u.date),
                "member_id": u.member,
                "site": need.site if need else "",
            }
        )
    stats = employee_stats(scenario, plan, ctx, employees)
    return {
        "days": days,
        "legend": [{"name": m.name, "color": colors[m.id]} for m in scenario.members],
        "employee_rows": [
            {"id": e.id, "name": e.name, "cells": emp_cells[e.id], "stats": s}
            for e, s in zip(rows, stats, strict=True)
        ],
        "member_rows": [
            {"id": m.id, "name": m.name, "color": colors[m.id], "cells": mem_cells[m.id]}
            for m in scenario.members
        ],
        "unfilled": unfilled,
        "unfilled_heads": sum(u.missing for u in plan.unfilled),
        "assignments": len(plan.assignments),
        "placed_minutes": sum(a.minutes for a in plan.assignments),
        "total_cost": euros(sum(plan.cost_terms.values(), Decimal("0"))),
    }


def _filtered(
    scenario: Scenario,
    plan: Plan,
    view: dict[str, Any],
    member: str | None,
    site: str | None,
    skill: str | None,
) -> tuple[list[str], list[Any], list[Any]]:
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
        e.id
        for e in scenario.employees
        if e.id in working or (skill and not member and not site and skill in e.skills)
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
    """What changed for each member between two versions (engine.solver.search.replan.diff), as rows a member
    reads: day, time, who comes or no longer comes. Members without a change are absent."""
    from engine.solver.search.replan import diff

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
