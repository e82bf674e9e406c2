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
from collections.abc import Callable
from typing import Any

from engine.solver.model.context import Context, Regulars


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
        newcomer = {s: bool(servers) and inst.staff[s].id not in servers for s in regular}
        ctx.regulars.append(Regulars(need_id, occ_indexes, regular, dict(held), newcomer, max(1, headcount)))


def hint_regulars(ctx: Context, worked: Callable[[int, int], bool]) -> None:
    """Hint each recurring need's regulars at their best for the hinted assignments (`worked(staff index,
    occurrence index)`): those who serve it most, while serving it saves more than a newcomer costs.

    Why: with the assignments fixed (a hint checked, a plan priced) choosing regulars is a small knapsack
    the model's compact rows (one `off` per need and employee, big-M on the candidate count) leave weak:
    a 200-employee re-plan's check ran 30 s without proving it, where this choice is optimal at once."""
    for need in ctx.regulars:
        counts = dict(need.held)
        for i in need.occurrences:
            for s, _ in ctx.by_occ[i]:
                if worked(s, i):
                    counts[s] = counts.get(s, 0) + 1
        # choosing s saves `count` changes and costs one if s is a newcomer
        gain = {s: counts.get(s, 0) - (1 if need.newcomer[s] else 0) for s in need.regular}
        chosen = set(sorted((s for s in gain if gain[s] > 0), key=lambda s: (-gain[s], s))[: need.room])
        for s, lit in need.regular.items():
            ctx.model.add_hint(lit, s in chosen)
