"""Re-planning: changes to a published plan cost, more so at short notice.

Each published assignment dropped, and each new assignment, costs `change_cost`; within the next
`part_time_notice_days` days (7 by default, the part-timers' notice) it costs `short_notice_change_cost`
instead and will need the employee's agreement. Only built when re-planning.
"""

from __future__ import annotations

import datetime as dt

from engine.solver.model.context import Context


def build(ctx: Context) -> None:
    published, today = ctx.published, ctx.today
    if published is None:
        return
    inst = ctx.inst
    weights = inst.scenario.objective
    normal = inst.money(weights.change_cost)
    urgent = inst.money(weights.short_notice_change_cost)
    kept = {(a.employee, a.occurrence_id) for a in published.assignments}
    for staff in inst.staff:
        notice = dt.timedelta(days=staff.rules.part_time_notice_days)
        for i, lit in ctx.literals(staff).items():
            occ = inst.occs[i]
            short_notice = isinstance(today, dt.date) and occ.source.date < today + notice
            cost = urgent if short_notice else normal
            if (staff.id, occ.source.key) in kept:
                ctx.costs.add("changes", lit.negated(), cost)
            else:
                ctx.costs.add("changes", lit, cost)
    for employee, key in kept:
        who = inst.staff_by_id.get(employee)
        what = inst.occ_by_key.get(key)
        if who is None or what is None or what.index not in ctx.literals(who):
            ctx.costs.add_fixed("changes", normal)
