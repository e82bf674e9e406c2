"""Fill what a plan left unfilled: every assignment kept, each open head offered to all its candidates.

Why: on GE months CP-SAT's own search (and its neighbourhood workers) improves a hinted plan slowly,
because taking one more head changes many auxiliary variables at once (day paths, travel amounts, weekly
minutes, idle hours, the shortfall). Measured on a generated 50 × 20 month after 30 s of search: 19 heads
could still be taken by someone free at that time, for 4,886 € less; a model where the plan is fixed and
only the candidates of the open heads are added finds them all in under a second, solved to optimality
or close to it.

The model is the whole month restricted to the plan's pairs plus those candidates (`build.build(allowed=...,
fixed=...)`): its plans are plans of the full model, priced exactly as the month (see instance.narrowed), so
the result passes the same rules and the independent checker, and is kept only when it costs less.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from decimal import Decimal

from engine.errors import DomainError
from engine.model import Plan, Scenario
from engine.solver.model.build import build
from engine.solver.model.instance import Instance, narrowed
from engine.solver.options import Progress, SolveOptions
from engine.solver.search.run import Outcome, run

Pair = tuple[str, str]  # (employee id, occurrence key)
FILL_SECONDS = 3.0  # a fill on 50 x 20 needs about a second; 200 x 60 a few (its build dominates)
FILL_SHARE = 0.1  # of a whole-month solve's time limit, at most FILL_SECONDS
FILL_DETERMINISTIC = 2.0  # deterministic units of a fill in reproducible runs (tests)


def plan_pairs(plan: Plan) -> set[Pair]:
    return {(a.employee, a.occurrence_id) for a in plan.assignments}


def open_candidates(inst: Instance, plan: Plan) -> set[Pair]:
    """Every (candidate, occurrence) pair of the occurrences the plan leaves unfilled, not yet worked."""
    worked = plan_pairs(plan)
    out: set[Pair] = set()
    for unfilled in plan.unfilled:
        occ = inst.occ_by_key.get(f"{unfilled.need}@{unfilled.date.isoformat()}")
        if occ is None:
            continue
        for s in inst.eligible_staff[occ.index]:
            pair = (inst.staff[s].id, occ.source.key)
            if pair not in worked:
                out.add(pair)
    return out


def fill_options(options: SolveOptions, plan: Plan, seconds: float | None) -> SolveOptions:
    """A short search hinted with the plan: a neighbourhood has no month bound to compute."""
    deterministic = options.deterministic_time is not None
    return replace(
        options,
        time_limit=None if deterministic or seconds is None else max(0.5, seconds),
        deterministic_time=FILL_DETERMINISTIC if deterministic else None,
        hint=plan,
        greedy_hint=False,
        relaxation_bound=False,
        lns_only=False,
        neighbourhood_search=False,
        progress=None,
        log=None,
    )


def fill(
    scenario: Scenario,
    base: Instance,
    first: dt.date,
    last: dt.date,
    label: str,
    options: SolveOptions,
    plan: Plan,
    seconds: float | None = FILL_SECONDS,
) -> Outcome | None:
    """The plan with the open heads its candidates can legally take, at a lower month cost; None when
    nothing is open, nothing better was found in time, or the neighbourhood could not be solved."""
    extra = open_candidates(base, plan)
    if not extra:
        return None
    current = plan_pairs(plan)
    sub = fill_options(options, plan, seconds)
    try:
        built = build(scenario, first, last, sub, fixed=current, instance=narrowed(base, current | extra))
        outcome = run(built, sub, month=label, scenario_name=scenario.name)
    except DomainError:
        return None
    before, after = plan.solver, outcome.plan.solver
    if before is None or after is None or before.objective is None or after.objective is None:
        return None
    return outcome if after.objective < before.objective else None


def polish(
    scenario: Scenario, first: dt.date, last: dt.date, label: str, options: SolveOptions, month: Outcome
) -> Outcome:
    """After a search of the whole month that stopped without proof: fill its open heads, and report the
    filled plan with the month's facts (its bound still holds; the gap is recomputed on the new cost)."""
    facts = month.plan.solver
    if month.status == "OPTIMAL" or facts is None or facts.objective is None or not month.plan.unfilled:
        return month
    started = time.perf_counter()
    budget = None if options.time_limit is None else fill_seconds(options.time_limit)
    filled = fill(scenario, month.built.ctx.inst, first, last, label, options, month.plan, budget)
    if filled is None or filled.plan.solver is None or filled.plan.solver.objective is None:
        return month
    objective = filled.plan.solver.objective
    fixed = Decimal(month.built.fixed_units) / month.built.ctx.inst.units
    gap = None
    if facts.bound is not None:
        variable = objective - fixed
        gap = Decimal(0) if variable <= 0 else max(Decimal(0), (objective - facts.bound) / variable)
        gap = gap.quantize(Decimal("0.000001"))
    plan = filled.plan.model_copy(
        update={
            "solver": facts.model_copy(
                update={
                    "objective": objective,
                    "gap": gap,
                    "wall_seconds": round(facts.wall_seconds + time.perf_counter() - started, 3),
                }
            )
        }
    )
    if options.progress is not None:
        options.progress(Progress(facts.wall_seconds, float(objective), None, 0))
    return replace(month, plan=plan)


def fill_seconds(time_limit: float) -> float:
    """The share of a solve's time limit kept for the fill after the search."""
    return min(FILL_SECONDS, FILL_SHARE * time_limit)
