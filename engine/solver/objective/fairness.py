"""A fair spread of weekends and of travel across employees.

- `weekend_fairness`: each weekend an employee works above the group's average costs `weekend_fairness`;
- `travel_fairness`: each km of travel between sites above the group's average costs
  `travel_fairness_per_km`.
Averages are over the employees who could work a weekend (resp. travel) in the horizon; the excess is
`N·excess ≥ N·own − total`, linear and exact at the optimum.
"""

from __future__ import annotations

from engine.solver.context import Context, Term, upper, weighted
from engine.solver.rules.sequences import weekend_literals


def build(ctx: Context) -> None:
    inst = ctx.inst
    weights = inst.scenario.objective
    per_weekend = inst.money(weights.weekend_fairness)
    if per_weekend:
        counts = {}
        for staff in inst.staff:
            lits = weekend_literals(ctx, staff)
            if lits:
                counts[staff.index] = [(lit, 1) for lit in lits]
        _spread(ctx, "weekend_fairness", counts, per_weekend, scale=1)
    per_tenth = inst.money(weights.travel_fairness_per_km / 10)
    if per_tenth:
        km = {}
        for staff in inst.staff:
            terms = [t.km_tenths for t in ctx.travels[staff.index] if t.km_tenths[1]]
            if terms:
                km[staff.index] = terms
        _spread(ctx, "travel_fairness", km, per_tenth, scale=1)


def _spread(ctx: Context, name: str, amounts: dict[int, list[Term]], unit_cost: int, scale: int) -> None:
    if len(amounts) < 2:
        return
    model = ctx.model
    n = len(amounts)
    everything = [t for terms in amounts.values() for t in terms]
    top = upper(everything)
    total = model.new_int_var(0, top, "")
    model.add(total == weighted(everything))
    for terms in amounts.values():
        own_top = upper(terms)
        excess = model.new_int_var(0, own_top, "")
        model.add(n * excess >= n * weighted(terms) - total)
        ctx.costs.add(name, excess, unit_cost * scale)
