"""Large months: a constructive plan at once, then improvement neighbourhood by neighbourhood.

Why: a 200-employee month has ~190,000 (employee, occurrence) candidate pairs and ~480,000 CP-SAT
variables. Building that model takes tens of seconds, CP-SAT needs about as long again to load it, and with
two workers its own neighbourhood search (which copies the whole model for each move) found nothing better
than the constructive plan in two minutes. So above `strategy.LARGE_PAIRS` candidate pairs the month is solved as
large-neighbourhood search over small models:

1. the greedy (`engine.solver.search.greedy.greedy`) builds a plan from the instance alone, without the model,
   the pins (and a re-plan's published plan) placed first; where it cannot be legal (general sequence
   rules), whole rosters a few employees at a time do instead (engine.solver.search.rosters);
2. a model restricted to the greedy's pairs (`build.build(allowed=...)`) checks it by the same rules, all
   fixed (instant), or else keeps the best legal subset of it (it may drop an assignment, never add one):
   the first legal plan;
2b. with a wall-time limit and time left for it, a second greedy plan steered by the month's relaxation
   with home distance priced (engine.solver.search.guided.steer; above `guided.STEER_MAX_PAIRS` pairs, the
   nearest to home only), checked the same way and kept when it costs less (200 × 60: 67,803 € against
   99,976 € for the plain greedy's; 500 × 150: 142,403 € against 211,496 €);
3. until the time limit, a neighbourhood is re-opened: the open heads offered to their candidates (a fill,
   after every improving move), or a few employees (those who could take a shift left unfilled, or those
   around a random employee) over one week. Each such model holds its movers alone, the others' plan as
   constants (engine.solver.search.neighbourhood), and a move is kept only when it lowers the month's cost,
   which the search keeps exactly term by term.

Every plan returned is a plan of the full model (a neighbourhood only removes options), so it passes the
same rules and the independent checker. Its bound is not CP-SAT's (each model is a neighbourhood): the
linear relaxation of the whole month, when available, is the bound reported.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal
from typing import Any, cast

from engine.errors import DomainError, SearchTimeout
from engine.model import Pin, Scenario
from engine.solver import strategy
from engine.solver.bound.month_relaxation import relaxation_seconds
from engine.solver.bound.relaxation import solve_relaxation
from engine.solver.model.build import Built, Kept, all_pins, build, hint_pairs
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ, narrowed
from engine.solver.model.pins import resolve_pins
from engine.solver.options import Progress, SolveOptions
from engine.solver.readback.extract import money
from engine.solver.rules.occurrences import unfillable_heads
from engine.solver.search import greedy, guided, rosters
from engine.solver.search.neighbourhood import Current, move
from engine.solver.search.run import Outcome, run

MOVERS = 5  # employees re-planned together in one neighbourhood (4-6 did best on 200 x 60, 14-20 worst)
FILL_MOVERS = 40  # employees taken in by one fill of open heads
WINDOW_DAYS = 7
MOVE_SECONDS = 0.7  # search time of one neighbourhood (its build and check come on top)
FIRST_PLAN_SECONDS = 3.0
FINISH_SECONDS = 1.0  # kept for reading the plan back (500 x 150 ended 0.2 s past its limit without it)
# a first plan of whole rosters (engine.solver.search.rosters): its share of what is left of the limit,
# and the least time one block gets
ROSTERS_SHARE = 0.3
ROSTER_MIN_SECONDS = 1.0
DETERMINISTIC_MOVES = 6  # neighbourhoods tried when the run must be reproducible (deterministic_time)

Pair = tuple[str, str]  # (employee id, occurrence key)
CENT = Decimal("0.01")
WHOLE_MONTH_MAX_PAIRS = 300_000  # above (500 x 150: ~1.1 M) one model of the month needs over 6 GB
# a steering relaxation: the least time worth giving it (500 x 150: PDLP gave nothing usable in 3 s, a
# plan of 164,462 € in 6 s, 142,403 € in 15 s) and what choosing and building its pairs takes on top
MIN_STEER_SECONDS = 6.0
STEER_OVERHEAD_SECONDS = 5.0
# the steering relaxation leaves room for a second plan this many times as long as the first, and the
# second plan is not started when less than the first one's time is left (500 x 150 on a loaded machine
# ended 8-15 s past its 60-s limit without them)
SECOND_PLAN_MARGIN = 1.2


def greedy_pairs(
    inst: Instance,
    options: SolveOptions,
    guide: guided.Guide | None = None,
    pins: Sequence[Pin] = (),
    kept: AbstractSet[Pair] = frozenset(),
) -> set[Pair]:
    """The greedy plan on the instance alone: no model is built (the greedy reads candidates only);
    `guide` as in `greedy.greedy`. The scenario's pins and `pins` are checked (DomainError naming a
    broken one) and placed first, with the `kept` pairs still eligible (a re-plan's published plan)."""
    ctx = Context(inst, options)
    for i, staff_indexes in enumerate(inst.eligible_staff):
        ctx.by_occ[i] = [(s, cast(Any, None)) for s in staff_indexes]  # no literals: not read
    pinned = {(staff.index, occ.index) for staff, occ in resolve_pins(inst, all_pins(inst.scenario, pins))}
    for employee, key in kept:
        staff, occ = inst.staff_by_id.get(employee), inst.occ_by_key.get(key)
        if staff is not None and occ is not None and occ.index in staff.eligible:
            pinned.add((staff.index, occ.index))
    plan = greedy.greedy(ctx, guide, pinned)
    return {(inst.staff[s].id, occ.source.key) for s, occs in plan.items() for occ in occs}


@dataclass
class _Search:
    scenario: Scenario
    inst: Instance
    first: dt.date
    last: dt.date
    label: str
    options: SolveOptions
    started: float
    kept: Kept = field(default_factory=Kept)  # pins besides the scenario's, a re-plan's published plan
    last_move: float = 0.0  # wall seconds of the last neighbourhood, build and check included

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float:
        limit = self.options.time_limit
        return float("inf") if limit is None else limit - self.elapsed()

    def more(self, tried: int) -> bool:
        """Whether to try another neighbourhood: while time is left, or a fixed count in deterministic
        runs (tests), where wall time must not decide anything."""
        if self.options.deterministic_time is not None or self.options.time_limit is None:
            return tried < DETERMINISTIC_MOVES  # no wall-time limit either: a fixed count, never endless
        # a move also builds and checks its model: start one only if the last one's length is left, and
        # the time to read the final plan back (its unfilled heads' reasons)
        return self.left() > max(MOVE_SECONDS, self.last_move) + FINISH_SECONDS

    def sub_options(self, seconds: float) -> SolveOptions:
        """A neighbourhood's search: a share of a deterministic run, else `seconds`; no month bound."""
        deterministic = self.options.deterministic_time
        return replace(
            self.options,
            time_limit=None if deterministic is not None or math.isinf(seconds) else max(0.5, seconds),
            deterministic_time=None if deterministic is None else deterministic / (DETERMINISTIC_MOVES + 1),
            hint=None,  # each caller hints its own plan
            greedy_hint=False,
            relaxation_bound=False,
            lns_only=False,  # a neighbourhood is small: the full portfolio may close it
            progress=None,
            log=None,
        )

    def solve(self, allowed: set[Pair], fixed: set[Pair], start: set[Pair], seconds: float) -> Outcome:
        """A model of the whole month restricted to `allowed`, hinted with the `start` pairs (the first
        plan: the greedy's, not computed a second time on the model)."""
        sub = self.sub_options(seconds)
        inst = narrowed(self.inst, allowed)
        built = self.build(sub, fixed=fixed, instance=inst)
        hint_pairs(built.ctx, start)
        built.hinted = True
        # the month's unfilled needs and their reasons are read from the final plan (Current.plan)
        return run(built, sub, month=self.label, scenario_name=self.scenario.name, reasons=False)

    def build(self, options: SolveOptions, *, fixed: AbstractSet[Pair], instance: Instance) -> Built:
        """A model of the month (`instance`, whole or narrowed) with what every model keeps."""
        kept = self.kept
        return build(
            self.scenario,
            self.first,
            self.last,
            options,
            pins=list(kept.pins),
            published=kept.published,
            today=kept.today,
            fixed=fixed,
            instance=instance,
        )

    def move(
        self, current: Current, movers: set[int], allowed: set[Pair], fixed: set[Pair]
    ) -> Current | None:
        """A neighbourhood of the movers alone (engine.solver.search.neighbourhood), within the move's time."""
        if not movers:
            return None
        sub = self.sub_options(min(MOVE_SECONDS, self.left() - 1.0))
        return move(
            self.scenario, self.first, self.last, self.label, sub, current, movers, allowed, fixed, self.kept
        )

    def report(self, outcome: Outcome) -> None:
        facts = outcome.plan.solver
        if self.options.progress is not None and facts is not None and facts.objective is not None:
            self.options.progress(Progress(self.elapsed(), float(facts.objective), None, 0))

    def report_cost(self, current: Current) -> None:
        if self.options.progress is not None:
            self.options.progress(Progress(self.elapsed(), float(money(self.inst, current.cost())), None, 0))


def solve_large(
    scenario: Scenario,
    inst: Instance,
    first: dt.date,
    last: dt.date,
    label: str,
    options: SolveOptions,
    *,
    started: float | None = None,
    kept: Kept = Kept(),
) -> Outcome:
    """Greedy plan, its legal subset, then neighbourhood moves until the time limit (see module doc);
    `started` (perf_counter) is when the solve began, the instance's construction included; `kept`:
    pins besides the scenario's, and in a re-plan the published plan (placed first, its changes priced)
    and the first day that may change."""
    search = _Search(scenario, inst, first, last, label, options, started or time.perf_counter(), kept)
    began = time.perf_counter()
    first_plan = _first_plan(search, _start(search))
    search.report(first_plan)
    current = _guided_plan(search, Current.of(first_plan, inst), time.perf_counter() - began)
    rng = random.Random(options.seed)
    moves = tried = 0
    open_heads = strategy.fill_between_moves(options)  # a new plan may leave heads its candidates can take
    while inst.staff and search.more(tried):
        tried += 1
        began = time.perf_counter()
        if open_heads:
            open_heads = False
            movers, allowed, fixed = _fill_neighbourhood(current, rng)
        else:
            movers, allowed, fixed = _neighbourhood(current, rng)
        try:
            better = search.move(current, movers, allowed, fixed)
        except DomainError:
            better = None  # no plan in time for this neighbourhood: try another
        finally:
            search.last_move = time.perf_counter() - began
        if better is not None:
            current = better
            moves += 1
            open_heads = strategy.fill_between_moves(options)
            search.report_cost(current)
    return _finish(current, first_plan, search, moves, tried)


def _start(search: _Search) -> set[Pair]:
    """The pairs of the first plan: the greedy's, or whole rosters a few employees at a time where the
    greedy cannot be legal (general sequence rules: engine.solver.search.rosters), each block given an
    equal part of `ROSTERS_SHARE` of the limit."""
    inst, options = search.inst, search.options
    if not strategy.first_plan_by_rosters(inst):
        return greedy_pairs(inst, options, pins=search.kept.pins, kept=_published_pairs(search))
    count = max(1, len(rosters.blocks(inst)))
    sub = search.sub_options(max(ROSTER_MIN_SECONDS, ROSTERS_SHARE * search.left() / count))
    try:
        return rosters.first_rosters(
            search.scenario, inst, search.first, search.last, search.label, sub, search.kept
        )
    except DomainError:
        # a block without a legal plan (or none found in its time): the greedy's plan, whose best legal
        # subset (or, last, the whole month's model where it fits) `_first_plan` then looks for
        return greedy_pairs(inst, options, pins=search.kept.pins, kept=_published_pairs(search))


def _guided_plan(search: _Search, current: Current, first_seconds: float) -> Current:
    """A second plan, from the greedy steered by the month's relaxation with home distance priced
    (engine.solver.search.guided.steer), kept when it costs less than the first; skipped without a wall-time
    limit (unless asked for), when not wanted, or when what is left of the limit would not hold a
    relaxation of `MIN_STEER_SECONDS` and a second plan `SECOND_PLAN_MARGIN` times as long to make as the
    first (`first_seconds`, greedy and check). The relaxation gets its usual share of the limit, or what is
    left of it; after it, the second plan starts only if the first one's time is still left."""
    options, inst = search.options, search.inst
    if not strategy.guided(options) or strategy.first_plan_by_rosters(inst) or search.kept.published:
        return current  # not wanted, no greedy plan to steer, or a re-plan (the published plan is the start)
    seconds = relaxation_seconds(options)
    if seconds is not None:
        room = search.left() - SECOND_PLAN_MARGIN * first_seconds - STEER_OVERHEAD_SECONDS - FINISH_SECONDS
        seconds = min(seconds, room)
        if seconds < MIN_STEER_SECONDS:
            return current  # no time to use a second plan
    guide = guided.steer(inst, seconds)
    if guide is None:
        return current
    if seconds is not None and search.left() < first_seconds + FINISH_SECONDS:
        return current  # the relaxation took longer than planned (a loaded machine): no time for the plan
    try:
        outcome = _first_plan(search, greedy_pairs(inst, options, guide, search.kept.pins), last_resort=False)
    except DomainError:
        return current
    other = Current.of(outcome, inst)
    if other.cost() >= current.cost():
        return current
    search.report_cost(other)
    return other


def _first_plan(search: _Search, start: set[Pair], *, last_resort: bool = True) -> Outcome:
    """The greedy plan checked by the model with every assignment fixed (instant when it is legal); if
    the greedy broke a rule it does not know, the best legal subset of it (it may drop assignments).
    Loan days (shifts reserved for a seconded employee, which the greedy leaves to the model) stay free in
    both, so that the agreed days a week are placed around the greedy's plan. A check that ran out of time
    (a loaded machine) is given half of what is left once more before the subset is searched; the whole
    month's model comes last (`last_resort`), and only where it fits in memory (`WHOLE_MONTH_MAX_PAIRS`)."""
    loans = _loan_pairs(search.inst)
    try:
        return search.solve(start | loans, start, start, max(FIRST_PLAN_SECONDS, 0.1 * search.left()))
    except SearchTimeout:
        try:
            return search.solve(start | loans, start, start, max(FIRST_PLAN_SECONDS, 0.5 * search.left()))
        except DomainError:
            pass
    except DomainError:
        pass
    try:
        return search.solve(start | loans, set(), start, max(FIRST_PLAN_SECONDS, 0.5 * search.left()))
    except DomainError:
        if not last_resort:
            raise
        if search.inst.candidate_pairs() > WHOLE_MONTH_MAX_PAIRS:
            raise SearchTimeout(
                "no first plan found in time for this large month: allow more time (--time-limit)"
            ) from None
    # not even a subset in time: the whole month's model, as for small months
    options = replace(search.options, neighbourhood_search=False, guided=False)  # no time for relaxations
    built = search.build(options, fixed=frozenset(), instance=search.inst)
    return run(built, options, month=search.label, scenario_name=search.scenario.name, reasons=False)


def _published_pairs(search: _Search) -> set[Pair]:
    """A re-plan's published assignments from `today` on (those before are pinned when still possible)."""
    published, today = search.kept.published, search.kept.today
    if published is None:
        return set()
    return {(a.employee, a.occurrence_id) for a in published.assignments if today is None or a.date >= today}


def _loan_pairs(inst: Instance) -> set[Pair]:
    return {
        (inst.staff[s].id, occ.source.key)
        for occ in inst.occs
        if occ.source.reserved_for is not None
        for s in inst.eligible_staff[occ.index]
    }


def _month_bound(search: _Search, objective: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The month's relaxation (engine.solver.bound.relaxation, without day paths: on 200 x 60 they cost more
    time than they add) within `month_relaxation.RELAXATION_SHARE` of the limit, and the gap with the heads nobody can
    fill left out of both (the part the data alone fixes)."""
    options, inst = search.options, search.inst
    if not strategy.large_month_bound(inst, options):
        return None, None  # off, or building the LP alone would outlast the limit (500 x 150: a minute)
    seconds = relaxation_seconds(options)
    # without whole employee months: their day paths (1 M on 200 x 60) do not fit in what the LP leaves
    result = solve_relaxation(inst, seconds, arc_budget=0, months=False)
    if result.bound is None or result.bound <= 0:
        return None, None  # every cost is ≥ 0: a bound below 0 (duals of an unfinished LP) says nothing
    bound = min(Decimal(str(result.bound)).quantize(CENT, rounding=ROUND_FLOOR), objective)
    fixed = Decimal(sum(_unfillable_units(inst, occ) for occ in inst.occs)) / inst.units
    variable = objective - fixed
    gap = Decimal(0) if variable <= 0 else max(Decimal(0), (objective - bound) / variable)
    return bound, gap.quantize(Decimal("0.000001"))


def _unfillable_units(inst: Instance, occ: Occ) -> int:
    """The cost of an occurrence's heads beyond its candidates, in units (as `objective.cover` prices them)."""
    return 0 if occ.source.optional else unfillable_heads(inst, occ) * occ.unfilled_units


def _neighbourhood(current: Current, rng: random.Random) -> tuple[set[int], set[Pair], set[Pair]]:
    """A week and a few employees to re-plan together (movers, their allowed pairs, those kept fixed);
    everyone else is held.

    Half the moves start from a shift left unfilled (its candidates are the movers: one of them may take
    it by handing over or dropping something else), half from a random employee and the colleagues who
    share candidate shifts with them that week (they can swap)."""
    inst = current.base
    n_days = inst.horizon.n_days
    opened = current.open_occs()
    pool: list[int] = []
    if opened and rng.random() < 0.5:
        occ = rng.choice(opened)
        day = occ.day
        pool = list(inst.eligible_staff[occ.index])
    else:
        day = rng.randrange(n_days)
    lo = max(0, min(day - WINDOW_DAYS // 2, n_days - WINDOW_DAYS))
    window = range(lo, min(n_days, lo + WINDOW_DAYS))
    if not pool:
        seed = rng.randrange(len(inst.staff))
        near: dict[int, int] = defaultdict(int)  # colleagues by candidate shifts shared that week
        for i in inst.staff[seed].eligible:
            if inst.occs[i].day in window:
                for s in inst.eligible_staff[i]:
                    near[s] += 1
        pool = sorted(near, key=lambda s: -near[s])[: MOVERS * 2] or [seed]
    movers = set(rng.sample(pool, min(MOVERS, len(pool))))
    mover_ids = {inst.staff[s].id for s in movers}
    now = current.pairs(mover_ids)
    allowed = set(now)
    for s in movers:
        staff = inst.staff[s]
        for i in staff.eligible:
            if inst.occs[i].day in window:
                allowed.add((staff.id, inst.occs[i].source.key))
    fixed = {(e, k) for e, k in now if inst.occ_by_key[k].day not in window}
    return movers, allowed, fixed


def _fill_neighbourhood(current: Current, rng: random.Random) -> tuple[set[int], set[Pair], set[Pair]]:
    """Open heads offered to all their candidates, every assignment kept (as engine.solver.search.fill does for
    a whole month): the heads in random order until `FILL_MOVERS` employees are taken in, so that the
    model stays small on a large month."""
    inst = current.base
    movers: set[int] = set()
    allowed: set[Pair] = set()
    opened = current.open_occs()
    rng.shuffle(opened)
    for occ in opened:
        candidates = inst.eligible_staff[occ.index]
        if movers and len(movers | set(candidates)) > FILL_MOVERS:
            continue
        for s in candidates:
            movers.add(s)
            allowed.add((inst.staff[s].id, occ.source.key))
    now = current.pairs({inst.staff[s].id for s in movers})
    return movers, allowed | now, now


def _finish(current: Current, first_plan: Outcome, search: _Search, moves: int, tried: int) -> Outcome:
    """The best plan with the month's facts: whole wall time, no proof of optimality, the month's linear
    relaxation as bound when it is solved in time (after the search, like `run.run`)."""
    facts = first_plan.plan.solver
    assert facts is not None
    plan = current.plan(search.scenario, search.label, facts)
    assert plan.solver is not None and plan.solver.objective is not None
    bound, gap = _month_bound(search, plan.solver.objective)
    plan.solver = plan.solver.model_copy(
        update={"status": "FEASIBLE", "wall_seconds": round(search.elapsed(), 3), "bound": bound, "gap": gap}
    )
    if search.options.log is not None:
        search.options.log(f"neighbourhood search: {moves} improving moves out of {tried}")
    return replace(first_plan, plan=plan, status="FEASIBLE")
