"""Employees' wishes (`Employee.wishes`), each at its weight × `wish_factor`.

- `avoid`: each matching assignment costs the weight;
- `want` with a date: the weight if no matching assignment that day;
- `want` without a date: each assignment that does not match costs the weight.
Filters: member, weekday, date, shift kind (an empty filter matches all).
"""

from __future__ import annotations

from engine.model import Wish, WishKind
from engine.solver.model.context import Context
from engine.solver.model.instance import Occ


def matches(wish: Wish, occ: Occ) -> bool:
    src = occ.source
    if wish.member is not None and wish.member != src.member:
        return False
    if wish.weekday is not None and int(wish.weekday) != src.date.weekday():
        return False
    if wish.date is not None and wish.date != src.date:
        return False
    return wish.shift_kind is None or wish.shift_kind == src.kind


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    factor = inst.scenario.objective.wish_factor
    if factor == 0:
        return
    for staff in inst.staff:
        xs = ctx.literals(staff)
        for wish in staff.employee.wishes:
            weight = inst.money(wish.weight * factor)
            if weight == 0:
                continue
            if wish.date is not None:
                if not inst.horizon.in_horizon(inst.horizon.index(wish.date)):
                    continue
                day_occs = ctx.day_occs(staff, inst.horizon.index(wish.date))
                candidates = [(i, xs[i]) for i in day_occs]
            else:
                candidates = list(xs.items())
            if wish.kind is WishKind.AVOID:
                for i, lit in candidates:
                    if matches(wish, inst.occs[i]):
                        ctx.costs.add("wishes", lit, weight)
            elif wish.date is not None:
                met = [lit for i, lit in candidates if matches(wish, inst.occs[i])]
                if not met:
                    ctx.costs.add_fixed("wishes", weight)
                elif len(met) == 1:
                    ctx.costs.add("wishes", met[0].negated(), weight)
                else:
                    missed = model.new_bool_var("")
                    model.add_bool_or([*met, missed])
                    ctx.costs.add("wishes", missed, weight)
            else:
                for i, lit in candidates:
                    if not matches(wish, inst.occs[i]):
                        ctx.costs.add("wishes", lit, weight)
