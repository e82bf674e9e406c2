"""The linear relaxation solved before the search, its assignments steering the greedy first plan.

Why: the greedy fills occurrences one at a time by local prices and cannot see that the employee it gives
a shift to is the only one able to take another one later that day, nor which day's route saves the most
travel. The month's linear relaxation (engine.solver.bound.relaxation) sees the whole month at once: on a
generated 50 × 20 month 927 of its 1,996 non-zero assignments are whole, and a plan built by the greedy
trying the relaxation's employees first (highest value first, the greedy's own prices breaking ties, the
greedy's legality checks unchanged) cost 18,025 € where the plain greedy's cost 38,806 € and 30 s of
CP-SAT from it reached 26,966–29,626 €; 20 s of CP-SAT from the guided plan reached 17,457 €
(docs/benchmarks.md). The relaxation was solved after the search anyway, for the bound: solving it
first takes no more time where it serves as both bound and guide (where a second, steering relaxation is
needed, the two share one relaxation's time), and the search gets what is left of the limit.

The bound's relaxation only guides where it prices travel: every day of two shifts or more has its path
(the arc budget was not reached). Without the paths it pairs shifts at distant sites freely, and following
it made the greedy plan of a generated 200 × 60 month 11–18 % dearer (111,174 € with 200,000 arcs,
118,089 € without, against 99,976 €). Large months (engine.solver.search.large), whose days have too many arcs,
are guided instead by a relaxation without paths where each assignment also pays the mileage of the
distance between the employee's home and the site (`HOME_KM_WEIGHT`): a stand-in for travel that keeps
each employee's shifts near home, hence near each other. On 200 × 60 the greedy plan it guides cost
67,803 € against 99,976 € for the plain greedy, and against 87,972–92,120 € after 120 s of neighbourhood
search from the plain one (weights 0.5 and 2: 68,489 € and 69,026 €). That relaxation is no bound (the
stand-in is not a cost of the plan): the month's bound is solved separately, as before. On 500 × 150
(1.1 M candidate pairs) it holds only the pairs nearest to home (`STEER_MAX_PAIRS`) and PDLP's approximate
solution at the time limit steers the greedy: 142,403 € against 211,496 € for the plain greedy's plan.

Whole months above `PATHS_MAX_PAIRS` candidate pairs are treated the same way (`prepare`): the relaxation
with paths does not finish within its share of a 30-s limit there (80 × 25: 20 s; 100 × 30: over 30 s),
which left them with neither a guide nor a bound. The relaxation without paths (1–2.5 s) now gives the
bound, and `steer` the guide: at 30 s, 80 × 25 gave 29,831 € and 100 × 30 37,186 €, against 43,734 € and
58,887 € (no bound) with the plain greedy.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from engine.solver.bound.month_relaxation import relax, relaxation_seconds
from engine.solver.bound.relaxation import Result, solve_relaxation
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, narrowed
from engine.solver.options import SolveOptions

HOME_KM_WEIGHT = 1.0  # times the mileage rate, per km from home to the site, on each assignment
# candidate pairs above which the relaxation with day paths is not tried for a whole month: generated
# 50 x 20 (12,285 pairs) solves it in ~3 s, 80 x 25 (24,918) in ~20 s, 100 x 30 (45,363) not in 30 s
PATHS_MAX_PAIRS = 15_000
# candidate pairs a steering relaxation holds at most: the nearest to home (500 x 150 has 1.1 M, whose
# relaxation takes a minute to build and GLOP does not solve in 3 minutes; 200 x 60 has 190,000)
STEER_MAX_PAIRS = 200_000
MIN_GUIDE_SECONDS = 1.0  # below, a whole month's steering relaxation is not started (100 x 30 takes 2.4 s)

Guide = dict[tuple[int, int], float]


def guide(result: Result | None) -> Guide | None:
    """The relaxation's assignments to try first, when they can be trusted (travel priced on every day)."""
    if result is None or not result.paths_complete or not result.assignments:
        return None
    return result.assignments


def steer(inst: Instance, seconds: float | None, ones: Iterable[tuple[int, int]] = ()) -> Guide | None:
    """A guide where the day paths are out of reach: the relaxation without them, home distance priced
    (module doc); None when the LP solver found nothing in `seconds`. `ones`: pinned pairs. Above
    `STEER_MAX_PAIRS` candidate pairs only the pairs nearest to the employees' homes enter it, and PDLP
    solves it: its approximate solution at the time limit is enough to steer."""
    solver = "GLOP"
    if inst.candidate_pairs() > STEER_MAX_PAIRS:
        inst, solver = nearest_pairs(inst, STEER_MAX_PAIRS), "PDLP"
    result = solve_relaxation(
        inst, seconds, ones=ones, arc_budget=0, home_km_weight=HOME_KM_WEIGHT, solver=solver
    )
    return result.assignments or None


def nearest_pairs(inst: Instance, count: int) -> Instance:
    """`inst` with only its `count` candidate pairs of the shortest home–site distance (same indexes)."""
    pairs = [(s.index, i) for s in inst.staff for i in s.eligible]
    km = np.fromiter(
        (float(inst.home_km(inst.staff[s], inst.occs[i].site)) for s, i in pairs),
        dtype=float,
        count=len(pairs),
    )
    nearest = np.argpartition(km, count - 1)[:count] if count < len(pairs) else np.arange(len(pairs))
    allowed = {(inst.staff[pairs[k][0]].id, inst.occs[pairs[k][1]].source.key) for k in nearest.tolist()}
    return narrowed(inst, allowed)


def prepare(ctx: Context, options: SolveOptions, pinned: set[tuple[int, int]]) -> tuple[Result, Guide | None]:
    """A whole month's relaxation (its bound) and the greedy's guide. Up to `PATHS_MAX_PAIRS` candidate
    pairs: the relaxation with day paths, which is both when it prices every day; else (or when it does
    not) the relaxation without paths for the bound and `steer` for the guide (generated 80 x 25 and
    100 x 30: guided greedy plans of 31,288 € and 38,007 € against 50,650 € and 60,171 € plain; each of
    the two relaxations 1–2.5 s, where the one with paths took 20 s and over 30 s)."""
    inst = ctx.inst
    started = time.perf_counter()
    if inst.candidate_pairs() <= PATHS_MAX_PAIRS:
        result = relax(ctx, options, pinned)
        trusted = guide(result)
        if trusted is not None:
            return result, trusted
    else:
        result = relax(ctx, options, pinned, arc_budget=0)
    # the two relaxations share one relaxation's time: the guide gets what the bound left of it
    seconds = relaxation_seconds(options)
    if seconds is not None:
        seconds -= time.perf_counter() - started
        if seconds < MIN_GUIDE_SECONDS:
            return result, None
    return result, steer(inst, seconds, pinned)
