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

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from engine.solver.context import Context, Pair, Travel
from engine.solver.encoding import forbid_close_pairs
from engine.solver.instance import Occ, Staff

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


@dataclass
class _Before:
    """A shift `a` that may precede `b` on the same day, and what following it would mean."""

    a: Occ
    worked_travel: int  # travel minutes counted as work
    km_tenths: int
    free: int  # minutes between them not worked
    between: list[Any]  # literals of shifts that fit between them


def _same_day(ctx: Context, staff: Staff, day: int) -> None:
    inst, model, xs = ctx.inst, ctx.model, ctx.x[staff.index]
    rules = staff.rules
    day_occs = ctx.day_occs(staff, day)
    if len(day_occs) < 2:
        return
    occs = [inst.occs[i] for i in day_occs]
    travel_is_work = rules.travel_between_sites_is_work
    count_breaks = staff.part_time and rules.part_time_max_breaks is not None
    max_break = rules.part_time_max_break_minutes if staff.part_time else None
    threshold = rules.break_threshold_minutes
    breaks: list[Any] = []
    rest = staff.daily_rest
    amplitude = 1440 - rest if rest else None  # L3131-1: every 24 h hold the daily rest
    # earliest end of a shift starting after each end: no shift fits in a gap that closes before it
    first_end_after = {a.index: min((c.end for c in occs if c.start >= a.end), default=None) for a in occs}
    for b in occs:
        lb = xs[b.index]
        before: list[_Before] = []
        for a in occs:
            if a.end > b.start or a is b:
                continue
            travel = inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
            la = xs[a.index]
            span = inst.work_end(staff, b) - inst.work_start(staff, a)  # home legs included where work
            if b.start - a.end - travel < 0 or (amplitude is not None and span > amplitude):
                # cannot get there in time, or the working day would leave no 11 h rest in 24 h
                model.add_bool_or([la.negated(), lb.negated()])
                continue
            # only a shift that can be worked with both (inside the gap) can stand between them
            soonest = first_end_after[a.index]
            between = (
                [xs[c.index] for c in occs if c.start >= a.end and c.end <= b.start]
                if soonest is not None and soonest <= b.start
                else []
            )
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
            km = int(inst.travel.km(a.site, b.site) * 10) if a.site != b.site else 0
            if travel > 0 or (count_breaks and free > 0):
                before.append(_Before(a, worked_travel, km, free, between))
        if before:
            if _one_at_a_time(before):
                _arrival(ctx, staff, b, before, breaks if count_breaks else None)
            else:
                for item in before:
                    _pair(ctx, staff, item, b, breaks if count_breaks else None)
    if count_breaks and breaks and rules.part_time_max_breaks is not None:
        model.add(sum(breaks) <= rules.part_time_max_breaks)


def _one_at_a_time(before: list[_Before]) -> bool:
    """Whether at most one of the shifts before can be worked (they pairwise overlap: intervals meet
    pairwise iff the latest start is before the earliest end) and none can stand between another and the
    arrival: then whichever is worked is the one the employee arrives from."""
    if any(item.between for item in before):
        return False
    return max(i.a.start for i in before) < min(i.a.end for i in before)


def _pair(ctx: Context, staff: Staff, item: _Before, b: Occ, breaks: list[Any] | None) -> None:
    """A literal for "a then b directly": forced true when both are worked and nothing between."""
    model, xs = ctx.model, ctx.x[staff.index]
    lit = model.new_bool_var("")
    model.add(lit >= xs[item.a.index] + xs[b.index] - 1 - sum(item.between))
    ctx.pairs[staff.index].append(
        Pair(item.a.index, b.index, lit, item.worked_travel, item.km_tenths, item.free)
    )
    ctx.travels[staff.index].append(Travel(b.day, (lit, item.worked_travel), (lit, item.km_tenths)))
    if breaks is not None and item.free > 0:
        breaks.append(lit)


def _arrival(ctx: Context, staff: Staff, b: Occ, before: list[_Before], breaks: list[Any] | None) -> None:
    """Travel into `b` from whichever single shift before it is worked, as two integers (minutes, km)
    equal to the sum over the shifts before of their travel × worked, when `b` is worked (0 otherwise):
    exact, and one variable per arrival instead of one per pair (a month of 200 employees has ~800,000
    such pairs)."""
    model, xs = ctx.model, ctx.x[staff.index]
    lb = xs[b.index]
    minutes = _amount(model, lb, [(xs[i.a.index], i.worked_travel) for i in before])
    km = _amount(model, lb, [(xs[i.a.index], i.km_tenths) for i in before])
    if minutes is not None:
        longest = max(i.worked_travel for i in before)
        ctx.extras.setdefault("travel_in", {}).setdefault(staff.index, []).append(
            (minutes, b.day, b.start - longest, b.start)
        )
    if minutes is not None or km is not None:
        ctx.travels[staff.index].append(
            Travel(
                b.day, (minutes, 1) if minutes is not None else (0, 0), (km, 1) if km is not None else (0, 0)
            )
        )
    if breaks is not None:
        gaps = [xs[i.a.index] for i in before if i.free > 0]
        if gaps:
            brk = model.new_bool_var("")
            model.add(brk >= sum(gaps) + lb - 1)
            model.add_implication(brk, lb)
            model.add(brk <= sum(gaps))
            breaks.append(brk)


def _amount(model: cp_model.CpModel, arrive: Any, sources: list[tuple[Any, int]]) -> Any:
    """An integer equal to sum(coef × source) when `arrive` is true and 0 otherwise (at most one source
    is true); None when every coefficient is 0."""
    sources = [(lit, c) for lit, c in sources if c]
    if not sources:
        return None
    top = max(c for _, c in sources)
    value = model.new_int_var(0, top, "")
    total = cp_model.LinearExpr.weighted_sum([lit for lit, _ in sources], [c for _, c in sources])
    model.add(value >= total - top * (1 - arrive))
    model.add(value <= total)
    model.add(value <= top * arrive)
    return value
