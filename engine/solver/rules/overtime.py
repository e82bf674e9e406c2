"""Full-time overtime within the annual quota: 220 h a year by default (D3121-24), year to date.

The weekly limits themselves are `weekly` and `rolling`; here the overtime of the horizon's weeks
(hours above 35 h, L3121-27/28) plus `history.ytd_overtime_minutes` may not exceed the quota.
"""

from __future__ import annotations

from engine.solver.context import Context
from engine.solver.instance import Instance, Occ, Staff
from engine.solver.planned import week_totals
from engine.solver.rules.worktime import bands

ARTICLES = ("D3121-24", "L3121-27", "L3121-28")

LIMITS = {"overtime_quota": ("contingent annuel d'heures supplémentaires", ("D3121-24",))}


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        quota = staff.rules.overtime_annual_quota_minutes
        if quota is None or staff.part_time or not staff.eligible:
            continue
        used = staff.history.ytd_overtime_minutes if staff.history else 0
        parts = []
        for w in range(len(inst.horizon.weeks)):
            b = bands(ctx, staff, w)
            if b is not None:
                parts += [b.low, b.high]
        if parts:
            model.add(sum(parts) <= max(0, quota - used))


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The annual overtime quota with the plan's weeks (`occ` added) and the year to date."""
    rules, contract = staff.rules, staff.employee.contract
    quota = rules.overtime_annual_quota_minutes
    if quota is None or staff.part_time or staff.forfait or contract.annualised:
        return None
    used = staff.history.ytd_overtime_minutes if staff.history else 0
    counted = candidate_weeks(inst, staff)  # the model counts the weeks it has minutes of
    overtime = sum(
        max(0, total - rules.legal_weekly_minutes)
        for w, total in enumerate(week_totals(inst, staff, occ, mine))
        if w in counted
    )
    return "overtime_quota" if overtime > quota - used else None


def candidate_weeks(inst: Instance, staff: Staff) -> frozenset[int]:
    """The horizon's weeks (indexes) in which some candidate shift of the employee has minutes."""
    key = ("candidate_weeks", staff.index)
    if key not in inst.memo:
        h, occs = inst.horizon, inst.occs
        inst.memo[key] = frozenset(
            w
            for w, week in enumerate(h.weeks)
            if any(
                week[0] <= occs[i].day <= week[-1]
                or (occs[i].day == week[0] - 1 and occs[i].end > h.midnight(week[0]))
                for i in staff.eligible
            )
        )
    return inst.memo[key]  # type: ignore[return-value]
