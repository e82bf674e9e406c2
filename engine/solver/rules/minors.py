"""Under-18 employees: two consecutive rest days in every legal week (L3164-2, [verify] in domain.md).

Read as the checker reads it (docs/checker.md): a rest day is a calendar day without a minute of work;
the two lie inside the legal week. Every week touching the horizon is held, the partial ones at both ends
too: days before the horizon come from the history's shifts (a day the history does not record is free,
as the checker reads it), days after the horizon are free (the next month, seeing this one as history,
holds the rest of the week). A month cut on a Saturday therefore keeps the last two days of a six-day
run free, or an earlier pair.

Their daily (8 h, L3162-1) and weekly (35 h) maxima, 12 h daily rest (L3164-1), the ban on work between
22:00 and 06:00 (L3163-2) and on public holidays (L3164-6, unless the derogation of L3164-8) and their
break (30 minutes beyond 4 h 30, L3162-3) are applied by `daily_max`, `weekly_max`, `daily_rest`, the
eligibility of `assignment` and `overlap`, through the effective limits of `Staff`. Only minors get rows.
"""

from __future__ import annotations

from typing import Any

from engine.solver.model import instance as I
from engine.solver.model.context import Context
from engine.solver.model.encoding import add_clause, is_const, neg
from engine.solver.model.instance import Instance, Occ, Staff

ARTICLES = ("L3162-1", "L3162-3", "L3163-2", "L3164-1", "L3164-2", "L3164-6", "L3164-8")

LIMITS = {
    I.MINOR_NIGHT: ("mineur : pas de travail de nuit", ("L3163-2",)),
    I.MINOR_HOLIDAY: ("mineur : pas de travail un jour férié", ("L3164-6",)),
    "minor_rest_days": ("mineur : deux jours de repos consécutifs par semaine", ("L3164-2",)),
}

linear = None  # left out of the LP (leaving a rule out only widens the plans it ranges over: still a bound)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    h = inst.horizon
    for staff in inst.staff:
        run = staff.rules.minor_consecutive_rest_days
        if not staff.minor or not staff.eligible or run < 1:
            continue
        for week in h.weeks:
            if not any(ctx.day_occs(staff, d) for d in week if h.in_horizon(d)):
                continue  # nothing the plan can change in this week
            options: list[Any] = []
            for k in range(len(week) - run + 1):
                free = [_free(ctx, staff, d) for d in week[k : k + run]]
                if any(is_const(f) and not f for f in free):
                    continue
                variable = [f for f in free if not is_const(f)]
                if not variable:
                    options = []
                    break  # the rest holds whatever the plan
                choose = model.new_bool_var("")
                for f in variable:
                    add_clause(model, [neg(choose), f])
                options.append(choose)
            else:
                if options:
                    model.add_bool_or(options)
                # no option at all: the history alone breaks the week; nothing the plan can change


def _free(ctx: Context, staff: Staff, day: int) -> Any:
    """ "No minute of work on that calendar day": a literal in the horizon (no shift starting on it, none
    of the day before running into it), a constant outside it."""
    inst = ctx.inst
    h = inst.horizon
    if day < 0:
        return 0 if day in busy_past_days(inst, staff) else 1
    if day >= h.n_days:
        return 1
    midnight = h.midnight(day)
    lits = [ctx.works(staff, day)]
    lits += [ctx.literals(staff)[i] for i in ctx.day_occs(staff, day - 1) if inst.occs[i].end > midnight]
    lits = [lit for lit in lits if not (is_const(lit) and not lit)]
    if not lits:
        return 1
    if len(lits) == 1:
        return neg(lits[0])
    free = ctx.model.new_bool_var("")
    for lit in lits:
        add_clause(ctx.model, [neg(free), neg(lit)])
    return free


def busy_past_days(inst: Instance, staff: Staff) -> frozenset[int]:
    """Days before the horizon with a minute of work in the history's shifts (computed once)."""
    key = ("busy_past_days", staff.index)
    if key not in inst.memo:
        h = inst.horizon
        busy = set()
        for f in staff.fixed:
            if f.end <= f.start:
                continue
            for d in range(f.day, f.day + 3):
                if d < 0 and f.start < h.midnight(d + 1) and f.end > h.midnight(d):
                    busy.add(d)
        inst.memo[key] = frozenset(busy)
    return inst.memo[key]  # type: ignore[return-value]


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """Two consecutive free days in the shift's week(s) with the shift added (unless the history alone
    already leaves none)."""
    run = staff.rules.minor_consecutive_rest_days
    if not staff.minor or run < 1:
        return None
    h = inst.horizon
    for week in h.weeks:
        if not week[0] - 1 <= occ.day <= week[-1]:
            continue
        if not _holds(inst, staff, week, [*mine, occ], run) and _holds(inst, staff, week, [], run):
            return "minor_rest_days"
    return None


def _holds(inst: Instance, staff: Staff, week: list[int], shifts: list[Occ], run: int) -> bool:
    h = inst.horizon
    busy = set(busy_past_days(inst, staff))
    for o in shifts:
        busy.add(o.day)
        if o.end > h.midnight(o.day + 1):
            busy.add(o.day + 1)
    free = [d not in busy for d in week]
    return any(all(free[k : k + run]) for k in range(len(week) - run + 1))
