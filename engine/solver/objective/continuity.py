"""Continuity and preferred employees.

- `continuity`: a member's recurring need is best served by the same person(s). Each need with several
  occurrences chooses up to its head count of regular employees; each assignment by someone else costs
  `continuity_change`. Where the history names last month's servers, choosing a regular who did not serve
  it last month costs `continuity_change` once more. In a neighbourhood's model the employees left out
  serve a need a constant number of times (`Instance.held`), and may still be chosen as its regulars.
- `preferred`: each assignment of a need by someone outside its `preferred_employees` costs
  `preferred_employee_bonus` (the same as a bonus for the preferred, up to a constant).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from engine.solver.context import Context


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    weights = inst.scenario.objective
    change = inst.money(weights.continuity_change)
    preferred = inst.money(weights.preferred_employee_bonus)
    last_month = inst.scenario.history.last_month_servers if inst.scenario.history else {}
    by_need: dict[str, list[int]] = defaultdict(list)
    for occ in inst.occs:
        if occ.source.secondment is None:
            by_need[occ.source.need].append(occ.index)
    for need_id, occ_indexes in by_need.items():
        if preferred and inst.occs[occ_indexes[0]].preferred:
            wanted = inst.occs[occ_indexes[0]].preferred
            for i in occ_indexes:
                for s, lit in ctx.by_occ[i]:
                    if inst.staff[s].id not in wanted:
                        ctx.costs.add("preferred", lit, preferred)
        if not change or len(occ_indexes) < 2:
            continue
        served: dict[int, list[Any]] = defaultdict(list)
        for i in occ_indexes:
            for s, lit in ctx.by_occ[i]:
                served[s].append(lit)
        if not served:
            continue  # nobody in the model serves it: its cost is a constant (held by the others)
        held = inst.held.served.get(need_id, {}) if inst.held is not None else {}
        regular: dict[int, Any] = {}
        for s, lits in served.items():
            # assignments by a non-regular: `off >= count - n * regular` (exact: 0 for a regular, the count
            # otherwise); one integer per (need, employee) rather than one literal per assignment
            regular[s] = model.new_bool_var("")
            off = model.new_int_var(0, len(lits), "")
            model.add(off >= sum(lits) - len(lits) * regular[s])
            ctx.costs.add("continuity", off, change)
        for s, count in held.items():  # employees outside a neighbourhood's model: a constant count
            if s in served or count <= 0:
                continue
            regular[s] = model.new_bool_var("")
            off = model.new_int_var(0, count, "")
            model.add(off >= count - count * regular[s])
            ctx.costs.add("continuity", off, change)
        headcount = max(inst.occs[i].headcount for i in occ_indexes)
        model.add(sum(regular.values()) <= max(1, headcount))
        servers = set(last_month.get(need_id, ()))
        if servers:
            for s, lit in regular.items():
                if inst.staff[s].id not in servers:
                    ctx.costs.add("continuity", lit, change)
