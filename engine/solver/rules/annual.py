"""Annual counts: annualised contracts and forfait jours.

- Annualised contracts (L3121-41, L3121-44): hours counted over the year; the year's total
  (`history.ytd_minutes` + the horizon) may not exceed the contract's `annual_hours`. The weekly maxima
  still apply.
- Forfait jours (L3121-58, L3121-64 [verify]): worked days in the year (`history.ytd_days_worked` + the
  horizon) at most `annual_days` and at most the rule set's `forfait_max_days` (218); hourly maxima do
  not apply (L3121-62) but daily and weekly rests do.
"""

from __future__ import annotations

from engine.solver.context import Context, upper, weighted

ARTICLES = ("L3121-41", "L3121-44", "L3121-58", "L3121-62", "L3121-64")


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.eligible:
            continue
        contract = staff.employee.contract
        history = staff.history
        if staff.forfait:
            limit = min(contract.annual_days or staff.rules.forfait_max_days, staff.rules.forfait_max_days)
            used = history.ytd_days_worked if history else 0
            days = [ctx.works(staff, d) for d in ctx.by_day[staff.index]]
            if len(days) + used > limit:
                model.add(sum(days) + used <= limit)
        elif contract.annualised and contract.annual_hours is not None:
            limit = int(contract.annual_hours * 60)
            used = history.ytd_minutes if history else 0
            terms = [t for d in ctx.by_day[staff.index] for t in ctx.day_terms(staff, d)]
            if upper(terms) + used > limit:
                model.add(weighted(terms) + used <= limit)
