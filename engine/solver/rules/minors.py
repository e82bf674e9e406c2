"""Under-18 employees: two consecutive rest days each week (L3164-2, [verify] in domain.md).

Their daily (8 h, L3162-1) and weekly (35 h) maxima, 12 h daily rest (L3164-1) and the ban on work
between 22:00 and 06:00 (L3163-2) are applied by `daily`, `weekly`, `daily_rest` and the eligibility
of `assignment`, through the effective limits of `Staff`.
"""

from __future__ import annotations

from engine.solver.context import Context
from engine.solver.encoding import add_clause, neg

ARTICLES = ("L3162-1", "L3163-2", "L3164-1", "L3164-2")


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.minor or not staff.eligible or staff.rules.minor_consecutive_rest_days < 2:
            continue
        run = staff.rules.minor_consecutive_rest_days
        for week in inst.horizon.weeks:
            if week[0] < 0 or week[-1] >= inst.horizon.n_days:
                continue
            options = []
            for k in range(len(week) - run + 1):
                days = week[k : k + run]
                works = [ctx.works(staff, d) for d in days]
                if any(isinstance(w, int | bool) and w for w in works):
                    continue
                choose = model.new_bool_var("")
                for w in works:
                    add_clause(model, [neg(choose), neg(w)])
                options.append(choose)
            if options:
                model.add_bool_or(options)
