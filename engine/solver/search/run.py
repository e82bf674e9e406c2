"""Searching a built model (`engine.solver.model.build`) with CP-SAT and reading the plan back: the search
parameters, the checked warm start to fall back on, the bound from the linear relaxation, the exact cost of
a plan the search stopped on, and the plan with its facts. Every search of the solver runs here.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ortools.sat.python import cp_model

from engine.errors import DomainError, SearchTimeout
from engine.model import Plan, SolverFacts
from engine.solver import strategy
from engine.solver.bound.month_relaxation import relax
from engine.solver.bound.relaxation import TERMS
from engine.solver.model.build import Built
from engine.solver.model.instance import Staff
from engine.solver.options import Progress, SolveOptions
from engine.solver.readback import extract
from engine.solver.rules.occurrences import fixed_short
from engine.solver.search.greedy import hint_assignments


def light_presolve(built: Built, options: SolveOptions) -> bool:
    """`strategy.light_presolve` for this model."""
    return strategy.light_presolve(options, variables=len(built.ctx.model.proto.variables))


def lns_only(built: Built, options: SolveOptions) -> bool:
    """`strategy.lns_only` for this model."""
    return strategy.lns_only(options, hinted=built.hinted, variables=len(built.ctx.model.proto.variables))


def set_parameters(params: Any, extra: dict[str, object]) -> None:
    """CP-SAT parameters by name; a list or tuple fills a repeated field (e.g. `subsolvers`)."""
    for key, value in extra.items():
        if isinstance(value, list | tuple):
            field = getattr(params, key)
            del field[:]
            field.extend(value)
        else:
            setattr(params, key, value)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Progress events in euros; `floor` (model units): a bound known before the search (the relaxation
    that guided the greedy), shown whenever CP-SAT's own is weaker."""

    def __init__(self, built: Built, options: SolveOptions, floor: float | None = None) -> None:
        super().__init__()
        self.built, self.options = built, options
        self.floor = float("-inf") if floor is None else floor
        self.solutions = 0
        self.last_solution_time = 0.0
        self.started = time.perf_counter()
        ctx = built.ctx
        # Heads no plan can fill are constant: counted once; the rest is the solution's shortfall variables.
        self.unfillable = sum(fixed_short(ctx, occ.index) for occ in ctx.inst.occs)

    def euros(self, units: float) -> float:
        return (units + self.built.fixed_units) / self.built.ctx.inst.units

    def useful_bound(self, units: float) -> float | None:
        """The bound in euros, None while it is below zero (every cost is ≥ 0: such a bound says nothing,
        e.g. the initial domain's when only neighbourhood workers run)."""
        euros = self.euros(max(units, self.floor))
        return euros if euros > 0 else None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.last_solution_time = time.perf_counter() - self.started
        if self.options.progress is not None:
            self.options.progress(
                Progress(
                    elapsed=self.last_solution_time,
                    objective=self.euros(self.objective_value),
                    bound=self.useful_bound(self.best_objective_bound),
                    solutions=self.solutions,
                    unfilled=self.unfillable + sum(self.value(v) for v in self.built.ctx.short.values()),
                )
            )

    def on_bound(self, bound: float) -> None:
        if self.options.progress is not None:
            self.options.progress(
                Progress(time.perf_counter() - self.started, None, self.useful_bound(bound), self.solutions)
            )


def relaxation_floor(built: Built, options: SolveOptions) -> float | None:
    """A lower bound of the objective (model units, without the fixed part, like CP-SAT's) from the
    instance's linear relaxation (engine.solver.bound.relaxation): the one solved before the search when the
    greedy was guided by it (engine.solver.search.guided), else solved now within a share of the time limit;
    None when turned off, in deterministic runs unless asked for (`relaxation_bound=True`, or `guided=True`
    which solves it first: then without a limit), and when the LP solver found nothing in time."""
    if not strategy.bound_reported(options):
        return None
    result = built.relaxation
    if result is None:
        if not strategy.bound_solved(options):
            return None
        result = relax(built.ctx, options, built.pinned)
    if result.bound is None:
        return None
    # the relaxation prices the constants of its terms too: CP-SAT's objective leaves them out
    return result.bound * built.ctx.inst.units - sum(built.ctx.costs.fixed.get(name, 0) for name in TERMS)


def _check_hint(built: Built, options: SolveOptions) -> cp_model.CpSolver | None:
    """Solve with every decision fixed to the hint: if the model accepts it, it is a legal plan to fall
    back on when the search stops before its first solution (large months on a busy machine)."""
    if not built.hinted or options.deterministic_time is not None:
        return None
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.fix_variables_to_their_hinted_value = True
    params.num_workers = 1
    params.random_seed = options.seed
    # most of the budget if need be: on a large month this fixed-decision solve is the only sure plan
    params.max_time_in_seconds = max(3.0, 0.9 * (options.time_limit or 30.0))
    params.max_presolve_iterations = 1
    params.cp_model_probing_level = 0
    params.symmetry_level = 0
    model = built.ctx.model
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    complete_hint(built, solver)
    return solver


def complete_hint(built: Built, solver: cp_model.CpSolver) -> None:
    """Hint every variable with its value in a solution: the search starts from that plan as its first
    incumbent, with nothing left to complete."""
    model = built.ctx.model
    model.clear_hints()
    values = solver.response_proto.solution
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


EXACT_COST_SECONDS = 5.0  # at most, for re-pricing a plan the search stopped on


def _exact_cost(built: Built, found: cp_model.CpSolver, options: SolveOptions) -> cp_model.CpSolver | None:
    """The plan as found, with its auxiliary variables at their best: a search stopped on a feasible
    solution may leave a regular not chosen, a premium band or an excess higher than the assignments
    need, so its objective overstates the plan's cost (industrie-cluster, deterministic 6: 18,786.69 €
    reported for a plan costing 16,366.14 €). Every assignment is fixed and the rest re-optimised, which
    presolve makes quick; None if that does not finish (the search's figures then stand)."""
    solver = price(built, lambda staff, i, lit: found.boolean_value(lit), options)
    if solver is None or solver.objective_value > found.objective_value:
        return None
    return solver


def price(
    built: Built, worked: Callable[[Staff, int, Any], bool], options: SolveOptions
) -> cp_model.CpSolver | None:
    """Solve the model with every assignment fixed (`worked(staff, occurrence index, literal)`) and the
    rest at its best: the exact cost of that plan in this model; None if it is not legal here or the
    solve does not finish."""
    ctx, model = built.ctx, built.ctx.model
    model.clear_hints()
    hint_assignments(ctx, lambda s, i: worked(ctx.inst.staff[s], i, ctx.literals(s)[i]))
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.fix_variables_to_their_hinted_value = True
    params.num_workers = 1
    params.random_seed = options.seed
    params.max_presolve_iterations = 1  # everything that matters is fixed: presolve has little to find
    params.cp_model_probing_level = 0
    params.symmetry_level = 0
    if options.deterministic_time is not None:
        params.max_deterministic_time = max(1.0, options.deterministic_time / 10)
    else:
        params.max_time_in_seconds = min(EXACT_COST_SECONDS, max(1.0, 0.1 * (options.time_limit or 10.0)))
    if solver.solve(model) != cp_model.OPTIMAL:
        return None
    return solver


@dataclass
class Outcome:
    """The plan and the solver internals a caller may want (benchmarks, re-planning)."""

    plan: Plan
    built: Built
    solver: cp_model.CpSolver
    status: str
    seconds_to_last_solution: float


def run(
    built: Built,
    options: SolveOptions,
    *,
    month: str,
    scenario_name: str = "",
    proven: bool | None = None,
    reasons: bool = True,
) -> Outcome:
    """Search a built model and read the plan back. `proven` overrides whether the plan is known optimal
    (a caller solving a model with fixed decisions knows better than the status of that solve);
    `reasons=False` leaves the unfilled needs out (a neighbourhood's caller computes the month's own)."""
    ctx = built.ctx
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, options.workers)
    params.random_seed = options.seed
    if options.time_limit is not None:
        params.max_time_in_seconds = float(options.time_limit)
    if options.deterministic_time is not None:
        params.max_deterministic_time = float(options.deterministic_time)
    if options.relative_gap:
        params.relative_gap_limit = options.relative_gap
    if light_presolve(built, options):
        params.max_presolve_iterations = 1
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
    if lns_only(built, options):
        params.use_lns_only = True
    set_parameters(params, options.extra_parameters)
    if options.log is not None:
        params.log_search_progress = True
        params.log_to_stdout = False
        solver.log_callback = options.log
    started = time.perf_counter()
    fallback = _check_hint(built, options)
    if options.time_limit is not None:
        params.max_time_in_seconds = max(1.0, options.time_limit - (time.perf_counter() - started))
    early = relaxation_floor(built, options) if built.relaxation is not None else None
    callback = _Progress(built, options, early)
    if options.progress is not None:
        solver.best_bound_callback = callback.on_bound
    if built.decided and fallback is not None and fallback.best_objective_bound >= fallback.objective_value:
        # nothing left to decide and the check priced the plan exactly: a search would find the same
        # (200 x 60: its first plan a second sooner)
        solver, code = fallback, cp_model.OPTIMAL
    else:
        code = solver.solve(ctx.model, callback)
    wall = time.perf_counter() - started
    status = solver.status_name(code)
    search_bound = solver.best_objective_bound  # the fallback's own bound is its fixed plan's cost
    # after the search, so that it never takes search time (it may add up to a quarter of the limit)
    floor = None if code == cp_model.OPTIMAL or built.restricted else relaxation_floor(built, options)
    if floor is not None and options.progress is not None:
        callback.on_bound(max(search_bound, floor))
    wall = time.perf_counter() - started
    if code == cp_model.UNKNOWN and fallback is not None:
        # the search found nothing better in time: the hint, proven legal by the model, is the plan
        solver, code, status = fallback, cp_model.FEASIBLE, "FEASIBLE"
    if code == cp_model.INFEASIBLE:
        raise DomainError(
            "no legal plan exists: the pins, the history or a contract's minimum "
            "(min_total_minutes, minimum runs) contradict the hard rules"
        )
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"invalid CP-SAT model: {ctx.model.validate()}")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SearchTimeout(f"no plan found within the limits (status {status}); allow more time")
    searched = solver.deterministic_time
    # the checked hint was priced exactly (its auxiliaries optimised): only a better plan needs re-pricing
    hint_kept = (
        fallback is not None
        and fallback.best_objective_bound >= fallback.objective_value  # proven: auxiliaries at their best
        and solver.objective_value >= fallback.objective_value
    )
    if code == cp_model.FEASIBLE and not hint_kept:
        solver = _exact_cost(built, solver, options) or solver
    if built.restricted and code == cp_model.OPTIMAL:
        # optimal among the neighbourhood's plans only: no proof for the month
        status = "FEASIBLE"
        proven = False if proven is None else proven
    plan_worked = extract.worked(ctx, solver)
    values = extract.term_values(ctx, solver)
    fixed = built.fixed_units
    objective = solver.objective_value
    bound = search_bound if floor is None else max(search_bound, floor)
    bound = min(bound, objective)
    gap = 0.0 if objective <= 0 else max(0.0, (objective - bound) / objective)
    if code == cp_model.OPTIMAL:
        gap = 0.0
    # a neighbourhood's bound is not the month's, and a bound below zero says nothing: none is claimed
    claimed = not built.restricted and (code == cp_model.OPTIMAL or bound + fixed > 0)
    plan = Plan(
        month=month,
        scenario=scenario_name,
        assignments=extract.assignments(ctx, plan_worked, built.pinned),
        unfilled=extract.unfilled(
            ctx, solver, plan_worked, proven=code == cp_model.OPTIMAL if proven is None else proven
        )
        if reasons
        else [],
        history=ctx.inst.scenario.history,
        cost_terms={name: extract.euros(ctx, v) for name, v in sorted(values.items())},
        solver=SolverFacts(
            status=status,
            objective=extract.euros(ctx, round(objective) + fixed),
            bound=extract.euros(ctx, round(bound) + fixed) if claimed else None,
            gap=Decimal(str(round(gap, 6))) if claimed else None,
            wall_seconds=round(wall, 3),
            workers=params.num_workers,
            seed=options.seed,
            deterministic_time=round(searched, 3),
        ),
        created_at=dt.datetime.now(dt.UTC),
    )
    return Outcome(plan, built, solver, status, callback.last_solution_time)
