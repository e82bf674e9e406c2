"""Options of a solve: limits, parallelism, determinism, progress and hints (what the defaults decide:
engine.solver.strategy).

Kept free of OR-Tools imports so that callers (CLI, jobs, the Curtois bench) can build options cheaply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine.model import Plan


@dataclass(frozen=True)
class Progress:
    """One progress event: a new solution or a better bound (euros, not cents)."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int
    unfilled: int | None = None  # heads the solution leaves open (None on a bound event)


@dataclass
class SolveOptions:
    """How to run CP-SAT.

    - `time_limit` (seconds of wall time) and/or `deterministic_time` (CP-SAT's deterministic units,
      reproducible across machines: use it in tests) stop the search;
    - `workers` and `seed` fix the parallelism and the randomness (benchmarks: 2 workers, seed 1);
    - `progress` is called on every new solution and bound; `log` receives CP-SAT's own log lines;
    - `hint` is a plan whose assignments seed the search (re-planning, warm starts);
    - `relative_gap` stops as soon as the proven gap is below it (0 = prove optimality);
    - `units_per_euro` scales euros to CP-SAT integers (10,000: hundredths of a cent, so that per-minute
      costs stay exact to 0.01 %; the Curtois bench uses 1 since its
      weights are integers);
    - `greedy_hint` builds a constructive first plan and passes it as a hint;
    - `light_presolve` caps CP-SAT's presolve (one round, no probing, no symmetry detection): on GE months
      of 50+ employees the default presolve takes most of a 30 s budget before any search starts. None (the
      default) decides from the model: light above `strategy.LIGHT_PRESOLVE_ABOVE` variables, so that every caller
      (CLI, jobs, API, benchmarks) gets the same behaviour without knowing about it;
    - `relaxation_bound` solves a linear relaxation built from the instance (`engine/solver/bound/relaxation.py`:
      assignments, cover, day paths with travel, weekly minutes with idle time, limits and premiums) with
      GLOP (at most a quarter of the time limit, 20 s: before the search when it guides the greedy, see
      `guided`, else after it, added to the wall time), so that the reported bound and gap mean something
      where CP-SAT's own bound stays trivial; the bound reported is the better of the two. None (default) = whenever the search has a time limit, not in deterministic
      runs; True = also in deterministic runs (then without a time limit: tests); False = never.
    - `lns_only` runs only CP-SAT's neighbourhood workers (no proof, no CP-SAT bound); None (default) =
      on hinted models above `strategy.LIGHT_PRESOLVE_ABOVE` variables (see `strategy.lns_only`);
    - `neighbourhood_search` solves the month as a greedy plan improved neighbourhood by neighbourhood
      (engine.solver.search.large) instead of one CP-SAT model; None (default) = on large months
      (`strategy.LARGE_PAIRS` candidate pairs) without scenario pins or general sequence rules;
    - `fill` offers the heads a search left unfilled to all their candidates, every other assignment
      fixed (engine.solver.search.fill): after a whole-month search that stopped without proof (it keeps
      `fill.FILL_SHARE` of the time limit for it) and between neighbourhood moves. None (default) = on;
      False = never (to measure the search alone);
    - `guided` solves the month's linear relaxation before the search (its bound is then the plan's, and
      its time counts in the limit) and lets its assignments steer the greedy first plan
      (engine.solver.search.guided); None (default) = with a wall-time limit, the greedy on and the bound not
      turned off, on whole months up to `strategy.GUIDED_MAX_PAIRS` candidate pairs (large months steer
      their second plan the same way); True = also in deterministic runs (the relaxation then has no time
      limit); False = never.
    """

    time_limit: float | None = 30.0
    deterministic_time: float | None = None
    workers: int = 2
    seed: int = 1
    relative_gap: float = 0.0
    progress: Callable[[Progress], None] | None = None
    log: Callable[[str], None] | None = None
    hint: Plan | None = None
    units_per_euro: int = 10_000
    greedy_hint: bool = True
    light_presolve: bool | None = None
    lns_only: bool | None = None
    relaxation_bound: bool | None = None
    neighbourhood_search: bool | None = None
    fill: bool | None = None
    guided: bool | None = None
    extra_parameters: dict[str, object] = field(default_factory=dict)
