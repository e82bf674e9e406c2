"""A fair spread of weekends and of travel across employees.

- `weekend_fairness`: each weekend an employee works above the group's average costs `weekend_fairness`;
- `travel_fairness`: each km of travel between sites above the group's average costs
  `travel_fairness_per_km`.
Averages are over every employee of the group (N = all staff), so that they do not depend on which
candidate pairs a model holds: a model restricted to a neighbourhood (large months, local re-planning)
prices a plan exactly as the whole month's model does. An employee without a weekend (resp. travel)
literal counts 0 and has no excess. The excess is `N·excess ≥ N·own − total`, linear and exact at the
optimum.
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
        _spread(ctx, "weekend_fairness", counts, per_weekend, scale=1, group=len(inst.staff))
    per_tenth = inst.money(weights.travel_fairness_per_km / 10)
    if per_tenth:
        km = {}
        for staff in inst.staff:
            terms = [t.km_tenths for t in ctx.travels[staff.index] if t.km_tenths[1]]
            if terms:
                km[staff.index] = terms
        _spread(ctx, "travel_fairness", km, per_tenth, scale=1, group=len(inst.staff))


def _spread(
    ctx: Context, name: str, amounts: dict[int, list[Term]], unit_cost: int, scale: int, group: int
) -> None:
    if not amounts or group < 2:
        return
    model = ctx.model
    n = group
    everything = [t for terms in amounts.values() for t in terms]
    top = upper(everything)
    total = model.new_int_var(0, top, "")
    model.add(total == weighted(everything))
    for terms in amounts.values():
        own_top = upper(terms)
        excess = model.new_int_var(0, own_top, "")
        model.add(n * excess >= n * weighted(terms) - total)
        ctx.costs.add(name, excess, unit_cost * scale)
