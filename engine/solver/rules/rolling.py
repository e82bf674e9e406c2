"""Average weekly time over any 12 consecutive weeks: 44 h (L3121-22; 46 h by agreement, L3121-23).

Night workers: 40 h on average over 12 weeks (L3122-7). Weeks before the horizon come from
`history.weekly_minutes` (complete weeks, oldest first; its last entry is the legal week before the first
week touching the horizon); the part of a straddling week before the horizon comes from
`history.recent_shifts`. Missing weeks count as 0 minutes.
"""

from __future__ import annotations

from engine.solver.context import Context
from engine.solver.instance import Staff

ARTICLES = ("L3121-22", "L3121-23", "L3122-7")


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    weeks = inst.horizon.weeks
    for staff in inst.staff:
        if staff.forfait or not staff.eligible:
            continue
        rules = staff.rules
        limits = []
        if rules.rolling_avg_max_minutes is not None:
            limits.append(rules.rolling_avg_max_minutes)
        if staff.employee.contract.night_worker and rules.night_avg_max_minutes is not None:
            limits.append(rules.night_avg_max_minutes)
        if not limits:
            continue
        average = min(limits)
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
            if sum(top for _, top in parts) + constant > average * span:
                model.add(sum(var for var, _ in parts) + constant <= average * span)


def _history_week(ctx: Context, staff: Staff, past: list[int], first_week: list[int], back: int) -> int:
    """Minutes of the legal week `back` weeks before the horizon's first week: the history's total, or its
    recent shifts clipped to the week when they say more (the checker's reading)."""
    total = past[-back] if back <= len(past) else 0
    week = [d - 7 * back for d in first_week]
    return max(total, ctx.past_minutes(staff, week))
