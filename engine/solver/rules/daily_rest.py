"""Daily rest: 11 consecutive hours between two working days (L3131-1; 9 h by agreement, D3131-1).

Minors: 12 h (L3164-1). Shifts of one day are one working day (with the trips from and to home where
the contract counts them as work, L3121-4); between a shift of a day and a shift of a
later day the gap must reach the rest. Shifts worked just before the horizon (history) already removed the
candidates they clash with (`instance`); here the prefix encoding of `forbid_close_pairs` keeps the rule
linear in the number of shifts.
"""

from __future__ import annotations

from engine.solver.model.context import Context
from engine.solver.model.encoding import forbid_close_pairs
from engine.solver.model.instance import MINUTES_PER_DAY, Instance, Occ, Staff

ARTICLES = ("L3131-1", "D3131-1", "L3164-1")

LIMITS = {
    "daily_rest": ("repos quotidien de 11 h", ("L3131-1",)),
    "minor_daily_rest": ("mineur : repos quotidien de 12 h", ("L3164-1",)),
}

linear = None  # left out of the LP (leaving a rule out only widens the plans it ranges over: still a bound)


def build(ctx: Context) -> None:
    inst = ctx.inst
    occs = inst.occs
    for staff in inst.staff:
        rest = staff.daily_rest
        if not rest or not staff.eligible:
            continue
        xs = ctx.literals(staff)
        days = sorted(ctx.by_day[staff.index])
        reach = 1 + (rest + 2 * MINUTES_PER_DAY) // MINUTES_PER_DAY
        for day in days:
            late = [(xs[i], -inst.work_end(staff, occs[i])) for i in ctx.day_occs(staff, day)]
            for later in range(day + 1, day + reach + 1):
                early = [(xs[i], inst.work_start(staff, occs[i])) for i in ctx.day_occs(staff, later)]
                forbid_close_pairs(ctx.model, late, early, rest)


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The daily rest between the shift's working day and the days before and after it."""
    rest = staff.daily_rest
    if not rest:
        return None
    # shifts two days or more apart never come within a daily rest of each other (a day's shift ends
    # within the next day), so only the neighbouring days are read
    for o in mine:
        if o.day == occ.day or not -2 <= o.day - occ.day <= 2:
            continue
        if o.end <= occ.start:
            gap = inst.work_start(staff, occ) - inst.work_end(staff, o)
        else:
            gap = inst.work_start(staff, o) - inst.work_end(staff, occ)
        if gap < rest:
            minor = staff.minor and rest == staff.rules.minor_daily_rest_minutes
            return "minor_daily_rest" if minor else "daily_rest"
    return None
