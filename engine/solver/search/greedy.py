"""A constructive first plan, passed to CP-SAT as a complete hint.

CP-SAT on a month of a large group spends its first seconds in presolve and then needs a good incumbent
to prune with. The greedy fills occurrences by decreasing unfilled price per minute, giving each head to
the qualified employee whom it costs least by the objective's own prices (idle time saved in the week,
travel to and from the same day's neighbouring shifts, continuity of the need, preferred employees), and
accepts an assignment only if the employee's plan so far leaves room for it under every hard rule
(`reasons.blocking`, which asks each rule module). The hint is only a hint: CP-SAT repairs anything it
breaks, so a rule read differently here costs speed, never legality.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet

from engine.solver.model.context import Context
from engine.solver.model.instance import Occ
from engine.solver.objective.continuity import hint_regulars
from engine.solver.readback.reasons import blocking


def greedy(
    ctx: Context,
    guide: Mapping[tuple[int, int], float] | None = None,
    pinned: AbstractSet[tuple[int, int]] = frozenset(),
) -> dict[int, list[Occ]]:
    """The plan, by staff index. `guide` (engine.solver.search.guided): values in [0, 1] by (staff index,
    occurrence index); each head is offered to the employees of the highest value first (to two decimals),
    the greedy's prices deciding between equals. `pinned` (staff index, occurrence index), checked
    already (engine.solver.model.pins): placed first, so that every other shift is placed around them."""
    inst = ctx.inst
    guide = guide or {}
    plan: dict[int, list[Occ]] = defaultdict(list)
    weeks = inst.horizon.weeks
    week_of = {d: w for w, days in enumerate(weeks) for d in days}
    # contract minutes still unplaced per employee and week: placing them saves idle time
    room = [[inst.expected_minutes(s, days) for days in weeks] for s in inst.staff]
    served: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_day: dict[tuple[int, int], list[Occ]] = defaultdict(list)  # (employee, day) → shifts placed
    heads: dict[int, int] = defaultdict(int)  # occurrence index → heads placed (the pins' first)

    def place(s: int, occ: Occ) -> None:
        mine = plan[s]
        mine.append(occ)
        mine.sort(key=lambda o: o.start)
        by_day[(s, occ.day)].append(occ)
        room[s][week_of[occ.day]] -= occ.length
        served[occ.source.need][s] += 1
        heads[occ.index] += 1

    for s, i in sorted(pinned, key=lambda p: (inst.occs[p[1]].start, p)):
        place(s, inst.occs[i])
    prices = _Prices(ctx)
    order = sorted(
        (o for o in inst.occs if ctx.by_occ[o.index] and not o.source.optional),
        key=lambda o: (-o.unfilled_units / max(1, o.length), o.start),
    )
    for occ in order:
        week = week_of[occ.day]

        def cost(s: int, occ: Occ = occ, week: int = week) -> tuple[float, int]:
            """What giving the occurrence to this employee adds to the plan's cost (euros, roughly)."""
            staff = inst.staff[s]
            saved = min(occ.length, max(0, room[s][week])) * prices.idle_per_minute[s]
            regular = served[occ.source.need]
            continuity = (
                0.0 if regular.get(s) or (not regular and not prices.recurring(occ)) else prices.change
            )
            preferred = prices.preferred if occ.preferred and staff.id not in occ.preferred else 0.0
            return (prices.travel(s, occ, by_day[(s, occ.day)]) + continuity + preferred - saved, s)

        filled = heads[occ.index]

        def rank(s: int, occ: Occ = occ) -> tuple[float, float, int]:
            return (-round(guide.get((s, occ.index), 0.0), 2), *cost(s))

        for s in sorted((s for s, _ in ctx.by_occ[occ.index]), key=rank):
            if filled >= occ.headcount:
                break
            if (s, occ.index) in pinned:
                continue  # placed already
            if blocking(inst, inst.staff[s], occ, plan[s]) is not None:
                continue
            place(s, occ)
            filled += 1
    return plan


class _Prices:
    """The objective's prices the greedy weighs its choices with (euros as floats: only for ranking)."""

    def __init__(self, ctx: Context) -> None:
        inst = ctx.inst
        weights = inst.scenario.objective
        self.inst = inst
        self.idle_per_minute = [float(s.loaded_hourly * weights.idle_hour_factor) / 60 for s in inst.staff]
        self.time_per_minute = [float(s.loaded_hourly * weights.travel_time_factor) / 60 for s in inst.staff]
        self.per_km = float(weights.mileage_per_km)
        self.change = float(weights.continuity_change)
        self.preferred = float(weights.preferred_employee_bonus)
        counts: dict[str, int] = defaultdict(int)
        for o in inst.occs:
            counts[o.source.need] += 1
        self._counts = counts

    def recurring(self, occ: Occ) -> bool:
        return self._counts[occ.source.need] > 1

    def travel(self, s: int, occ: Occ, same_day: list[Occ]) -> float:
        """Travel to and from the employee's shifts of the same day (`same_day`) just before and after
        this one."""
        if not same_day:
            return 0.0  # most candidates: nothing else that day (200 x 60: 190,000 rankings)
        inst = self.inst
        before = max((o for o in same_day if o.end <= occ.start), key=lambda o: o.end, default=None)
        after = min((o for o in same_day if o.start >= occ.end), key=lambda o: o.start, default=None)
        total = 0.0
        for a, b in ((before, occ), (occ, after)):
            if a is not None and b is not None and a.site != b.site:
                total += float(inst.travel.km(a.site, b.site)) * self.per_km
                total += inst.travel_minutes(a.site, b.site) * self.time_per_minute[s]
        return total


def greedy_hint(
    ctx: Context,
    guide: Mapping[tuple[int, int], float] | None = None,
    pinned: AbstractSet[tuple[int, int]] = frozenset(),
) -> None:
    """Hint every decision literal with the greedy plan (1 where it assigns, 0 elsewhere; the pins first)."""
    plan = greedy(ctx, guide, pinned)
    chosen = {(s, o.index) for s, occs in plan.items() for o in occs}
    hint_assignments(ctx, lambda s, i: (s, i) in chosen)


def hint_assignments(ctx: Context, worked: Callable[[int, int], bool]) -> None:
    """Hint every assignment literal by `worked(staff index, occurrence index)`, and continuity's regulars
    at their best for those assignments (a checked hint or a priced plan is then exact at once)."""
    for s, i, lit in ctx.all_assigned():
        ctx.model.add_hint(lit, worked(s, i))
    hint_regulars(ctx, worked)
