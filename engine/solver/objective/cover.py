"""Unfilled demand and surplus staff.

- `unfilled`: each missing head costs the need's `unfilled_cost`, or by default its priority's hourly
  price (ObjectiveWeights.unfilled_per_hour: critical 250, high 100, normal 45, low 20 €/h) times its
  length. Loans of `days_per_week` cost a high-priority day per day short of the agreed count.
- `surplus`: each head above the head count costs the need's `surplus_cost` (benchmark cover).
Heads nobody can fill are a fixed part (kept out of the gap).
"""

from __future__ import annotations

from engine.solver.model.context import Context
from engine.solver.rules.occurrences import fixed_short


def build(ctx: Context) -> None:
    costs = ctx.costs
    for occ in ctx.inst.occs:
        if occ.source.optional:
            continue  # a candidate day of a days-per-week loan: priced per week below
        short = ctx.short.get(occ.index)
        if short is not None:
            costs.add("unfilled", short, occ.unfilled_units)
        costs.add_fixed("unfilled", fixed_short(ctx, occ.index) * occ.unfilled_units)
        surplus = ctx.surplus.get(occ.index)
        if surplus is not None and occ.surplus_units:
            costs.add("surplus", surplus, occ.surplus_units)
    for shortfall in ctx.loan_shortfall:
        costs.add("unfilled", shortfall.short, shortfall.per_day)
