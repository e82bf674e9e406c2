"""Daily maximum working time: 10 h (L3121-18; 12 h by agreement, L3121-19).

Minors: 8 h (L3162-1). Night workers: 8 h on a day that includes night work (L3122-6). Forfait jours
contracts have no hourly maximum (L3121-62). Travel counted as work is included (see `worktime`).
"""

from __future__ import annotations

from engine.solver.context import Context, upper, weighted

ARTICLES = ("L3121-18", "L3121-19", "L3162-1", "L3122-6", "L3121-62")


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        limit = staff.daily_max
        night_limit = None
        rules = staff.rules
        if staff.employee.contract.night_worker and rules.night_daily_max_minutes is not None:
            night_limit = rules.night_daily_max_minutes
        if limit is None:
            continue
        for day in ctx.by_day[staff.index]:
            terms = ctx.day_terms(staff, day)
            top = upper(terms)
            if top > limit:
                model.add(weighted(terms) <= limit)
            if night_limit is not None and top > night_limit:
                night = [
                    ctx.x[staff.index][i]
                    for i in ctx.day_occs(staff, day)
                    if inst.night_minutes(inst.occs[i], rules.night_start, rules.night_end) > 0
                ]
                if night:
                    nightday = model.new_bool_var("")
                    for lit in night:
                        model.add_implication(lit, nightday)
                    model.add(weighted(terms) <= night_limit).only_enforce_if(nightday)
