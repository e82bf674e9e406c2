"""A fair spread of weekends and of travel across employees.

- `weekend_fairness`: each weekend an employee works above the group's average costs `weekend_fairness`;
- `travel_fairness`: each km of travel between sites above the group's average costs
  `travel_fairness_per_km`.
Averages are over every employee of the group (N = all staff), so that they do not depend on which
candidate pairs a model holds: a model restricted to a neighbourhood (large months, local re-planning)
prices a plan exactly as the whole month's model does. An employee without a weekend (resp. travel)
literal counts 0 and has no excess. The excess is `N·excess ≥ N·own − total`, linear and exact at the
optimum. In a neighbourhood's model the employees left out bring their amounts as constants
(`Instance.held`): they count in the total, and their excess still depends on it.
"""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from engine.solver.model.context import Context, Term, upper, weighted
from engine.solver.rules.sequences import weekend_literals

WEEKENDS, TRAVEL = "weekend_fairness", "travel_fairness"


def build(ctx: Context) -> None:
    inst = ctx.inst
    for name, (unit_cost, amounts) in _terms(ctx).items():
        held = inst.held.amounts.get(name, {}) if inst.held is not None else {}
        _spread(ctx, name, amounts, held, unit_cost, group=len(inst.staff))


def _terms(ctx: Context) -> dict[str, tuple[int, dict[int, list[Term]]]]:
    """Each priced fairness term: its unit cost and each employee's amount as terms of the model."""
    inst = ctx.inst
    weights = inst.scenario.objective
    out: dict[str, tuple[int, dict[int, list[Term]]]] = {}
    per_weekend = inst.money(weights.weekend_fairness)
    if per_weekend:
        counts = {}
        for staff in inst.staff:
            lits = weekend_literals(ctx, staff)
            if lits:
                counts[staff.index] = [(lit, 1) for lit in lits]
        out[WEEKENDS] = (per_weekend, counts)
    per_tenth = inst.money(weights.travel_fairness_per_km / 10)
    if per_tenth:
        km = {}
        for staff in inst.staff:
            terms = [t.km_tenths for t in ctx.travels[staff.index] if t.km_tenths[1]]
            if terms:
                km[staff.index] = terms
        out[TRAVEL] = (per_tenth, km)
    return out


def amounts(ctx: Context, solver: cp_model.CpSolver) -> dict[str, dict[int, int]]:
    """Each employee's amount per fairness term in a solved model (weekends worked, km in tenths), for
    the employees the model holds: what they bring as constants once left out of a neighbourhood."""
    out: dict[str, dict[int, int]] = {}
    for name, (_, per_staff) in _terms(ctx).items():
        out[name] = {
            staff.index: sum(coef * solver.value(var) for var, coef in per_staff.get(staff.index, []))
            for staff in ctx.inst.staff
            if ctx.literals(staff)
        }
    return out


def _spread(
    ctx: Context,
    name: str,
    amounts: dict[int, list[Term]],
    held: Any,
    unit_cost: int,
    group: int,
) -> None:
    constants = {s: c for s, c in held.items() if s not in amounts and c > 0}
    if (not amounts and not constants) or group < 2:
        return
    model = ctx.model
    n = group
    everything = [t for terms in amounts.values() for t in terms]
    fixed = sum(constants.values())
    total = model.new_int_var(fixed, upper(everything) + fixed, "")
    model.add(total == weighted(everything) + fixed)
    for terms in amounts.values():
        excess = model.new_int_var(0, upper(terms), "")
        model.add(n * excess >= n * weighted(terms) - total)
        ctx.costs.add(name, excess, unit_cost)
    for own in constants.values():
        excess = model.new_int_var(0, own, "")
        model.add(n * excess >= n * own - total)
        ctx.costs.add(name, excess, unit_cost)
