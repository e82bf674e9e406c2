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
  Chains of three pieces or more get their own rows (`_break_chains`), travel into them included.
- Minors' break (L3162-3): no uninterrupted work beyond 4 h 30, and 30 consecutive minutes of break in
  a day of more than 4 h 30. Read like the adult break with its own figures (`Staff.break_rules`): pieces
  separated by less than 30 free minutes form a span, which may not exceed 4 h 30 unless it is one shift
  of more than 4 h 30, whose window holds the break. A minor keeps the adult rule as well.
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

import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Any

from ortools.sat.python.cp_model import IntVar

from engine.solver.bound.linear import INFINITY, EmployeeRows
from engine.solver.model.context import Context, Pair, Travel, TravelIn
from engine.solver.model.encoding import INT_MAX, INT_MIN, RowTemplate, forbid_close_pairs
from engine.solver.model.instance import Instance, Occ, Staff

ARTICLES = ("L3121-16", "L3162-3", "L3131-1", "Cass. crim. 2 Sept 2014 n°13-80.665")

LIMITS = {
    "overlap": ("déjà affecté à ce moment, trajet compris", ()),
    "amplitude": ("amplitude de la journée (repos quotidien dans les 24 h)", ("L3131-1",)),
    "break": ("pause de 20 min dès 6 h de travail", ("L3121-16",)),
    "minor_break": ("mineur : pause de 30 min au-delà de 4 h 30 de travail", ("L3162-3",)),
    "part_time_day": ("temps partiel : une interruption par jour, de 2 h au plus", ()),
}

# its LP rows are the day paths (engine.solver.bound.programme: arcs of `day_arcs`, at most `interruptions`
# a day) and the cliques outside them (`linear_cliques`)
linear = None

# What one day of one employee adds to the model depends only on the day's shifts and on a few rules (the
# signature below), so it is worked out once per (signature, shifts) as a list of steps on positions in the
# day, and replayed with each employee's literals: employees of the same skills and reach share a plan.
_CONFLICT, _FORBID, _ARRIVAL, _PAIR = range(4)


def build(ctx: Context) -> None:
    plans: dict[Any, _Plan] = {}
    uses: dict[Any, int] = {}  # a plan is dropped after its last employee
    signatures = [_signature(staff) for staff in ctx.inst.staff]
    for staff, signature in zip(ctx.inst.staff, signatures, strict=True):
        if signature is not None and staff.eligible and not staff.rules.one_shift_per_day:
            for occs in ctx.by_day[staff.index].values():
                if len(occs) >= 2:
                    key = (signature, tuple(occs))
                    uses[key] = uses.get(key, 0) + 1
    for staff, signature in zip(ctx.inst.staff, signatures, strict=True):
        if not staff.eligible:
            continue
        if staff.rules.one_shift_per_day:
            _across_midnight(ctx, staff)
        else:
            _cliques(ctx, staff)
            for day in ctx.by_day[staff.index]:
                _same_day(ctx, staff, day, signature, plans, uses)


def _across_midnight(ctx: Context, staff: Staff) -> None:
    """With one shift a day, only a shift running past midnight can overlap the next day's."""
    occs, xs = ctx.inst.occs, ctx.literals(staff)
    for day in ctx.by_day[staff.index]:
        late = [(xs[i], -occs[i].end) for i in ctx.day_occs(staff, day)]
        early = [(xs[i], occs[i].start) for i in ctx.day_occs(staff, day + 1)]
        forbid_close_pairs(ctx.model, late, early, 0)


def _cliques(ctx: Context, staff: Staff) -> None:
    occs, xs = ctx.inst.occs, ctx.literals(staff)
    add_at_most_one = ctx.model.add_at_most_one
    active: list[int] = []
    ends: list[int] = []
    for i in staff.eligible:  # sorted by start
        occ = occs[i]
        start = occ.start
        alive = [k for k, end in enumerate(ends) if end > start]
        if len(alive) < len(active) and len(active) >= 2:
            add_at_most_one([xs[a] for a in active])
        active = [*(active[k] for k in alive), i]
        ends = [*(ends[k] for k in alive), occ.end]
    if len(active) >= 2:
        add_at_most_one([xs[a] for a in active])


def _signature(staff: Staff) -> tuple[Any, ...] | None:
    """Everything of the employee that `_plan` reads besides the shifts (None: the employee's own plan,
    since the trips from home that count as work differ per employee)."""
    if staff.employee.contract.home_travel_is_work:
        return None
    rules = staff.rules
    return (
        rules.travel_between_sites_is_work,
        staff.part_time and rules.part_time_max_breaks is not None,
        rules.part_time_max_break_minutes if staff.part_time else None,
        staff.break_rules,
        staff.daily_rest,
        rules.part_time_max_breaks,
    )


def _same_day(
    ctx: Context, staff: Staff, day: int, signature: Any, plans: dict[Any, _Plan], uses: dict[Any, int]
) -> None:
    day_occs = ctx.day_occs(staff, day)
    if len(day_occs) < 2:
        return
    if signature is None:
        plan = _compile(staff, _plan(ctx, staff, day_occs))
    else:
        key = (signature, tuple(day_occs))
        found = plans.get(key)
        if found is None:
            found = plans[key] = _compile(staff, _plan(ctx, staff, day_occs))
        plan = found
        uses[key] -= 1
        if not uses[key]:
            del plans[key]
    _replay(ctx, staff, day, day_occs, plan)


def _plan(ctx: Context, staff: Staff, day_occs: list[int]) -> list[tuple[Any, ...]]:
    """The steps of a day with these shifts (by start), on positions in `day_occs`.

    For each shift `b` (by start) and each shift `a` ending before it starts (by start):
    - `a` and `b` exclude each other when the travel between them does not fit or the working day would
      leave no daily rest in 24 h (L3131-1);
    - they may not be worked together with nothing worked between them when the free time between them
      would be an interruption longer than a part-timer's maximum, or when they would form a span of 6 h
      of work without a 20-minute break (L3121-16 as the checker reads it: pieces chained by free gaps
      under 20 min form a span; a span of 6 h must be one shift of 6 h or more) — for a minor also a
      span of more than 4 h 30 without 30 minutes (L3162-3), read the same way (`Staff.break_rules`);
    - otherwise, when going from `a` to `b` means travel or a part-timer's interruption, `a` is one of
      the shifts `b` may follow: travel into `b` is then one integer per arrival when at most one of them
      can be worked (`_arrival`), else one literal per (a, b) (`_pair`).
    """
    inst = ctx.inst
    rules = staff.rules
    occs = [inst.occs[i] for i in day_occs]
    k = len(occs)
    starts = [o.start for o in occs]
    ends = [o.end for o in occs]
    lengths = [o.end - o.start for o in occs]
    site_of = inst.occ_site
    sites = [site_of[i] for i in day_occs]
    table_minutes, table_tenths = inst.travel_table
    work_start = [inst.work_start(staff, o) for o in occs]
    work_end = [inst.work_end(staff, o) for o in occs]
    travel_is_work = rules.travel_between_sites_is_work
    count_breaks = staff.part_time and rules.part_time_max_breaks is not None
    max_break = rules.part_time_max_break_minutes if staff.part_time else None
    break_rules = staff.break_rules
    rest = staff.daily_rest
    amplitude = 1440 - rest if rest else None  # L3131-1: every 24 h hold the daily rest
    # earliest end of a shift starting at or after each end: some shift fits between a and b iff it is
    # at most b's start (shifts are sorted by start: a suffix, whose minimum end is kept)
    suffix_min: list[int | None] = [None] * (k + 1)
    for p in range(k - 1, -1, -1):
        nxt = suffix_min[p + 1]
        suffix_min[p] = ends[p] if nxt is None or ends[p] < nxt else nxt
    first_end_after = [suffix_min[bisect_left(starts, ends[p])] for p in range(k)]

    def between(pa: int, pb: int) -> list[int]:
        """Positions of the shifts that fit between a and b (inside the gap)."""
        lo, hi = ends[pa], starts[pb]
        return [c for c in range(bisect_left(starts, lo), k) if ends[c] <= hi and starts[c] >= lo]

    steps: list[tuple[Any, ...]] = []
    # (a, b) → (worked travel, free minutes) for the pairs that may follow each other directly: what
    # `_break_chains` walks
    follows: dict[tuple[int, int], tuple[int, int]] = {}
    for pb in range(k):
        b_start, b_length, b_site, b_end_work = starts[pb], lengths[pb], sites[pb], work_end[pb]
        before: list[tuple[int, int, int, int, bool]] = []
        for pa in range(bisect_right(starts, b_start)):
            a_end = ends[pa]
            if a_end > b_start or pa == pb:
                continue
            a_site = sites[pa]
            travel = table_minutes[a_site][b_site]  # 0 on the same site
            if b_start - a_end - travel < 0 or (
                amplitude is not None and b_end_work - work_start[pa] > amplitude
            ):
                # cannot get there in time, or the working day would leave no 11 h rest in 24 h
                steps.append((_CONFLICT, pa, pb))
                continue
            soonest = first_end_after[pa]
            has_between = soonest is not None and soonest <= b_start
            worked_travel = travel if travel_is_work else 0
            free = b_start - a_end - worked_travel  # not worked: a break (travel not counted is free)
            forbidden = max_break is not None and free > max_break
            for threshold, break_minutes, _ in break_rules:
                if free < break_minutes:
                    forbidden |= lengths[pa] + worked_travel + b_length >= threshold
                else:
                    forbidden |= b_length < threshold <= worked_travel + b_length
            if forbidden:
                others = between(pa, pb) if has_between else []
                steps.append((_FORBID, sorted([pa, pb, *others]), {pa: 1, pb: 1} | dict.fromkeys(others, -1)))
                continue
            follows[(pa, pb)] = (worked_travel, free)
            if travel > 0 or (count_breaks and free > 0):
                before.append((pa, worked_travel, table_tenths[a_site][b_site], free, has_between))
        if not before:
            continue
        one_at_a_time = not any(item[4] for item in before) and max(starts[i[0]] for i in before) < min(
            ends[i[0]] for i in before
        )
        if one_at_a_time:
            # whichever single shift before is worked is the one the employee arrives from
            minutes = [(pa, t) for pa, t, _, _, _ in before if t]
            km = [(pa, t) for pa, _, t, _, _ in before if t]
            longest = max(t for _, t, _, _, _ in before)
            gaps = [pa for pa, _, _, free, _ in before if free > 0] if count_breaks else []
            steps.append((_ARRIVAL, pb, minutes, km, longest, gaps))
        else:
            for pa, worked_travel, km_tenths, free, has_between in before:
                others = between(pa, pb) if has_between else []
                steps.append((_PAIR, pa, pb, others, worked_travel, km_tenths, free))
    for threshold, break_minutes, _ in break_rules:
        steps.extend(_break_chains(follows, lengths, threshold, break_minutes, between))
    return steps


def _break_chains(
    follows: dict[tuple[int, int], tuple[int, int]],
    lengths: list[int],
    threshold: int,
    break_minutes: int,
    between: Any,
) -> list[tuple[Any, ...]]:
    """Rows for spans of three pieces or more, which the pairs above do not see (L3121-16 as the checker
    reads it, docs/checker.md "Breaks": shifts whose free gaps are under `break_minutes` form one span
    with the travel between them, and the travel into its first shift after a break belongs to it; a span
    reaching `threshold` holds a break only when it is a single shift).

    - A chain of shifts linked by free gaps under the break whose work reaches the threshold: not all of
      them (working something between only lengthens the span);
    - a chain of two shifts or more under the threshold that the travel arriving from an earlier shift
      (after a break) would take to it: not that shift and the chain together, unless something is worked
      between them (the travel then comes from there)."""
    links: dict[int, list[tuple[int, int]]] = {}
    arrivals: dict[int, list[tuple[int, int]]] = {}
    for (pa, pb), (travel, free) in follows.items():
        if free < break_minutes:
            links.setdefault(pa, []).append((pb, travel))
        elif travel > 0:
            arrivals.setdefault(pb, []).append((pa, travel))
    steps: list[tuple[Any, ...]] = []

    def walk(chain: list[int], work: int) -> None:
        if work >= threshold:
            if len(chain) >= 3:  # two: the pair's own row
                steps.append((_FORBID, sorted(chain), dict.fromkeys(chain, 1), len(chain) - 1))
            return
        if len(chain) >= 2:
            for pa, travel in arrivals.get(chain[0], ()):
                if travel + work >= threshold:
                    others = between(pa, chain[0])
                    coefs = dict.fromkeys([pa, *chain], 1) | dict.fromkeys(others, -1)
                    steps.append((_FORBID, sorted(coefs), coefs, len(chain)))
        for nxt, travel in links.get(chain[-1], ()):
            walk([*chain, nxt], work + travel + lengths[nxt])

    for first in range(len(lengths)):
        walk([first], lengths[first])
    return steps


_Plan = tuple[RowTemplate, list[tuple[Any, ...]]]
_Ref = tuple[str, int]


def _compile(staff: Staff, steps: list[tuple[Any, ...]]) -> _Plan:
    """The day's variables and rows as a template on the day's literals (positions), and what the day
    makes that other rules read (arrival amounts and pair literals, by created-variable number)."""
    rules = staff.rules
    count_breaks = staff.part_time and rules.part_time_max_breaks is not None
    out = RowTemplate()
    breaks: list[_Ref] = []
    made: list[tuple[Any, ...]] = []
    for step in steps:
        kind = step[0]
        if kind == _CONFLICT:
            out.bool_or([(("x", step[1]), True), (("x", step[2]), True)])
        elif kind == _FORBID:
            positions, coefs = step[1], step[2]
            most = step[3] if len(step) > 3 else 1
            out.linear([(("x", p), coefs[p]) for p in positions], INT_MIN, most)
        elif kind == _ARRIVAL:
            _arrival(out, step, breaks if count_breaks else None, made)
        else:
            _pair(out, step, breaks if count_breaks else None, made)
    if count_breaks and breaks and rules.part_time_max_breaks is not None:
        out.linear([(b, 1) for b in breaks], INT_MIN, rules.part_time_max_breaks)
    return out, made


def _replay(ctx: Context, staff: Staff, day: int, day_occs: list[int], plan: _Plan) -> None:
    """Add a day's variables and rows with this employee's literals, and record what other rules read."""
    template, made = plan
    proto = ctx.model.proto
    xs = ctx.literals(staff)
    first_new = len(proto.variables)
    text = template.render([xs[i].index for i in day_occs], first_new)
    if text:
        proto.merge_text_format(text)
    occs = ctx.inst.occs
    for item in made:
        if item[0] == _PAIR:
            _, j, pa, pb, worked_travel, km_tenths, free = item
            lit = IntVar(proto, first_new + j)
            ctx.pairs[staff.index].append(
                Pair(day_occs[pa], day_occs[pb], lit, worked_travel, km_tenths, free)
            )
            ctx.travels[staff.index].append(Travel(day, (lit, worked_travel), (lit, km_tenths)))
        else:
            _, pb, minutes_at, km_at, longest = item
            minutes = None if minutes_at is None else IntVar(proto, first_new + minutes_at)
            km = None if km_at is None else IntVar(proto, first_new + km_at)
            if minutes is not None:
                start = occs[day_occs[pb]].start
                ctx.travel_in[staff.index].append(TravelIn(minutes, day, start - longest, start))
            ctx.travels[staff.index].append(
                Travel(
                    day,
                    (minutes, 1) if minutes is not None else (0, 0),
                    (km, 1) if km is not None else (0, 0),
                )
            )


def _pair(out: RowTemplate, step: tuple[Any, ...], breaks: list[_Ref] | None, made: list[Any]) -> None:
    """A literal for "a then b directly": forced true when both are worked and nothing between
    (`pair >= a + b - 1 - sum(between)`)."""
    _, pa, pb, others, worked_travel, km_tenths, free = step
    lit = out.var(0, 1)
    out.linear([(("x", pa), -1), (("x", pb), -1), *((("x", c), 1) for c in others), (lit, 1)], -1, INT_MAX)
    made.append((_PAIR, lit[1], pa, pb, worked_travel, km_tenths, free))
    if breaks is not None and free > 0:
        breaks.append(lit)


def _arrival(out: RowTemplate, step: tuple[Any, ...], breaks: list[_Ref] | None, made: list[Any]) -> None:
    """Travel into `b` from whichever single shift before it is worked, as two integers (minutes, km)
    equal to the sum over the shifts before of their travel × worked, when `b` is worked (0 otherwise):
    exact, and one variable per arrival instead of one per pair (a month of 200 employees has ~800,000
    such pairs). A part-timer's interruption before `b` is one literal the same way."""
    _, pb, minutes_from, km_from, longest, gaps = step
    arrive: _Ref = ("x", pb)
    minutes = _amount(out, arrive, [(("x", p), c) for p, c in minutes_from])
    km = _amount(out, arrive, [(("x", p), c) for p, c in km_from])
    if minutes is not None or km is not None:
        made.append(
            (_ARRIVAL, pb, None if minutes is None else minutes[1], None if km is None else km[1], longest)
        )
    if breaks is not None and gaps:
        # brk >= sum(gaps) + b - 1; brk => b; brk <= sum(gaps)
        brk = out.var(0, 1)
        sources = [(("x", p), -1) for p in gaps]
        out.linear([*sources, (arrive, -1), (brk, 1)], -1, INT_MAX)
        out.implication(brk, arrive)
        out.linear([*sources, (brk, 1)], INT_MIN, 0)
        breaks.append(brk)


def _amount(out: RowTemplate, arrive: _Ref, sources: list[tuple[_Ref, int]]) -> _Ref | None:
    """An integer equal to sum(coef × source) when `arrive` is true and 0 otherwise (at most one source
    is true); None when there is no source (every coefficient 0). Three rows: value >= total − top ×
    (1 − arrive), value <= total, value <= top × arrive."""
    if not sources:
        return None
    top = max(c for _, c in sources)
    value = out.var(0, top)
    negated = [(ref, -c) for ref, c in sources]
    out.linear([*negated, (arrive, -top), (value, 1)], -top, INT_MAX)
    out.linear([*negated, (value, 1)], INT_MIN, 0)
    out.linear([(arrive, -top), (value, 1)], INT_MIN, 0)
    return value


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """One place at a time with the travel between sites, then the shape of the shift's working day:
    amplitude, breaks (adult and minor), a part-timer's interruptions."""
    for o in mine:
        if -2 <= o.day - occ.day <= 2 and o.start < occ.end and occ.start < o.end:
            return "overlap"
    same_day = [o for o in mine if o.day == occ.day]
    if not same_day:
        return None
    day = sorted([*same_day, occ], key=lambda o: o.start)
    for a, b in itertools.pairwise(day):
        if b.start - a.end < inst.travel_minutes(a.site, b.site):
            return "overlap"
    return day_shape(inst, staff, day)


def day_shape(inst: Instance, staff: Staff, day: list[Occ]) -> str | None:
    """What is wrong with a working day's shifts (by start, no overlap), as `_plan` forbids it."""
    rules = staff.rules
    rest = staff.daily_rest
    span = max(inst.work_end(staff, o) for o in day) - min(inst.work_start(staff, o) for o in day)
    if rest and span > 1440 - rest:
        return "amplitude"
    travel_is_work = rules.travel_between_sites_is_work
    gaps = []  # (worked travel, free minutes) between consecutive shifts
    for a, b in itertools.pairwise(day):
        travel = inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
        worked_travel = travel if travel_is_work else 0
        gaps.append((worked_travel, b.start - a.end - worked_travel))
    for threshold, break_minutes, code in staff.break_rules:
        unbroken, pieces = day[0].length, 1  # the current span's work and shifts
        for (worked_travel, free), b in zip(gaps, day[1:], strict=True):
            if free < break_minutes:
                unbroken, pieces = unbroken + worked_travel + b.length, pieces + 1
            else:  # a break; the travel into b belongs to b's span
                unbroken, pieces = worked_travel + b.length, 1
            if unbroken >= threshold and (pieces > 1 or b.length < threshold):
                return code
    if staff.part_time and rules.part_time_max_breaks is not None:
        interruptions = [free for _, free in gaps if free > 0]
        longest = rules.part_time_max_break_minutes
        if len(interruptions) > rules.part_time_max_breaks or (
            longest is not None and any(free > longest for free in interruptions)
        ):
            return "part_time_day"
    return None


# --- the linear relaxation and the month programme (engine.solver.bound) ---------------------------------


def day_arcs(inst: Instance, staff: Staff, occs: list[Occ]) -> list[tuple[int, int, int, int, bool]]:
    """(a, b, travel minutes, km tenths, interruption) for shifts of one day that may be worked one right
    after the other: the pairs `_same_day` does not forbid (travel time, amplitude, breaks, a part-timer's
    longest interruption); `interruption`: free time between them, which a part-timer may have
    `interruptions` times a day. The day paths of the relaxation and of the month programme follow them."""
    rules = staff.rules
    rest = staff.daily_rest
    amplitude = 1440 - rest if rest else None
    max_break = rules.part_time_max_break_minutes if staff.part_time else None
    threshold = rules.break_threshold_minutes
    out = []
    for b in occs:
        for a in occs:
            if a is b or a.end > b.start:
                continue
            travel = inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
            if b.start - a.end - travel < 0:
                continue
            if amplitude is not None and inst.work_end(staff, b) - inst.work_start(staff, a) > amplitude:
                continue
            worked_travel = travel if rules.travel_between_sites_is_work else 0
            free = b.start - a.end - worked_travel
            if max_break is not None and free > max_break:
                continue
            if threshold is not None:
                if free < rules.break_minutes:
                    if a.length + worked_travel + b.length >= threshold:
                        continue
                elif b.length < threshold <= worked_travel + b.length:
                    continue
            km = int(inst.travel.km(a.site, b.site) * 10) if a.site != b.site and travel > 0 else 0
            out.append((a.index, b.index, travel, km, free > 0))
    return out


def interruptions(staff: Staff) -> int | None:
    """The interruptions a part-timer's working day may have (`part_time_max_breaks`); None: no limit."""
    return staff.rules.part_time_max_breaks if staff.part_time else None


def linear_cliques(rows: EmployeeRows, flow_days: set[int]) -> None:
    """At-most-one on each maximal clique of overlapping shifts (as `_cliques`), except those inside one
    day that has its path (`flow_days`: the path implies them); with one shift a day, one row a day."""
    staff, occs, ys, lp = rows.staff, rows.inst.occs, rows.y, rows.lp

    def emit(clique: list[int]) -> None:
        days = {occs[i].day for i in clique}
        if len(days) == 1 and next(iter(days)) in flow_days:
            return
        lp.row([ys[i] for i in clique], [1.0] * len(clique), -INFINITY, 1.0)

    if staff.rules.one_shift_per_day:
        by_day: dict[int, list[int]] = defaultdict(list)
        for i in staff.eligible:
            by_day[occs[i].day].append(i)
        for clique in by_day.values():
            if len(clique) >= 2:
                lp.row([ys[i] for i in clique], [1.0] * len(clique), -INFINITY, 1.0)
    active: list[int] = []
    for i in staff.eligible:  # sorted by start
        start = occs[i].start
        alive = [a for a in active if occs[a].end > start]
        if len(alive) < len(active) and len(active) >= 2:
            emit(active)
        active = [*alive, i]
    if len(active) >= 2:
        emit(active)
