"""Average weekly time over any 12 consecutive weeks: 44 h (L3121-22; 46 h by agreement, L3121-23).

Night workers — by contract or by their schedule (`rules.night_worker`, L3122-5): 40 h on average over 12 weeks
(L3122-7; 44 h by agreement, L3122-18). Weeks before the horizon come from `history.weekly_minutes`
(complete weeks, oldest first; its last entry is the legal week before the first week touching the
horizon); the part of a straddling week before the horizon comes from `history.recent_shifts`. Missing
weeks count as 0 minutes.
"""

from __future__ import annotations

from typing import Any

from engine.solver.bound.linear import EmployeeRows
from engine.solver.model.context import Context
from engine.solver.model.encoding import is_const
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import week_totals, weeks_before
from engine.solver.rules import night_worker

ARTICLES = ("L3121-22", "L3121-23", "L3122-7")

LIMITS = {
    "rolling_average": ("moyenne sur 12 semaines", ("L3121-22",)),
    "night_worker_average": (
        "travailleur de nuit (par son contrat ou son horaire) : 40 h en moyenne sur 12 semaines",
        ("L3122-5", "L3122-7"),
    ),
}


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    weeks = inst.horizon.weeks
    for staff in inst.staff:
        if staff.forfait or not staff.eligible:
            continue
        rules = staff.rules
        limits: list[tuple[int, list[Any]]] = []  # (average, enforcement literals)
        if rules.rolling_avg_max_minutes is not None:
            limits.append((rules.rolling_avg_max_minutes, []))
        status = night_worker.status(ctx, staff)
        if rules.night_avg_max_minutes is not None and not (is_const(status) and not status):
            limits.append((rules.night_avg_max_minutes, [] if is_const(status) else [status]))
        if not limits:
            continue
        span = rules.rolling_avg_weeks
        past = list(staff.history.weekly_minutes) if staff.history else []
        week_vars = [ctx.week_minutes(staff, w) for w in range(len(weeks))]
        week_past = [ctx.past_minutes(staff, w) for w in weeks]
        # window ending at horizon week `last` covers weeks last-span+1 .. last (negative: history)
        for last in range(len(weeks)):
            first = last - span + 1
            parts = [week_vars[w] for w in range(max(0, first), last + 1) if week_vars[w][1]]
            if not parts:
                continue
            constant = sum(week_past[w] for w in range(max(0, first), last + 1))
            for back in range(1, 1 - first if first < 0 else 1):
                constant += _history_week(ctx, staff, past, weeks[0], back)
            top = sum(top for _, top in parts) + constant
            for average, enforced in limits:
                if top > average * span and not _implied(limits, average, enforced):
                    row = model.add(sum(var for var, _ in parts) + constant <= average * span)
                    if enforced:
                        row.only_enforce_if(enforced)


def _implied(limits: list[tuple[int, list[Any]]], average: int, enforced: list[Any]) -> bool:
    """Whether an unconditional limit at least as tight makes this one redundant."""
    return any(a < average or (a == average and not e and enforced) for a, e in limits if not e)


def _history_week(ctx: Context, staff: Staff, past: list[int], first_week: list[int], back: int) -> int:
    """Minutes of the legal week `back` weeks before the horizon's first week: the history's total, or its
    recent shifts clipped to the week when they say more (the checker's reading)."""
    total = past[-back] if back <= len(past) else 0
    week = [d - 7 * back for d in first_week]
    return max(total, ctx.past_minutes(staff, week))


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The 12-week average (L3121-22) and a night worker's (L3122-7) on the plan with `occ` added."""
    rules = staff.rules
    if staff.forfait:
        return None
    shifts = [*mine, occ]
    averages: list[tuple[int, str]] = []
    if rules.rolling_avg_max_minutes is not None:
        averages.append((rules.rolling_avg_max_minutes, "rolling_average"))
    night_avg = rules.night_avg_max_minutes
    if (
        night_avg is not None
        and (rules.rolling_avg_max_minutes is None or night_avg < rules.rolling_avg_max_minutes)
        and night_worker.is_night_worker(inst, staff, shifts)
    ):
        averages.append((night_avg, "night_worker_average"))
    if not averages:
        return None
    span = rules.rolling_avg_weeks
    history = weeks_before(inst, staff, span)
    totals = week_totals(inst, staff, occ, mine)
    for last in range(len(totals)):
        window = totals[max(0, last - span + 1) : last + 1]
        before = span - len(window)
        total = sum(window) + sum(history[:before])
        for average, code in sorted(averages):
            if total > average * span:
                return code
    return None


def linear(rows: EmployeeRows) -> None:
    """The 12-week average on the week minutes, the history's weeks as constants; a night worker's 40 h
    only where the contract says so (the schedule's status is a choice the relaxation leaves open: a
    weaker row, still a bound)."""
    staff = rows.staff
    if staff.forfait:
        return
    rules, contract = staff.rules, staff.employee.contract
    limits = []
    if rules.rolling_avg_max_minutes is not None:
        limits.append(rules.rolling_avg_max_minutes)
    if contract.night_worker and rules.night_avg_max_minutes is not None:
        limits.append(rules.night_avg_max_minutes)
    if not limits:
        return
    weeks = rows.inst.horizon.weeks
    span = rules.rolling_avg_weeks
    history = list(staff.history.weekly_minutes) if staff.history else []
    for last in range(len(weeks)):
        first = last - span + 1
        inside = [w for w in range(max(0, first), last + 1) if rows.weeks[w][0]]
        if not inside:
            continue
        constant = sum(rows.past[w] for w in range(max(0, first), last + 1))
        for back in range(1, 1 - first if first < 0 else 1):
            total = history[-back] if back <= len(history) else 0
            constant += max(total, rows.past_minutes([d - 7 * back for d in weeks[0]]))
        cols = [c for w in inside for c in rows.weeks[w][0]]
        vals = [v for w in inside for v in rows.weeks[w][1]]
        rows.at_most(cols, vals, min(limits) * span - constant)
