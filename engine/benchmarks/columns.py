"""The strongest bound whole employee months give: their Dantzig–Wolfe master, by column generation.

Why: the Lagrangian of engine.solver.bound.lagrangian is a lower bound for any prices, and its best value over
all prices equals the linear master whose columns are whole employee months (Dantzig–Wolfe). The
subgradient steps a solve can afford approach that value; column generation reaches it, to a tolerance,
and so tells how far a bound of this family can go at all. It takes minutes on a 50-employee month
(generated 50 × 20, March 2026: 11,715 €, where a 30-s solve reports ~11,300 € and plans cost ~16,900 €), so it is
a benchmark (`ge bench bound`), not a step of `ge solve`.

The master: the relaxation's rows that employees share (cover, loans) and the rows and columns of the
employees the programme does not cover, as the relaxation writes them; for each covered employee, a
convexity row over their month columns (an empty month among them: the master is always feasible).
Each round prices the months at a mix of the master's duals and the best prices so far (Wentges
smoothing: raw duals of a degenerate master swing far, and the months they price are useless). The
Lagrangian value at those prices is a valid bound; the master's own value is an upper bound of the best
such bound. It stops when the two meet within `TOLERANCE`.

The months found are also a pool for a plan: the master with integer columns (`integer_plan`, SCIP),
whose months keep every rule the programme knows and may break the few it leaves out (module doc of
engine.solver.bound.lagrangian); the caller prices it in the full model.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from engine.solver.bound.lagrangian import EmployeeMonth, Lagrangian, months
from engine.solver.bound.programme import Builder

TOLERANCE = 1e-3  # relative distance between the master and the best bound at which it stops
SMOOTHING = 0.9  # weight of the best prices so far in the prices of the next round (Wentges)
FIRST_STEPS = 25  # subgradient steps before the first master: their months start the pool
FIRST_STEP = 0.2
TARGET_MARGIN = 0.05
INFINITY = float("inf")
EMPTY_PRICE = 1e9
COLD_SOLVERS = (
    "GLOP_LINEAR_PROGRAMMING",
    "CLP_LINEAR_PROGRAMMING",
)  # on every assignment: the programme then returns the employee's empty month


@dataclass
class Column:
    staff: int
    cost: float  # euros, at the assignments' own prices (no λ)
    occurrences: tuple[int, ...]


@dataclass
class Generated:
    """What column generation reached (euros, like the relaxation's bound)."""

    bound: float  # the best Lagrangian value met: a lower bound of every plan's cost in relaxation.TERMS
    master: float | None  # the last master's value: no bound of this family goes above it
    first_bound: float  # at the relaxation's duals, before any step
    rounds: int
    seconds: float
    converged: bool
    stopped: str  # "converged", "time", "rounds", or the master's status when GLOP failed on it
    columns: list[Column] = field(default_factory=list)
    covered: dict[int, EmployeeMonth] = field(default_factory=dict)
    start: list[Column] = field(default_factory=list)  # the months of the `start` plan
    history: list[tuple[float, float, float | None]] = field(default_factory=list)  # (s, bound, master)


class _Master:
    """The linear master of the module docstring, kept in one GLOP model that columns are added to."""

    def __init__(
        self, builder: Builder, lagrangian: Lagrangian, covered: dict[int, EmployeeMonth], solver: Any
    ):
        """`solver`: an empty pywraplp solver (GLOP for the linear master, SCIP for whole columns)."""
        lp = builder.lp
        self.builder = builder
        self.solver = solver
        self.integer = solver.IsMip()
        owner_rows, owner_cols = lagrangian.row_owner, lagrangian.col_owner
        rows, cols, vals = lagrangian.rows.tolist(), lagrangian.cols.tolist(), lagrangian.vals.tolist()
        kept_rows = [r for r in range(lp.n_rows) if int(owner_rows[r]) not in covered]
        self.rows: dict[int, Any] = {
            r: solver.Constraint(*_finite(lp.row_lo[r], lp.row_hi[r])) for r in kept_rows
        }
        kept_cols = [c for c in range(lp.n_vars) if int(owner_cols[c]) not in covered]
        self.objective = solver.Objective()
        self.objective.SetOffset(lp.offset)
        variables = {}
        assignments = {c for ys in builder.y for c in ys.values()}
        for c in kept_cols:
            whole = self.integer and c in assignments  # an uncovered employee's assignment
            variables[c] = (solver.IntVar if whole else solver.NumVar)(lp.lower[c], lp.upper[c], "")
            self.objective.SetCoefficient(variables[c], lp.cost[c])
        # each covered employee's assignment: its coefficients in the shared rows, added up per column
        self.shared_of: dict[int, list[tuple[int, float]]] = {}
        for r, c, a in zip(rows, cols, vals, strict=True):
            if r in self.rows and c in variables:
                self.rows[r].SetCoefficient(variables[c], a)
            elif r in self.rows and int(owner_cols[c]) in covered:
                self.shared_of.setdefault(c, []).append((r, a))
        self.objective.SetMinimization()
        self.convexity = {s: solver.Constraint(1.0, 1.0) for s in covered}
        self.columns: list[Column] = []
        self.variables: list[Any] = []
        self._seen: set[tuple[int, tuple[int, ...]]] = set()
        self.n_rows = lp.n_rows

    def add(self, column: Column) -> bool:
        key = (column.staff, column.occurrences)
        if key in self._seen:
            return False
        self._seen.add(key)
        var = self.solver.BoolVar("") if self.integer else self.solver.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(var, column.cost)
        self.convexity[column.staff].SetCoefficient(var, 1.0)
        for r, a in self.entries(column).items():
            self.rows[r].SetCoefficient(var, a)
        self.columns.append(column)
        self.variables.append(var)
        return True

    def entries(self, column: Column) -> dict[int, float]:
        """The column's coefficients in the shared rows."""
        ys = self.builder.y[column.staff]
        out: dict[int, float] = {}
        for i in column.occurrences:
            for r, a in self.shared_of.get(ys[i], ()):
                out[r] = out.get(r, 0.0) + a
        return out

    def solve(self, seconds: float | None) -> tuple[float, np.ndarray] | str:
        """The master's value and its duals as full relaxation row prices (0 on covered employees' own
        rows, which their months replace); GLOP's status if it stopped without an optimum."""
        if seconds is not None:
            self.solver.SetTimeLimit(max(1, int(seconds * 1000)))
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            # GLOP's warm start may end ABNORMAL after many added columns (12 x 5, round 87) where the
            # same model solved from scratch is optimal
            return self._solve_cold(seconds)
        duals = np.zeros(self.n_rows)
        for r, row in self.rows.items():
            duals[r] = row.dual_value()
        return self.objective.Value(), duals

    def _solve_cold(self, seconds: float | None) -> tuple[float, np.ndarray] | str:
        """The master from scratch, by GLOP then CLP (50 x 20 near convergence: both of GLOP's ABNORMAL)."""
        proto = linear_solver_pb2.MPModelProto()
        self.solver.ExportModelToProto(proto)
        status = "NOT_SOLVED"
        for kind in COLD_SOLVERS:
            request = linear_solver_pb2.MPModelRequest(
                model=proto, solver_type=getattr(linear_solver_pb2.MPModelRequest, kind)
            )
            if seconds is not None:
                request.solver_time_limit_seconds = seconds
            response = linear_solver_pb2.MPSolutionResponse()
            pywraplp.Solver.SolveWithProto(request, response)
            status = str(linear_solver_pb2.MPSolverResponseStatus.Name(response.status))
            if response.status == linear_solver_pb2.MPSOLVER_OPTIMAL and len(response.dual_value):
                duals = np.zeros(self.n_rows)
                for k, r in enumerate(self.rows):  # the shared rows were the model's first constraints
                    duals[r] = response.dual_value[k]
                return response.objective_value, duals
        return status


def generate(
    builder: Builder,
    duals: np.ndarray,
    deadline: float | None,
    max_rounds: int = 1_000,
    start: Mapping[int, Iterable[int]] | None = None,
) -> Generated | None:
    """Column generation from the relaxation's `duals` (sign convention of `LinearProgram.lagrangian`)
    until the master and the bound meet, `max_rounds` or `deadline`; None when no employee month could be
    built. `builder` is a built relaxation (`Builder.build`). `start`: occurrences by staff index of a
    plan whose months join the pool first (a plan the integer master can then only improve on)."""
    started = time.perf_counter()
    covered = months(builder, None)
    if not covered:
        return None
    lagrangian = Lagrangian(builder, covered)
    master = _Master(builder, lagrangian, covered, pywraplp.Solver.CreateSolver("GLOP"))
    for s, month in covered.items():  # the empty month: the master is feasible from the start
        blocked = np.array(lagrangian.cost, dtype=np.float64)
        blocked[list(builder.y[s].values())] = EMPTY_PRICE
        empty = month.cheapest(blocked)
        if empty is not None and not empty[1]:
            master.add(Column(s, empty[0], ()))
    started_with = [_forced(builder, lagrangian, covered, s, occs) for s, occs in (start or {}).items()]
    for column in started_with:
        if column is not None:
            master.add(column)
    first, _, _, found = lagrangian.evaluate_months(duals)
    best, stable = first, duals.copy()
    _add_months(master, found)
    # subgradient steps (as lagrangian.strengthen): their months are a good pool to start from
    lam, step = duals.copy(), FIRST_STEP
    for _ in range(FIRST_STEPS):
        value, slope, lam, found = lagrangian.evaluate_months(lam)
        _add_months(master, found)
        if value > best:
            best, stable = value, lam.copy()
        norm = float(slope @ slope)
        if norm == 0:
            break
        lam = lam + step * (best * (1 + TARGET_MARGIN) - value) / norm * slope
    history: list[tuple[float, float, float | None]] = []
    value_of_master: float | None = None
    stopped = "rounds"
    rounds = 0
    while rounds < max_rounds:
        if deadline is not None and time.perf_counter() >= deadline:
            stopped = "time"
            break
        rounds += 1
        solved = master.solve(None if deadline is None else deadline - time.perf_counter())
        if isinstance(solved, str):
            stopped = f"master {solved}"
            break
        value_of_master, master_duals = solved
        history.append((round(time.perf_counter() - started, 1), best, value_of_master))
        if value_of_master - best <= TOLERANCE * max(1.0, abs(value_of_master)):
            stopped = "converged"
            break
        mixed = SMOOTHING * stable + (1 - SMOOTHING) * master_duals
        value, _, _, found = lagrangian.evaluate_months(mixed)
        if value > best:
            best, stable = value, mixed
        if not _add_months(master, found):
            # nothing new at the mixed prices: price at the master's own, which must add a column or
            # prove the master optimal over all months
            value, _, _, found = lagrangian.evaluate_months(master_duals)
            if value > best:
                best, stable = value, master_duals
            if not _add_months(master, found):
                stopped = "converged"  # every month prices at or above the master: `value` is its value
                break
    return Generated(
        bound=best,
        master=value_of_master,
        first_bound=first,
        rounds=rounds,
        seconds=time.perf_counter() - started,
        converged=stopped == "converged",
        stopped=stopped,
        columns=master.columns,
        start=[c for c in started_with if c is not None],
        covered=covered,
        history=history,
    )


@dataclass
class IntegerPlan:
    cost: float  # euros, as the programme prices the months (relaxation.TERMS)
    bound: float  # the integer master's own bound (over these columns only: not the month's)
    optimal: bool
    worked: dict[int, tuple[int, ...]]  # occurrences by staff index


def integer_plan(builder: Builder, generated: Generated, seconds: float) -> IntegerPlan | None:
    """One month per employee from the pool, cover rows kept (SCIP within `seconds`): a plan that keeps
    every rule the programme knows; None if SCIP is not available or found nothing in time. Employees the
    programme does not cover keep their linear part, and with it no month: the caller is told by
    `worked` (they are absent from it)."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return None
    lagrangian = Lagrangian(builder, generated.covered)
    master = _Master(builder, lagrangian, generated.covered, solver)
    for column in generated.columns:
        master.add(column)
    start = {(c.staff, c.occurrences) for c in generated.start}
    if start:
        hinted = [
            (var, 1.0 if (c.staff, c.occurrences) in start else 0.0)
            for c, var in zip(master.columns, master.variables, strict=True)
        ]
        solver.SetHint([v for v, _ in hinted], [x for _, x in hinted])
    solver.SetTimeLimit(max(1, int(seconds * 1000)))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    worked = {
        column.staff: column.occurrences
        for column, var in zip(master.columns, master.variables, strict=True)
        if var.solution_value() > 0.5
    }
    objective = master.objective
    return IntegerPlan(objective.Value(), objective.BestBound(), status == pywraplp.Solver.OPTIMAL, worked)


def _forced(
    builder: Builder, lagrangian: Lagrangian, covered: dict[int, EmployeeMonth], s: int, occs: Iterable[int]
) -> Column | None:
    """The employee's month working `occs`, as the programme prices it; None if it is not covered or
    the programme cannot hold that month whole (a rule it knows broken, which no plan of the model does)."""
    month = covered.get(s)
    if month is None:
        return None
    wanted = sorted(occs)
    ys = builder.y[s]
    prices = np.array(lagrangian.cost, dtype=np.float64)
    prices[list(ys.values())] = EMPTY_PRICE
    forced = [ys[i] for i in wanted]
    prices[forced] = -EMPTY_PRICE
    found = month.cheapest(prices)
    if found is None or sorted(found[1]) != wanted:
        return None
    return Column(s, found[0] + float(np.sum(lagrangian.cost[forced] - prices[forced])), tuple(wanted))


def _add_months(master: _Master, found: dict[int, tuple[float, list[int]]]) -> bool:
    added = False
    for s, (cost, worked) in found.items():
        added |= master.add(Column(s, cost, tuple(sorted(worked))))
    return added


def _finite(lo: float, hi: float) -> tuple[float, float]:
    infinity = pywraplp.Solver.infinity()
    return (lo if np.isfinite(lo) else -infinity, hi if np.isfinite(hi) else infinity)
