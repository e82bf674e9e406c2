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
from engine.solver.rules.weekly_rest import week_holds


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
    span = max(ctx.inst.work_end(staff, o) for o in day) - min(ctx.inst.work_start(staff, o) for o in day)
    if rest and span > 1440 - rest:
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
    """The week keeps its 35 h rest (L3132-2, the model's reading) with this shift added, unless the
    history alone already breaks it."""
    staff = ctx.inst.staff[s]
    if not staff.rules.weekly_rest_minutes:
        return True
    by_day: dict[int, list[Occ]] = defaultdict(list)
    for o in [*mine, occ]:
        by_day[o.day].append(o)
    # the shift may take the rest of its own week, or of a neighbouring week whose rest day it borders
    for week in ctx.inst.horizon.weeks:
        near = week[0] - 1 <= occ.day <= week[-1] + 1
        if near and not week_holds(ctx, staff, week, by_day) and week_holds(ctx, staff, week, {}):
            return False
    return True


def greedy_hint(ctx: Context) -> None:
    """Hint every decision literal with the greedy plan (1 where it assigns, 0 elsewhere)."""
    plan = greedy(ctx)
    chosen = {(s, o.index) for s, occs in plan.items() for o in occs}
    for staff in ctx.inst.staff:
        for i, lit in ctx.x[staff.index].items():
            ctx.model.add_hint(lit, (staff.index, i) in chosen)
