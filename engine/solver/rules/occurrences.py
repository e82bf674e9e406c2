"""Cover: each occurrence gets at most its head count, plus paid-for surplus where a need allows it.

`assigned + short - surplus == min(open heads, candidates)`: `short` heads are unfilled (a cost, never an
infeasibility: demand nobody can meet becomes unfilled needs with reasons), `surplus` heads exist only
for needs with a `surplus_cost` (benchmark cover). The open heads are the head count, less those worked by
employees left out of a neighbourhood's model (`Instance.held`). Heads beyond the number of candidates are unfilled
whatever the plan: the data alone fixes their cost, which is kept out of the gap.
"""

from __future__ import annotations

from typing import Any

from engine.solver.bound.linear import MonthRows
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ

ARTICLES: tuple[str, ...] = ()

LIMITS: dict[str, tuple[str, tuple[str, ...]]] = {}

blocks = None  # head counts, not a limit on an employee
linear = None  # its rows are the month's (`linear_month`), not an employee's


def build(ctx: Context) -> None:
    model = ctx.model
    for occ in ctx.inst.occs:
        lits = [lit for _, lit in ctx.by_occ[occ.index]]
        if not lits:
            continue
        n, need = len(lits), ctx.inst.open_heads(occ)
        target = min(need, n)
        expr: Any = sum(lits)
        if target > 0:
            short = model.new_int_var(0, target, "")
            ctx.short[occ.index] = short
            expr = expr + short
        if occ.surplus_units is not None and n > need and occ.max_surplus > 0:
            surplus = model.new_int_var(0, min(occ.max_surplus, n - need), "")
            ctx.surplus[occ.index] = surplus
            expr = expr - surplus
        model.add(expr == target)


def fixed_short(ctx: Context, occ_index: int) -> int:
    """Heads of an occurrence unfilled whatever the plan (more heads than candidates)."""
    return unfillable_heads(ctx.inst, ctx.inst.occs[occ_index])


def unfillable_heads(inst: Instance, occ: Occ) -> int:
    """Heads beyond the occurrence's candidates (one literal per candidate: `ctx.by_occ` has as many)."""
    return max(0, inst.open_heads(occ) - len(inst.eligible_staff[occ.index]))


def linear_month(month: MonthRows) -> None:
    """Cover in the linear relaxation: `Σ y + short − surplus = min(heads, candidates)`, `short` priced as
    unfilled (not on the optional days of a days-per-week loan), `surplus` as `objective/cover.py`; the
    heads beyond the candidates are a constant."""
    lp = month.lp
    for occ in month.inst.occs:
        cols = month.by_occ[occ.index]
        n, need = len(cols), occ.headcount
        priced = not occ.source.optional
        if priced:
            lp.offset += month.money(max(0, need - n) * occ.unfilled_units)
        if not cols:
            continue
        target = min(need, n)
        row_cols, row_vals = list(cols), [1.0] * n
        if target > 0:
            short = lp.var(0.0, float(target), month.money(occ.unfilled_units) if priced else 0.0)
            row_cols.append(short)
            row_vals.append(1.0)
        if occ.surplus_units is not None and n > need and occ.max_surplus > 0:
            # objective/cover.py prices no surplus on the optional days of a loan
            price = month.money(occ.surplus_units) if priced else 0.0
            surplus = lp.var(0.0, float(min(occ.max_surplus, n - need)), price)
            row_cols.append(surplus)
            row_vals.append(-1.0)
        lp.row(row_cols, row_vals, float(target), float(target))
