"""Large-neighbourhood search over a built model: a full solve first, then repeated solves of slices of it.

Why: on 2 cores CP-SAT runs one full-problem worker and one worker that interleaves its generic
neighbourhoods; on long horizons (a year of rosters, a month of 500 employees) neither gets far. A plan has a
structure CP-SAT's generic neighbourhoods do not know: days and employees. Freeing every assignment of a
window of days (all staff), of a few employees (all days), or of a few employees over a window, and fixing
all the others to the best plan so far, gives sub-problems CP-SAT solves (often to optimality) in seconds;
each accepted result is a legal plan of the whole model, since fixing variables only restricts it.

The model is built once (`engine.solver.model.build.build`); a neighbourhood is applied by narrowing the domains of
the fixed assignment literals in the model's proto in place, and undone after the sub-solve, so no copy of a
large model is ever made. The best plan seeds every sub-solve as a complete hint. The size of the
neighbourhood adapts: grown when a sub-problem is proven optimal without gain (too easy), shrunk when its
time runs out. The plan itself is read back by `engine.solver.search.run.run` on the model with every assignment
fixed to the best one found, so extraction (assignments, unfilled needs, costs) stays the solver's own.

The first, full solve may use a different CP-SAT portfolio (`full_subsolvers`): `max_lp` (the full linear
relaxation with cuts) proves small rosters optimal in seconds where the default portfolio does not.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import Decimal

from ortools.sat.python import cp_model

from engine.solver.model.build import Built
from engine.solver.options import Progress, SolveOptions
from engine.solver.readback import extract
from engine.solver.search.run import Outcome, light_presolve, run, set_parameters


@dataclass
class LnsSettings:
    """How to split the time: the full solve's share, the sub-solves' limits and their first size."""

    full_share: float = 0.4  # of the time limit spent on the full model before neighbourhoods
    full_subsolvers: tuple[str, ...] = ()  # CP-SAT full-problem subsolvers for that phase (() = default)
    sub_time: float = 4.0  # seconds per sub-solve
    first_size: int = 1500  # assignment literals freed at first
    min_size: int = 200
    grow: float = 1.3
    shrink: float = 0.85
    # with a first plan given, the full solve hands over to neighbourhoods once it has not improved for
    # this share of the time limit (at least `min_stall` seconds), instead of running its whole share
    stall_share: float = 0.1
    min_stall: float = 5.0


@dataclass
class LnsStats:
    full_status: str
    full_bound: float
    iterations: int = 0
    improvements: int = 0
    final_size: int = 0


class _Incumbent:
    def __init__(self) -> None:
        self.values: list[int] = []
        self.objective = float("inf")


class _Stall:
    """Stops a solve that has found nothing better for `patience` seconds (checked twice a second)."""

    def __init__(self, solver: cp_model.CpSolver, patience: float) -> None:
        self.solver, self.patience = solver, patience
        self.last = time.perf_counter()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def improved(self) -> None:
        self.last = time.perf_counter()

    def _watch(self) -> None:
        while not self.done.wait(0.5):
            if time.perf_counter() - self.last > self.patience:
                self.solver.stop_search()
                return

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


class _Relay(cp_model.CpSolverSolutionCallback):
    """Keeps the best full solution's objective, reports progress (objective in euros) to the caller."""

    def __init__(self, best: _Incumbent, on_improve: object, watch: _Stall | None = None) -> None:
        super().__init__()
        self.on_improve, self.watch = on_improve, watch
        self.seen = best.objective

    def on_solution_callback(self) -> None:
        if self.objective_value < self.seen - 0.5:
            self.seen = self.objective_value
            if self.watch is not None:
                self.watch.improved()
            assert callable(self.on_improve)
            self.on_improve(self.objective_value, self.best_objective_bound)


def _params(
    solver: cp_model.CpSolver, built: Built, options: SolveOptions, seconds: float, seed: int
) -> None:
    """The same CP-SAT settings as `run.run` (light presolve on large models, extra parameters)."""
    params = solver.parameters
    params.num_workers = max(1, options.workers)
    params.random_seed = seed
    params.max_time_in_seconds = max(0.1, seconds)
    if light_presolve(built, options):
        params.max_presolve_iterations = 1
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
    set_parameters(params, options.extra_parameters)


def solve_lns(
    built: Built,
    options: SolveOptions,
    settings: LnsSettings | None = None,
    start: Collection[tuple[int, int]] | None = None,
) -> tuple[Outcome, LnsStats]:
    """Solve a built model within `options.time_limit` seconds: full solve, then neighbourhoods.

    `start`, when given, is a legal first plan as (staff index, occurrence index) pairs worked (every other
    assignment literal is 0): it becomes the incumbent before the full solve, which then runs only while it
    improves (`stall_share`)."""
    settings = settings or LnsSettings()
    limit = float(options.time_limit or 60.0)
    started = time.perf_counter()
    ctx, model = built.ctx, built.ctx.model
    units = ctx.inst.units

    def report(objective: float, bound: float | None) -> None:
        if options.progress is not None:
            to_euros = lambda v: (v + built.fixed_units) / units  # noqa: E731
            options.progress(
                Progress(
                    time.perf_counter() - started,
                    to_euros(objective),
                    None if bound is None else to_euros(bound),
                    0,
                )
            )

    # 0. The first plan given, completed by the model (every assignment literal fixed, the rest follows).
    best = _Incumbent()
    if start is not None:
        first = _complete(built, options, set(start), limit)
        if first is not None:
            best.values, best.objective = first
            report(best.objective, None)

    # 1. The full model.
    solver = cp_model.CpSolver()
    _params(solver, built, options, limit * settings.full_share, options.seed)
    for name in settings.full_subsolvers:
        solver.parameters.subsolvers.append(name)
    watch = None
    if best.values:
        _set_hint(model, best.values)
        watch = _Stall(solver, max(settings.min_stall, settings.stall_share * limit))
    relay = _Relay(best, report, watch)
    code = solver.solve(model, relay)
    while best.values == [] and code not in (
        cp_model.OPTIMAL,
        cp_model.FEASIBLE,
        cp_model.INFEASIBLE,
        cp_model.MODEL_INVALID,
    ):
        remaining = limit - (time.perf_counter() - started)
        if remaining <= 1:
            break
        _params(solver, built, options, remaining, options.seed + 1)
        code = solver.solve(model, relay)
    if watch is not None:
        watch.stop()
    stats = LnsStats(solver.status_name(code), solver.best_objective_bound)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value <= best.objective:
        best.values = list(solver.response_proto.solution)
        best.objective = solver.objective_value
    if not best.values:
        return _finish(built, options, started, stats, None), stats  # run() names why there is no plan
    bound = solver.best_objective_bound if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0.0
    stats.full_bound = bound

    # 2. Neighbourhoods until the time is up or the bound is reached.
    literals = [(s, occ, lit.index) for s, occ, lit in ctx.all_assigned()]
    days = [ctx.inst.occs[occ].day for _, occ, _ in literals]
    n_days = max(1, ctx.inst.horizon.n_days)
    n_staff = max(1, len(ctx.inst.staff))
    rng = random.Random(options.seed)
    size = max(settings.min_size, min(settings.first_size, len(literals) // 3))
    kinds = ("days", "staff", "block")
    while best.objective > bound and len(literals) > 0:
        remaining = limit - (time.perf_counter() - started) - 1.0
        if remaining < 0.5:
            break
        chosen = neighbourhood(kinds[stats.iterations % 3], size, literals, days, n_days, n_staff, rng)
        improved, proven = _sub_solve(
            built, options, literals, chosen, best, min(settings.sub_time, remaining), stats.iterations
        )
        stats.iterations += 1
        if improved:
            stats.improvements += 1
            report(best.objective, bound)
        elif proven:
            size = min(len(literals), int(size * settings.grow) + 1)
        else:
            size = max(settings.min_size, int(size * settings.shrink))
    stats.final_size = size
    return _finish(built, options, started, stats, best), stats


def neighbourhood(
    kind: str,
    size: int,
    literals: list[tuple[int, int, int]],
    days: list[int],
    n_days: int,
    n_staff: int,
    rng: random.Random,
) -> set[int]:
    """Positions (in `literals`) of the assignment literals left free."""
    per_day = len(literals) / n_days
    per_staff = len(literals) / n_staff
    if kind == "days":
        width = max(1, min(n_days, round(size / per_day)))
        first = rng.randrange(0, n_days - width + 1)
        return {k for k, d in enumerate(days) if first <= d < first + width}
    if kind == "staff":
        count = max(1, min(n_staff, round(size / per_staff)))
        staff = set(rng.sample(range(n_staff), count))
        return {k for k, (s, _, _) in enumerate(literals) if s in staff}
    # a block of staff × days, each side the square root of the share freed
    share = min(1.0, (size / len(literals)) ** 0.5)
    width = max(2, min(n_days, round(n_days * share)))
    count = max(1, min(n_staff, round(n_staff * share)))
    first = rng.randrange(0, n_days - width + 1)
    staff = set(rng.sample(range(n_staff), count))
    return {k for k, (s, _, _) in enumerate(literals) if s in staff and first <= days[k] < first + width}


def _sub_solve(
    built: Built,
    options: SolveOptions,
    literals: list[tuple[int, int, int]],
    free: set[int],
    best: _Incumbent,
    seconds: float,
    iteration: int,
) -> tuple[bool, bool]:
    """Solve with every literal outside `free` fixed to the best plan; (improved, proven optimal)."""
    model = built.ctx.model
    variables = model.proto.variables
    fixed = [index for k, (_, _, index) in enumerate(literals) if k not in free]
    saved = [(index, variables[index].domain[0], variables[index].domain[1]) for index in fixed]
    try:
        for index in fixed:
            value = best.values[index]
            domain = variables[index].domain
            domain[0] = value
            domain[1] = value
        _set_hint(model, best.values)
        solver = cp_model.CpSolver()
        _params(solver, built, options, seconds, options.seed + 1 + iteration)
        code = solver.solve(model)
    finally:
        for index, lo, hi in saved:
            domain = variables[index].domain
            domain[0] = lo
            domain[1] = hi
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < best.objective - 0.5:
        best.values = list(solver.response_proto.solution)
        best.objective = solver.objective_value
        return True, code == cp_model.OPTIMAL
    return False, code == cp_model.OPTIMAL


def _complete(
    built: Built, options: SolveOptions, worked: set[tuple[int, int]], limit: float
) -> tuple[list[int], float] | None:
    """Every variable's value for the plan `worked` (all assignment literals fixed), and its objective."""
    ctx, model = built.ctx, built.ctx.model
    variables = model.proto.variables
    saved = []
    for s, occ, lit in ctx.all_assigned():
        domain = variables[lit.index]
        saved.append((lit.index, domain.domain[0], domain.domain[1]))
        domain.domain[0] = domain.domain[1] = 1 if (s, occ) in worked else 0
    try:
        solver = cp_model.CpSolver()
        _params(solver, built, options, max(5.0, limit / 4), options.seed)
        code = solver.solve(model)
    finally:
        for index, lo, hi in saved:
            domain = variables[index]
            domain.domain[0] = lo
            domain.domain[1] = hi
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), solver.objective_value


def _set_hint(model: cp_model.CpModel, values: list[int]) -> None:
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _finish(
    built: Built,
    options: SolveOptions,
    started: float,
    stats: LnsStats,
    best: _Incumbent | None,
) -> Outcome:
    """The plan of the best solution, read by the solver's own `run` on the model fixed to it."""
    ctx, model = built.ctx, built.ctx.model
    variables = model.proto.variables
    quiet = replace(
        options, progress=None, log=None, time_limit=60.0, deterministic_time=None, relaxation_bound=False
    )
    if best is None:
        return run(built, replace(quiet, time_limit=1.0), month=_month(built))
    saved = []
    for _, _, lit in ctx.all_assigned():
        index = lit.index
        domain = variables[index].domain
        saved.append((index, domain[0], domain[1]))
        domain[0] = domain[1] = best.values[index]
    proven = stats.full_status == "OPTIMAL" or best.objective <= stats.full_bound + 1e-9
    try:
        _set_hint(model, best.values)
        outcome = run(built, quiet, month=_month(built), scenario_name=ctx.inst.scenario.name, proven=proven)
    finally:
        for index, lo, hi in saved:
            domain = variables[index].domain
            domain[0] = lo
            domain[1] = hi
    facts = outcome.plan.solver
    if facts is not None:
        objective = best.objective
        bound = stats.full_bound
        gap = 0.0 if proven or objective <= 0 else max(0.0, (objective - bound) / objective)
        outcome.plan.solver = facts.model_copy(
            update={
                "status": "OPTIMAL" if proven else "FEASIBLE",
                "bound": extract.euros(ctx, round(bound) + built.fixed_units),
                "gap": Decimal(str(round(gap, 6))),
                "wall_seconds": round(time.perf_counter() - started, 3),
            }
        )
        outcome.status = "OPTIMAL" if proven else "FEASIBLE"
    return outcome


def _month(built: Built) -> str:
    first = built.ctx.inst.horizon.first
    return f"{first.year:04d}-{first.month:02d}"
