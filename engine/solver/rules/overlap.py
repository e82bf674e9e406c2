"""No overlap, travel between sites, breaks and the shape of a part-timer's day.

- One employee works one place at a time; two assignments on the same day at different sites must be
  separated by the travel time between the sites. Travel between two workplaces is effective working
  time (Cass. crim. 2 Sept 2014 n°13-80.665) when the rule set says so: it then counts toward every
  limit through the `Pair` literals built here, and is paid (objective term `travel_time`).
- Overlaps are encoded as at-most-one constraints on the maximal cliques of the interval graph (one per
  start time at which the set of running shifts shrinks), not as a quadratic list of pairs.
- Break (L3121-16): 20 consecutive minutes once work reaches 6 h. A single need window of 6 h or more is
  taken to include its break (the host grants it on site). Pieces of work (shifts, travel counted as work)
  separated by less than 20 free minutes form one span, which may not reach 6 h unless it is one shift of
  6 h or more: two consecutive assignments are forbidden together when they would form such a span.
  Chains of three or more short pieces are checked pair by pair only (a known gap, documented).
- Amplitude: a working day (first start to last end) may not exceed 24 h minus the daily rest (L3131-1:
  each 24 h hold the 11 h rest), so two same-day assignments too far apart are exclusive.
- Part-time schedules (gni-region-sud.fr, [verify] in domain.md): at most `part_time_max_breaks`
  interruption(s) in a working day, each of at most `part_time_max_break_minutes`; a split day across
  members counts. An interruption is any idle time between two consecutive assignments (time spent
  travelling between sites is work, not a break).

A `Pair` literal exists for two same-day assignments that may follow each other and either travel or
leave an interruption a part-timer must count: it is forced true when both are worked with nothing in
between (`pair >= a + b - 1 - sum(between)`).
"""

from __future__ import annotations

from bisect import bisect_left

from engine.solver.context import Context, Pair
from engine.solver.encoding import forbid_close_pairs
from engine.solver.instance import Staff

ARTICLES = ("L3121-16", "L3131-1", "Cass. crim. 2 Sept 2014 n°13-80.665")


def build(ctx: Context) -> None:
    for staff in ctx.inst.staff:
        if not staff.eligible:
            continue
        if staff.rules.one_shift_per_day:
            _across_midnight(ctx, staff)
        else:
            _cliques(ctx, staff)
            for day in ctx.by_day[staff.index]:
                _same_day(ctx, staff, day)


def _across_midnight(ctx: Context, staff: Staff) -> None:
    """With one shift a day, only a shift running past midnight can overlap the next day's."""
    occs, xs = ctx.inst.occs, ctx.x[staff.index]
    for day in ctx.by_day[staff.index]:
        late = [(xs[i], -occs[i].end) for i in ctx.day_occs(staff, day)]
        early = [(xs[i], occs[i].start) for i in ctx.day_occs(staff, day + 1)]
        forbid_close_pairs(ctx.model, late, early, 0)


def _cliques(ctx: Context, staff: Staff) -> None:
    occs, xs = ctx.inst.occs, ctx.x[staff.index]
    active: list[int] = []
    for i in staff.eligible:  # sorted by start
        start = occs[i].start
        alive = [a for a in active if occs[a].end > start]
        if len(alive) < len(active) and len(active) >= 2:
            ctx.model.add_at_most_one([xs[a] for a in active])
        active = [*alive, i]
    if len(active) >= 2:
        ctx.model.add_at_most_one([xs[a] for a in active])


def _same_day(ctx: Context, staff: Staff, day: int) -> None:
    inst, model, xs = ctx.inst, ctx.model, ctx.x[staff.index]
    rules = staff.rules
    day_occs = ctx.day_occs(staff, day)
    if len(day_occs) < 2:
        return
    occs = [inst.occs[i] for i in day_occs]
    starts = [o.start for o in occs]
    travel_is_work = rules.travel_between_sites_is_work
    count_breaks = staff.part_time and rules.part_time_max_breaks is not None
    max_break = rules.part_time_max_break_minutes if staff.part_time else None
    threshold = rules.break_threshold_minutes
    breaks = []
    rest = staff.daily_rest
    amplitude = 1440 - rest if rest else None  # L3131-1: every 24 h hold the daily rest
    for a in occs:
        first_after = bisect_left(starts, a.end)
        for ib in range(first_after, len(occs)):
            b = occs[ib]
            travel = inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
            idle = b.start - a.end - travel
            la, lb = xs[a.index], xs[b.index]
            span = inst.work_end(staff, b) - inst.work_start(staff, a)  # home legs included where work
            if idle < 0 or (amplitude is not None and span > amplitude):
                # cannot get there in time, or the working day would leave no 11 h rest in 24 h
                model.add_bool_or([la.negated(), lb.negated()])
                continue
            between = [xs[occs[k].index] for k in range(first_after, ib) if occs[k].start < b.start]
            worked_travel = travel if travel_is_work else 0
            free = b.start - a.end - worked_travel  # not worked: a break (travel not counted is free)
            forbidden = max_break is not None and free > max_break
            if threshold is not None:
                # L3121-16 as the checker reads it: pieces (shifts, travel as work) chained by free gaps
                # under 20 min form a span; a span of 6 h of work must be one shift of 6 h or more.
                if free < rules.break_minutes:
                    forbidden |= a.length + worked_travel + b.length >= threshold
                else:
                    forbidden |= b.length < threshold <= worked_travel + b.length
            if forbidden:
                model.add(la + lb - sum(between) <= 1)
                continue
            counts_travel = travel > 0
            counts_break = count_breaks and free > 0
            if not (counts_travel or counts_break):
                continue
            lit = model.new_bool_var("")
            model.add(lit >= la + lb - 1 - sum(between))
            km = inst.travel.km(a.site, b.site) if a.site != b.site else 0
            ctx.pairs[staff.index].append(Pair(a.index, b.index, lit, worked_travel, int(km * 10), free))
            if counts_break:
                breaks.append(lit)
    if count_breaks and breaks and rules.part_time_max_breaks is not None:
        model.add(sum(breaks) <= rules.part_time_max_breaks)
