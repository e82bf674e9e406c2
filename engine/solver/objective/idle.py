"""Idle paid time (intercontrat): contract hours not placed with any member.

Per week, the contract's minutes due on the week's days inside the horizon (weekly minutes × available
weekdays / 5; paid leave and absences are not idle) minus the minutes worked, at the loaded hourly cost
(wage × (1 + employer contributions)) × `idle_hour_factor`. Annualised contracts are counted over the
horizon instead of per week. Forfait jours: days due (annual days × weekdays / 260) minus days worked,
at 7 hours a day.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.solver.model.context import Context

FORFAIT_DAY_HOURS = Decimal("7")
WEEKDAYS_PER_YEAR = 260


def build(ctx: Context) -> None:
    inst = ctx.inst
    factor = inst.scenario.objective.idle_hour_factor
    if factor == 0:
        return
    for staff in inst.staff:
        if inst.outside(staff):
            continue
        contract = staff.employee.contract
        per_minute = inst.per_minute(staff.loaded_hourly * factor)
        if staff.forfait:
            days_due = (contract.annual_days or 0) * inst.contract_weekdays(
                staff, list(range(inst.horizon.n_days))
            )
            due = days_due // WEEKDAYS_PER_YEAR
            per_day = inst.money(staff.loaded_hourly * FORFAIT_DAY_HOURS * factor)
            worked = [ctx.works(staff, d) for d in ctx.by_day[staff.index]]
            _idle(ctx, due, worked and sum(worked), per_day, len(worked))
            continue
        weeks = [ctx.week_minutes(staff, w) for w in range(len(inst.horizon.weeks))]
        if contract.annualised:
            due = inst.expected_minutes(staff, list(range(inst.horizon.n_days)))
            _idle(ctx, due, sum(var for var, _ in weeks), per_minute, sum(top for _, top in weeks))
            continue
        for (minutes, top), days in zip(weeks, inst.horizon.weeks, strict=True):
            _idle(ctx, inst.expected_minutes(staff, days), minutes, per_minute, top)


def _idle(ctx: Context, due: int, worked: Any, unit_cost: int, most: int) -> None:
    if due <= 0 or unit_cost <= 0:
        return
    if most <= 0:
        ctx.costs.add_fixed("idle", due * unit_cost)
        return
    idle = ctx.model.new_int_var(0, due, "")
    ctx.model.add(idle + worked >= due)
    ctx.costs.add("idle", idle, unit_cost)
