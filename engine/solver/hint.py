"""A constructive first plan, passed to CP-SAT as a complete hint.

CP-SAT on a month of a large group spends its first seconds in presolve and then needs a good incumbent
to prune with. The greedy fills occurrences by decreasing unfilled price per minute, giving each head to
the qualified employee with the most contract minutes still unplaced (then the nearest), and accepts an
assignment only if the employee's plan so far leaves room for it under the limits `reasons._dynamic`
checks (overlap and travel, daily rest, daily and weekly maxima, complementary hours, days a week,
consecutive days) plus the amplitude and break rules of the same day. The hint is only a hint: CP-SAT
repairs anything it breaks (weekly rest, averages, sequence minima), so a rule forgotten here costs
speed, never legality.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from engine.solver.context import Context
from engine.solver.instance import Occ
from engine.solver.reasons import _dynamic


def greedy(ctx: Context) -> dict[int, list[Occ]]:
    inst = ctx.inst
    plan: dict[int, list[Occ]] = defaultdict(list)
    worked_minutes = [0] * len(inst.staff)
    due = [inst.expected_minutes(s, list(range(inst.horizon.n_days))) for s in inst.staff]
    order = sorted(
        (o for o in inst.occs if ctx.by_occ[o.index] and not o.source.optional),
        key=lambda o: (-o.unfilled_units / max(1, o.length), o.start),
    )
    for occ in order:
        candidates = sorted(
            (s for s, _ in ctx.by_occ[occ.index]),
            key=lambda s: (worked_minutes[s] - due[s], float(inst.home_km(inst.staff[s], occ.site)), s),
        )
        filled = 0
        for s in candidates:
            if filled >= occ.headcount:
                break
            staff = inst.staff[s]
            mine = plan[s]
            if _dynamic(inst, staff, occ, mine) is not None or not _same_day_ok(ctx, s, occ, mine):
                continue
            if not _weekly_rest_ok(ctx, s, occ, mine):
                continue
            mine.append(occ)
            mine.sort(key=lambda o: o.start)
            worked_minutes[s] += occ.length
            filled += 1
    return plan


def _same_day_ok(ctx: Context, s: int, occ: Occ, mine: list[Occ]) -> bool:
    """Amplitude, breaks and the part-timer's day, on the day's shifts with this one added."""
    staff = ctx.inst.staff[s]
    rules = staff.rules
    day = sorted([o for o in mine if o.day == occ.day] + [occ], key=lambda o: o.start)
    if len(day) == 1:
        return True
    rest = staff.daily_rest
    if rest and day[-1].end - day[0].start > 1440 - rest:
        return False
    interruptions = 0
    for a, b in itertools.pairwise(day):
        travel = ctx.inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
        free = b.start - a.end - (travel if rules.travel_between_sites_is_work else 0)
        threshold = rules.break_threshold_minutes
        if threshold is not None and free < rules.break_minutes and a.length + travel + b.length >= threshold:
            return False
        if staff.part_time and rules.part_time_max_breaks is not None and free > 0:
            interruptions += 1
            limit = rules.part_time_max_break_minutes
            if interruptions > rules.part_time_max_breaks or (limit is not None and free > limit):
                return False
    return True


def _weekly_rest_ok(ctx: Context, s: int, occ: Occ, mine: list[Occ]) -> bool:
    """Some day of the week stays free with 35 h of rest around it (L3132-2), this shift added."""
    staff = ctx.inst.staff[s]
    rest = staff.rules.weekly_rest_minutes
    h = ctx.inst.horizon
    if not rest:
        return True
    week = next(w for w in h.weeks if occ.day in w)
    if week[0] < 0 or week[-1] >= h.n_days:
        return True
    shifts = [o for o in mine if o.day in week or o.day in (week[0] - 1, week[-1] + 1)] + [occ]
    by_day: dict[int, list[Occ]] = defaultdict(list)
    for o in shifts:
        by_day[o.day].append(o)
    for d in week:
        if by_day.get(d):
            continue
        before = max((o.end for o in by_day.get(d - 1, [])), default=h.midnight(d))
        after = min((o.start for o in by_day.get(d + 1, [])), default=h.midnight(d + 1))
        if after - before >= rest:
            return True
    return False


def greedy_hint(ctx: Context) -> None:
    """Hint every decision literal with the greedy plan (1 where it assigns, 0 elsewhere)."""
    plan = greedy(ctx)
    chosen = {(s, o.index) for s, occs in plan.items() for o in occs}
    for staff in ctx.inst.staff:
        for i, lit in ctx.x[staff.index].items():
            ctx.model.add_hint(lit, (staff.index, i) in chosen)
