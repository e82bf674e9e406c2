"""`solve`: a scenario and a date range in, a legal plan out.

Pipeline: `Instance` (plain numbers) → pins checked → hard rules and soft terms built into one CP-SAT
model (`engine.solver.rules`, `engine.solver.objective`) → optional warm start → CP-SAT → plan with
assignments, unfilled needs and their reasons, cost by term and solver facts.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ortools.sat.python import cp_model

from engine.errors import DomainError, SearchTimeout
from engine.model import Pin, Plan, Scenario, SolverFacts
from engine.solver import extract, relaxation
from engine.solver.context import Context
from engine.solver.hint import hint_assignments
from engine.solver.instance import Instance, Staff
from engine.solver.objective import soft_terms
from engine.solver.options import LIGHT_PRESOLVE_ABOVE, Progress, SolveOptions
from engine.solver.pins import resolve_pins
from engine.solver.relaxation import TERMS, Result
from engine.solver.rules import hard_rules
from engine.solver.rules.cover import fixed_short
from engine.timeutil import month_bounds


def horizon_of(
    scenario: Scenario, month: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date, str]:
    """The date range to plan and the plan's month label."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise ValueError("give both start and end, or a month")
        return start, end, month or f"{start.year:04d}-{start.month:02d}"
    month = month or scenario.month
    if month is None:
        raise ValueError("no month given and the scenario has none")
    first, last = month_bounds(month)
    return first, last, month


@dataclass
class Built:
    """A built model and what solving it needs."""

    ctx: Context
    pinned: set[tuple[int, int]]
    build_seconds: float
    hinted: bool = False
    restricted: bool = False  # built on a neighbourhood (`allowed`): its bound is not the month's
    relaxation: Result | None = None  # solved before the search to guide the greedy (engine.solver.guided)
    # every assignment literal is fixed worked (a large month's first plan: the greedy's pairs alone, all
    # kept): once the hint is checked there is nothing left to search
    decided: bool = False

    @property
    def fixed_units(self) -> int:
        return sum(self.ctx.costs.fixed.values())


def build(
    scenario: Scenario,
    first: dt.date,
    last: dt.date,
    options: SolveOptions,
    *,
    pins: list[Pin] | None = None,
    published: Plan | None = None,
    today: dt.date | None = None,
    allowed: AbstractSet[tuple[str, str]] | None = None,
    fixed: AbstractSet[tuple[str, str]] = frozenset(),
    instance: Instance | None = None,
) -> Built:
    """Build the model (no search). Exposed for benchmarks that measure building alone.

    `allowed` restricts the candidates to these (employee id, occurrence key) pairs (see `Instance`);
    `fixed` pairs are kept worked as they are (a neighbourhood's frozen part: unlike pins, they are not
    flagged as the manager's), when still eligible."""
    started = time.perf_counter()
    if instance is not None:
        inst = instance  # already restricted when it should be (see instance.narrowed)
    else:
        inst = Instance(scenario, first, last, units_per_euro=options.units_per_euro, allowed=allowed)
    # a published pinned assignment is usually also a scenario pin: the same (employee, need, date) once
    all_pins = list({(p.employee, p.need, p.date): p for p in [*scenario.pins, *(pins or [])]}.values())
    resolved = resolve_pins(inst, all_pins)
    ctx = Context(inst, options, published=published, today=today)
    for rule in hard_rules():
        rule.build(ctx)
    pinned = set()
    for staff, occ in resolved:
        lit = ctx.assigned(staff, occ)
        assert lit is not None  # resolve_pins checked eligibility
        ctx.model.add(lit == 1)
        pinned.add((staff.index, occ.index))
    kept_count = 0
    for employee, key in fixed:
        who, what = inst.staff_by_id.get(employee), inst.occ_by_key.get(key)
        kept = None if who is None or what is None else ctx.assigned(who, what)
        if kept is not None:
            ctx.model.add(kept == 1)
            kept_count += 1
    decided = bool(fixed) and kept_count == sum(len(lits) for lits in ctx.x)
    if published is not None and today is not None:
        _freeze_past(ctx, published, today, pinned)
    for term in soft_terms():
        term.build(ctx)
    objective = []
    coefs = []
    for name in ctx.costs.names():
        for var, coef in ctx.costs.terms.get(name, []):
            objective.append(var)
            coefs.append(coef)
    ctx.model.minimize(cp_model.LinearExpr.weighted_sum(objective, coefs) if objective else 0)
    from engine.solver import guided, hint

    use_greedy = options.hint is None and options.greedy_hint and hint.applicable(ctx)
    hinted = options.hint is not None or use_greedy
    relaxed = guide = None
    if use_greedy and inst.allowed is None and guided.guides(ctx, options):
        relaxed, guide = guided.prepare(ctx, options, pinned)
    if options.hint is not None:
        _hint(ctx, options.hint)
    elif use_greedy:
        hint.greedy_hint(ctx, guide)
    return Built(
        ctx,
        pinned,
        time.perf_counter() - started,
        hinted,
        restricted=inst.allowed is not None,
        relaxation=relaxed,
        decided=decided,
    )


def _freeze_past(ctx: Context, published: Plan, today: dt.date, pinned: set[tuple[int, int]]) -> None:
    """Re-planning: days before `today` are history; nothing is added there (the published assignments
    still possible are pinned by the caller, the others are gone with the change)."""
    for staff in ctx.inst.staff:
        for i, lit in ctx.x[staff.index].items():
            if ctx.inst.occs[i].source.date < today and (staff.index, i) not in pinned:
                ctx.model.add(lit == 0)


def _hint(ctx: Context, plan: Plan) -> None:
    hint_pairs(ctx, {(a.employee, a.occurrence_id) for a in plan.assignments})


def hint_pairs(ctx: Context, wanted: AbstractSet[tuple[str, str]]) -> None:
    """Hint every assignment literal: worked when its (employee id, occurrence key) is wanted; and the
    regulars of recurring needs at their best for those assignments (objective/continuity.py)."""
    inst = ctx.inst
    hint_assignments(ctx, lambda s, i: (inst.staff[s].id, inst.occs[i].source.key) in wanted)


def light_presolve(built: Built, options: SolveOptions) -> bool:
    """The option when set, else light presolve for large models (see SolveOptions)."""
    if options.light_presolve is not None:
        return options.light_presolve
    return len(built.ctx.model.proto.variables) > LIGHT_PRESOLVE_ABOVE


def lns_only(built: Built, options: SolveOptions) -> bool:
    """The option when set, else LNS only on large GE months started from a hint: there CP-SAT's single
    full-problem LP worker (with 2 workers) spends the whole limit on the root LP and finds nothing, while
    its neighbourhood workers improve the plan (generated 50 x 20 at 30 s, seeds 1-3: 29,827-31,166 EUR
    against 33,429-34,023 EUR with the default portfolio). Never on small models (they are solved to
    optimality) nor without a hint (the Curtois rosters, where the LP worker proves optima)."""
    if options.lns_only is not None:
        return options.lns_only
    return built.hinted and len(built.ctx.model.proto.variables) > LIGHT_PRESOLVE_ABOVE


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


RELAXATION_SHARE = 0.25  # of the time limit, at most `RELAXATION_SECONDS`
RELAXATION_SECONDS = 20.0


def _relaxation_bound(built: Built, options: SolveOptions) -> float | None:
    """A lower bound of the objective (model units, without the fixed part, like CP-SAT's) from the
    instance's linear relaxation (engine.solver.relaxation): the one solved before the search when the
    greedy was guided by it (engine.solver.guided), else solved now within a share of the time limit;
    None when turned off, in deterministic runs unless asked for (`relaxation_bound=True`, or `guided=True`
    which solves it first: then without a limit), and when the LP solver found nothing in time."""
    if options.relaxation_bound is False:
        return None
    result = built.relaxation
    if result is None:
        if options.relaxation_bound is None and (
            options.deterministic_time is not None or options.time_limit is None
        ):
            return None
        result = relax(built.ctx, options, built.pinned)
    if result.bound is None:
        return None
    # the relaxation prices the constants of its terms too: CP-SAT's objective leaves them out
    return result.bound * built.ctx.inst.units - sum(built.ctx.costs.fixed.get(name, 0) for name in TERMS)


def relaxation_seconds(options: SolveOptions) -> float | None:
    """The time a relaxation may take: `RELAXATION_SHARE` of the limit, at most `RELAXATION_SECONDS`;
    no limit in deterministic runs."""
    if options.time_limit is None or options.deterministic_time is not None:
        return None
    return min(RELAXATION_SECONDS, RELAXATION_SHARE * options.time_limit)


def relax(
    ctx: Context, options: SolveOptions, pinned: set[tuple[int, int]], *, arc_budget: int | None = None
) -> Result:
    """The instance's linear relaxation within `relaxation_seconds`, with the pins and, when re-planning,
    the frozen past fixed; `arc_budget` as in `solve_relaxation` (None: its default)."""
    seconds = relaxation_seconds(options)
    zeros: set[tuple[int, int]] = set()
    if ctx.published is not None and isinstance(ctx.today, dt.date):  # re-planning: the past is frozen
        for staff in ctx.inst.staff:
            zeros.update((staff.index, i) for i in staff.eligible if ctx.inst.occs[i].source.date < ctx.today)
    budget = relaxation.ARC_BUDGET if arc_budget is None else arc_budget
    return relaxation.solve_relaxation(
        ctx.inst, seconds, ones=pinned, zeros=zeros - pinned, arc_budget=budget
    )


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
    hint_assignments(ctx, lambda s, i: worked(ctx.inst.staff[s], i, ctx.x[s][i]))
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
    early = _relaxation_bound(built, options) if built.relaxation is not None else None
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
    floor = None if code == cp_model.OPTIMAL or built.restricted else _relaxation_bound(built, options)
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


def solve(
    scenario: Scenario,
    month: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    options: SolveOptions | None = None,
) -> Plan:
    """Plan a month (or any date range) for the whole group; see docs/solver.md."""
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
    options = options or SolveOptions()
    started = time.perf_counter()
    first, last, label = horizon_of(scenario, month, start, end)
    inst = None
    if allowed is None and not pins and published is None and options.neighbourhood_search is not False:
        from engine.solver import large

        inst = Instance(scenario, first, last, units_per_euro=options.units_per_euro)
        if large.suits(inst, options):
            # the time limit counts from here: building the instance of 500 x 150 takes ~10 s
            return large.solve_large(scenario, inst, first, last, label, options, started=started)
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
    from engine.solver import fill

    polished = allowed is None and not pins and published is None and options.fill is not False
    search = options
    if options.time_limit is not None and options.deterministic_time is None:
        # the limit counts from the start: the build (and a relaxation solved first) comes out of it,
        # and the fill's share when a fill follows
        spent = time.perf_counter() - started
        kept = fill.fill_seconds(options.time_limit) if polished else 0.0
        search = replace(options, time_limit=max(1.0, options.time_limit - kept - spent))
    searched = run(built, search, month=label, scenario_name=scenario.name)
    return fill.polish(scenario, first, last, label, options, searched) if polished else searched
