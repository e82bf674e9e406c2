"""Building a month's CP-SAT model: the `Instance`, its pins, the hard rules and soft terms, and the warm
start (the greedy, guided by the linear relaxation when it is worth it). No search here: `engine.solver.search.run`
searches what is built, and every search (`pipeline`, `large`, `neighbourhood`, `fill`, `replan`) builds here.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ortools.sat.python import cp_model

from engine.model import Pin, Plan, Scenario
from engine.plausible import horizon_problems
from engine.solver import strategy
from engine.solver.bound.relaxation import Result
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance
from engine.solver.model.pins import resolve_pins
from engine.solver.objective import soft_terms
from engine.solver.options import SolveOptions
from engine.solver.rules import hard_rules
from engine.solver.search import greedy, guided
from engine.solver.search.greedy import hint_assignments
from engine.timeutil import month_bounds


def horizon_of(
    scenario: Scenario, month: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date, str]:
    """The date range to plan and the plan's month label (a range's: its first month)."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise ValueError("give both start and end, or a month")
        problems = horizon_problems(start, end)
        if problems:
            raise ValueError("; ".join(problems))
        return start, end, month or f"{start.year:04d}-{start.month:02d}"
    month = month or scenario.month
    if month is None:
        raise ValueError("no month given and the scenario has none")
    first, last = month_bounds(month)
    return first, last, month


def dated(plan: Plan, first: dt.date, last: dt.date) -> Plan:
    """`plan` with its horizon written on it (`Plan.first_day`/`last_day`) when that is not its calendar
    month: a season's or a year's plan says what it covers, and the checker reads it so."""
    if (first, last) == month_bounds(plan.month) or plan.month != f"{first.year:04d}-{first.month:02d}":
        return plan
    return plan.model_copy(update={"first_day": first, "last_day": last})


@dataclass
class Built:
    """A built model and what solving it needs."""

    ctx: Context
    pinned: set[tuple[int, int]]
    build_seconds: float
    hinted: bool = False
    restricted: bool = False  # built on a neighbourhood (`allowed`): its bound is not the month's
    relaxation: Result | None = (
        None  # solved before the search to guide the greedy (engine.solver.search.guided)
    )
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
    wanted = all_pins(scenario, pins or [])
    if inst.held is not None:
        # a neighbourhood's model: the pins of employees outside it are in their held plan
        wanted = [p for p in wanted if p.employee not in inst.staff_by_id or not _outside(inst, p.employee)]
    resolved = resolve_pins(inst, wanted)
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
    decided = bool(fixed) and kept_count == ctx.count_assigned()
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
    use_greedy = strategy.greedy_hint(inst, options)
    hinted = options.hint is not None or use_greedy
    relaxed = guide = None
    if use_greedy and inst.allowed is None and strategy.guided_whole_month(inst, options):
        relaxed, guide = guided.prepare(ctx, options, pinned)
    if options.hint is not None:
        _hint(ctx, options.hint)
    elif use_greedy:
        greedy.greedy_hint(ctx, guide, pinned)
    return Built(
        ctx,
        pinned,
        time.perf_counter() - started,
        hinted,
        restricted=inst.allowed is not None,
        relaxation=relaxed,
        decided=decided,
    )


@dataclass(frozen=True)
class Kept:
    """What every model of a search keeps besides the scenario (engine.solver.search.large): the pins
    given with the solve (a re-plan's: the published pinned assignments and the past still possible),
    and in a re-plan the published plan (the changes' cost) and `today` (nothing added before it)."""

    pins: tuple[Pin, ...] = ()
    published: Plan | None = None
    today: dt.date | None = None


def all_pins(scenario: Scenario, pins: Sequence[Pin]) -> list[Pin]:
    """The scenario's pins and `pins` (a re-plan's): a published pinned assignment is usually also a
    scenario pin, so the same (employee, need, date) counts once."""
    return list({(p.employee, p.need, p.date): p for p in [*scenario.pins, *pins]}.values())


def _outside(inst: Instance, employee: str) -> bool:
    return inst.outside(inst.staff_by_id[employee])


def _freeze_past(ctx: Context, published: Plan, today: dt.date, pinned: set[tuple[int, int]]) -> None:
    """Re-planning: days before `today` are history; nothing is added there (the published assignments
    still possible are pinned by the caller, the others are gone with the change)."""
    for staff in ctx.inst.staff:
        for i, lit in ctx.literals(staff).items():
            if ctx.inst.occs[i].source.date < today and (staff.index, i) not in pinned:
                ctx.model.add(lit == 0)


def _hint(ctx: Context, plan: Plan) -> None:
    hint_pairs(ctx, {(a.employee, a.occurrence_id) for a in plan.assignments})


def hint_pairs(ctx: Context, wanted: AbstractSet[tuple[str, str]]) -> None:
    """Hint every assignment literal: worked when its (employee id, occurrence key) is wanted; and the
    regulars of recurring needs at their best for those assignments (objective/continuity.py)."""
    inst = ctx.inst
    hint_assignments(ctx, lambda s, i: (inst.staff[s].id, inst.occs[i].source.key) in wanted)
