"""A lower bound of a plan's cost from a compact linear relaxation built from the `Instance` (not the model).

Why: with 2 workers CP-SAT's objective bound stays the trivial one on generated months, and relaxing the
whole CP-SAT proto (`engine.benchmarks.proto_bound`) gives an LP that GLOP does not finish on a 50-employee month.
The LP here is written straight from the instance, with only the structure that carries the cost.

The relaxation (per employee e, occurrence o, day d, legal week w; money in euros, the model's integer
costs divided by `inst.units`):

- `y[e,o] ∈ [0,1]` for each eligible pair (pins: 1; re-planning, frozen past: 0);
- cover as `rules/occurrences.py`: `Σ_e y + short − surplus = min(headcount, candidates)`, `short` priced as
  `unfilled` (not on the optional days of a days-per-week loan), `surplus` as in the model; heads beyond
  the candidates are a constant; loans of days per week as `rules/loans.py` (`Σ y ≤ days`,
  `Σ y + shortfall = days`, the shortfall at its price);
- a day of an employee as a path (a flow of value ≤ 1 from "start of day" through the shifts worked, in
  time order, to "end of day"): an arc `f[a,b] ∈ [0,1]` for two shifts of the same day the employee could
  work one after the other (b starts after a ends plus the travel between their sites),
  `Σ_a f[a,b] ≤ y[b]`, `Σ_b f[a,b] ≤ y[a]`, `Σ_o y[o] − Σ f ≤ 1` (the day's starts). A plan's day is one
  such path (its worked shifts never overlap: `rules/overlap.py`), so the flow of a plan exists; it implies
  at most one shift of each clique of overlapping shifts. An arc between two sites carries the travel the
  model charges for two consecutive shifts (`objective/travel.py`: mileage, and travel time counted as
  work, which also enters the week's minutes). Days with too many arcs (above `ARC_BUDGET` in all) get
  the at-most-one rows of `rules/overlap.linear_cliques` instead, without travel; cliques spanning two days
  (night shifts) are always kept;
- week minutes `S[e,w] = Σ y × (minutes of o inside the week, clipped at Monday 00:00 as
  `Context.week_terms`) + travel minutes of the arcs`; idle as `objective/idle.py`: `idle + S ≥ due`,
  `idle ∈ [0, due]` (annualised: over the horizon; forfait jours: days due − days worked, a day worked
  being the path's start); weekly maximum and part-time cap with the history's minutes of the week
  (`rules/weekly_max.py`, `rules/part_time.py`), 12-week average (`rules/rolling_average.py`), 6 days a week, daily
  maximum on shifts (`rules/daily_max.py`), annual hours and days (`rules/yearly.py`);
- premium bands as `rules/worktime.bands` (`S + past ≤ base + low + high`, base ≤ contract, low ≤ the
  band) at the premiums' prices, and the annual overtime quota (`rules/yearly.py`);
- `preferred` and `wishes` exactly (they are linear in the assignments).

Why it is a valid lower bound: every plan the CP-SAT model accepts gives a feasible point of this LP —
`y` = its assignments, `f` = its days' consecutive pairs, every other variable at the plan's value or at
the smallest value its rows allow — and each row above is the model's row, a sum of its rows, or a row
the plan satisfies by the argument given with it. The LP's cost of that point is at most the plan's:
each term modelled is priced as the model prices it or lower, and every term left out (continuity,
changes, fairness, travel of days without arcs, home legs) is a sum of non-negative costs. Travel
counted as work lowers idle time; the LP counts it only on the arcs of the plan's consecutive pairs, not
on the pair literals the model leaves free to be true, nor on home legs. That is still a lower bound when
an employee's travel minute costs at least what an idle minute costs (`travel_time_factor ≥
idle_hour_factor`, the default: both 1): such a piece of travel costs the plan at least what it saves it
in idle time, and it only adds to premiums and limits. Where travel is cheaper than idle time, the
employee's weeks get a travel variable instead, bounded by all the travel their shifts could carry,
priced at the travel-time rate and counted as worked.

The fixed part is included: the value bounds the sum of the terms in `TERMS`, constants included (heads
nobody can fill, idle weeks with nothing to work, wishes nobody can meet). The model's objective (CP-SAT's
value) leaves those constants out: subtract `CostBook.fixed` of these terms to compare.

The LP is solved by an LP solver (GLOP by default) and the value reported is not its objective but the
Lagrangian bound of its duals (`Σ λ·row bound + Σ min(reduced cost × variable bound)`), computed again in
numpy: valid for any dual values, so a floating-point error in the solver can only make it weaker, never
invalid; a relative margin of 1e-9 covers numpy's own rounding.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from engine.solver.bound import lagrangian
from engine.solver.bound.programme import Builder, LinearProgram
from engine.solver.model.instance import Instance

# Objective terms the relaxation prices (their constants included): subtract `CostBook.fixed` of these.
TERMS = (
    "unfilled",
    "surplus",
    "idle",
    "complementary_premium",
    "overtime_premium",
    "mileage",
    "travel_time",
    "preferred",
    "wishes",
)

ARC_BUDGET = 200_000  # arcs of day paths over the whole LP; days beyond it get clique rows instead
PRICING_ROUNDS = 4  # solves; after each, the hidden arcs of negative reduced cost join the model
SOLVERS = ("GLOP", "PDLP", "CLP", "HIGHS")


@dataclass
class Result:
    """The bound (euros, fixed part of `TERMS` included) and what it took."""

    bound: float | None
    status: str
    variables: int
    rows: int
    nonzeros: int
    arcs: int
    build_seconds: float
    solve_seconds: float
    lp_objective: float | None = None
    lp_bound: float | None = None  # the LP's own bound, before engine.solver.bound.lagrangian raised it
    months_seconds: float = 0.0  # spent raising it
    rounds: list[tuple[float, int, float]] = field(default_factory=list)
    # the LP's assignments y[e,o] above `SUPPORT_EPSILON` in its last solve, by (staff index, occurrence
    # index): what `engine.solver.search.guided` steers the greedy with
    assignments: dict[tuple[int, int], float] = field(default_factory=dict)
    paths_complete: bool = False  # every day of two shifts or more had its path (travel priced)


def relaxation_bound(
    inst: Instance,
    seconds: float | None,
    *,
    ones: Iterable[tuple[int, int]] = (),
    zeros: Iterable[tuple[int, int]] = (),
    solver: str = "GLOP",
) -> float | None:
    """Lower bound of the plan's cost in model units (the fixed part of `TERMS` included, see the module
    docstring); None if the LP solver found no dual solution within `seconds` (None: no limit).
    `ones`/`zeros`: (staff index, occurrence index) pairs fixed by pins and by re-planning's frozen past."""
    result = solve_relaxation(inst, seconds, ones=ones, zeros=zeros, solver=solver)
    return None if result.bound is None else result.bound * inst.units


def solve_relaxation(
    inst: Instance,
    seconds: float | None,
    *,
    ones: Iterable[tuple[int, int]] = (),
    zeros: Iterable[tuple[int, int]] = (),
    solver: str = "GLOP",
    arc_budget: int = ARC_BUDGET,
    home_km_weight: float = 0.0,
    months: bool = True,
) -> Result:
    """The relaxation's bound and assignments. `home_km_weight` > 0 makes it a guide, not a bound: each
    assignment also pays that many times the mileage rate per km between the employee's home and the site
    (engine.solver.search.guided: a stand-in for the travel of days without paths); `bound` is then None.
    `months`: raise the bound with whole employee months against the LP's duals (engine.solver.bound.lagrangian)
    in the time the LP left (without a limit, `lagrangian.DETERMINISTIC_STEPS` steps)."""
    started = time.perf_counter()
    deadline = None if seconds is None else started + seconds
    builder = Builder(inst, set(ones), set(zeros), arc_budget)
    lp = builder.build()
    if home_km_weight:
        builder.price_home_distance(home_km_weight)
    built = time.perf_counter()
    solved = solve_rounds(lp, deadline, solver, started)
    best, best_duals, status, objective = solved.bound, solved.duals, solved.status, solved.objective
    lp_bound = best
    months_started = time.perf_counter()
    if months and not home_km_weight and best is not None and best_duals is not None:
        # the months get at most a quarter of the LP's time: the bound tells the plan's quality, the search's
        # time makes it (50 x 20: 11,002 → 11,288 € at the LP's duals, 11,344 € after 3 s more)
        share = lagrangian.TIME_SHARE * (months_started - started)
        stronger = lagrangian.strengthen(
            builder, best_duals, None if deadline is None else min(deadline, months_started + share)
        )
        if stronger is not None and stronger > best:
            best = stronger
    return Result(
        bound=None if home_km_weight else best,
        lp_bound=None if home_km_weight else lp_bound,
        months_seconds=time.perf_counter() - months_started,
        status=status,
        variables=lp.n_vars,
        rows=lp.n_rows,
        nonzeros=len(lp.cols),
        arcs=builder.arcs,
        build_seconds=built - started,
        solve_seconds=time.perf_counter() - built,
        lp_objective=objective,
        rounds=solved.rounds,
        assignments={} if solved.primal is None else builder.assignments(solved.primal),
        paths_complete=builder.pathless_days == 0,
    )


@dataclass
class Rounds:
    """The LP's pricing rounds (`solve_rounds`): the best Lagrangian bound met and its duals."""

    bound: float | None
    duals: np.ndarray | None  # in the sign convention of `LinearProgram.lagrangian`
    status: str
    objective: float | None
    primal: np.ndarray | None
    rounds: list[tuple[float, int, float]]  # (seconds since `started`, hidden arcs, bound)


def solve_rounds(lp: LinearProgram, deadline: float | None, solver: str, started: float) -> Rounds:
    """Solve the LP up to `PRICING_ROUNDS` times, the hidden arcs of negative reduced cost joining it
    after each solve, keeping the best Lagrangian bound of the duals met."""
    matrix = lp.matrix()
    best: float | None = None
    status, objective = "NOT_SOLVED", None
    primal: np.ndarray | None = None
    best_duals: np.ndarray | None = None
    rounds: list[tuple[float, int, float]] = []
    for _ in range(PRICING_ROUNDS):
        remaining = None if deadline is None else deadline - time.perf_counter()
        if remaining is not None and remaining <= 0.1:
            break
        status, duals, value, values = _solve(lp, remaining, solver)
        if duals is None:
            break
        objective = value
        if values is not None:
            primal = values
        # the Lagrangian bound holds for any multipliers: both sign conventions are tried (HiGHS reports
        # the opposite of GLOP's), the better is kept
        signed = max((duals, -duals), key=lambda d: lp.lagrangian(d, matrix)[0])
        bound, reduced = lp.lagrangian(signed, matrix)
        if best is None or bound > best:
            best, best_duals = bound, signed
        rounds.append((round(time.perf_counter() - started, 1), len(lp.hidden), round(bound, 2)))
        # hidden arcs that would lower the LP: into the next round's model
        hidden = np.fromiter(lp.hidden, dtype=np.int64, count=len(lp.hidden))
        if not len(hidden):
            break
        gain = reduced[hidden]
        wanted = hidden[gain < -1e-7]
        if not len(wanted):
            break
        lp.hidden.difference_update(wanted.tolist())
    return Rounds(best, best_duals, status, objective, primal, rounds)


def _solve(
    lp: LinearProgram, seconds: float | None, solver: str
) -> tuple[str, np.ndarray | None, float | None, np.ndarray | None]:
    """The solver's status, duals, objective and primal values (by LP column, hidden columns at 0)."""
    from ortools.linear_solver import linear_solver_pb2, pywraplp

    request = linear_solver_pb2.MPModelRequest()
    model = request.model
    hidden = lp.hidden
    index = np.full(lp.n_vars, -1, dtype=np.int64)  # LP column → column of the solver's model
    visible = [j for j in range(lp.n_vars) if j not in hidden] if hidden else list(range(lp.n_vars))
    index[visible] = np.arange(len(visible))
    lower, upper, cost = lp.lower, lp.upper, lp.cost
    for j in visible:
        var = model.variable.add()
        var.lower_bound, var.upper_bound = lower[j], upper[j]
        if cost[j]:
            var.objective_coefficient = cost[j]
    model.objective_offset = lp.offset
    cols = index[np.array(lp.cols, dtype=np.int64)]
    vals = np.array(lp.vals)
    keep = cols >= 0
    starts = np.concatenate(([0], np.cumsum(np.add.reduceat(keep, lp.starts[:-1]) if lp.n_rows else [])))
    cols, vals = cols[keep].tolist(), vals[keep].tolist()
    for r, (lo, hi) in enumerate(zip(lp.row_lo, lp.row_hi, strict=True)):
        ct = model.constraint.add()
        ct.lower_bound, ct.upper_bound = lo, hi
        ct.var_index.extend(cols[starts[r] : starts[r + 1]])
        ct.coefficient.extend(vals[starts[r] : starts[r + 1]])
    kinds = {
        "GLOP": "GLOP_LINEAR_PROGRAMMING",
        "PDLP": "PDLP_LINEAR_PROGRAMMING",
        "CLP": "CLP_LINEAR_PROGRAMMING",
        "HIGHS": "HIGHS_LINEAR_PROGRAMMING",
    }
    request.solver_type = getattr(linear_solver_pb2.MPModelRequest, kinds[solver])
    if seconds is not None:
        request.solver_time_limit_seconds = seconds
    response = linear_solver_pb2.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(request, response)
    status = linear_solver_pb2.MPSolverResponseStatus.Name(response.status)
    if len(response.dual_value) != lp.n_rows:
        return status, None, None, None
    objective = response.objective_value if response.variable_value else None
    primal = None
    if len(response.variable_value) == len(visible):
        primal = np.zeros(lp.n_vars)
        primal[visible] = response.variable_value
    return status, np.array(response.dual_value), objective, primal
