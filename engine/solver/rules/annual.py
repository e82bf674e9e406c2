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
from engine.solver.instance import Instance, Occ, Staff
from engine.solver.planned import by_day, work_minutes

ARTICLES = ("L3121-41", "L3121-44", "L3121-58", "L3121-62", "L3121-64")

LIMITS = {
    "forfait_days": ("forfait jours : nombre annuel de jours travaillés atteint", ("L3121-64",)),
    "annual_hours": ("contrat annualisé : heures annuelles atteintes", ("L3121-44",)),
}


def forfait_limit(staff: Staff) -> int:
    """Days a forfait jours employee may work in the year: the contract's, at most the rule set's."""
    most = staff.rules.forfait_max_days
    return min(staff.employee.contract.annual_days or most, most)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.eligible:
            continue
        contract = staff.employee.contract
        history = staff.history
        if staff.forfait:
            limit = forfait_limit(staff)
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


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The year's days of a forfait jours, or hours of an annualised contract, with `occ` added."""
    contract, history = staff.employee.contract, staff.history
    if staff.forfait:
        used = history.ytd_days_worked if history else 0
        days = {o.day for o in mine} | {occ.day}
        return "forfait_days" if used + len(days) > forfait_limit(staff) else None
    if contract.annualised and contract.annual_hours is not None:
        used = history.ytd_minutes if history else 0
        minutes = sum(work_minutes(inst, staff, shifts) for shifts in by_day([*mine, occ]).values())
        return "annual_hours" if used + minutes > int(contract.annual_hours * 60) else None
    return None
