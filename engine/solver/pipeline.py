"""`solve`: a scenario and a date range in, a legal plan out — the orchestrator.

Pipeline: `Instance` (plain numbers) → large months to `large` (a greedy plan improved by neighbourhoods);
otherwise one CP-SAT model of the month (`build`: pins, hard rules, soft terms, warm start) searched and
read back (`run`: plan with assignments, unfilled needs and their reasons, cost by term and solver facts),
then the heads left open offered to their candidates (`fill`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Set as AbstractSet
from dataclasses import replace

from engine.model import Pin, Plan, Scenario
from engine.solver import strategy
from engine.solver.model.build import Kept, build, dated, horizon_of
from engine.solver.model.instance import Instance
from engine.solver.options import SolveOptions
from engine.solver.search import fill, large
from engine.solver.search.run import Outcome, run


def solve(
    scenario: Scenario,
    month: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    options: SolveOptions | None = None,
) -> Plan:
    """Plan a month (or any date range: a season, a year, as one problem) for the whole group; see
    docs/solver.md ("Any horizon")."""
    return solve_outcome(scenario, month, start=start, end=end, options=options).plan


def solve_outcome(
    scenario: Scenario,
    month: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    options: SolveOptions | None = None,
    pins: list[Pin] | None = None,
    published: Plan | None = None,
    today: dt.date | None = None,
    allowed: AbstractSet[tuple[str, str]] | None = None,
    fixed: AbstractSet[tuple[str, str]] = frozenset(),
) -> Outcome:
    """`solve` with the built model and the solver's internals; a plan of a range that is not a calendar
    month carries its horizon (`Plan.first_day`/`last_day`)."""
    options = options or SolveOptions()
    started = time.perf_counter()
    first, last, label = horizon_of(scenario, month, start, end)
    inst = None
    restricted = allowed is not None or published is not None
    if strategy.neighbourhoods_considered(options, restricted=bool(fixed)):
        units = options.units_per_euro
        inst = Instance(scenario, first, last, units_per_euro=units, allowed=allowed)
        if strategy.neighbourhoods(inst, options):
            # the time limit counts from here: building the instance of 500 x 150 takes ~10 s; pins, a
            # published plan and its first day that may change are kept in every neighbourhood
            kept = Kept(tuple(pins or ()), published, today)
            outcome = large.solve_large(
                scenario, inst, first, last, label, options, started=started, kept=kept
            )
            return _dated(outcome, first, last)
    built = build(
        scenario,
        first,
        last,
        options,
        pins=pins,
        published=published,
        today=today,
        allowed=allowed,
        fixed=fixed,
        instance=inst,
    )
    polished = strategy.fill_after_search(options, restricted=restricted or bool(pins))
    search = options
    if options.time_limit is not None and options.deterministic_time is None:
        # the limit counts from the start: the build (and a relaxation solved first) comes out of it,
        # and the fill's share when a fill follows
        spent = time.perf_counter() - started
        filling = fill.fill_seconds(options.time_limit) if polished else 0.0
        search = replace(options, time_limit=max(1.0, options.time_limit - filling - spent))
    searched = run(built, search, month=label, scenario_name=scenario.name)
    if polished:
        searched = fill.polish(scenario, first, last, label, options, searched)
    return _dated(searched, first, last)


def _dated(outcome: Outcome, first: dt.date, last: dt.date) -> Outcome:
    return replace(outcome, plan=dated(outcome.plan, first, last))
