"""Part-time contracts: contract hours plus at most the allowed complementary hours, below 35 h.

L3123-28: complementary hours at most 1/10 of the contract hours (1/3 by agreement, L3123-20), and the
week must stay below the legal 35 h (L3123-9). The ratio is the rule set's `complementary_ratio`.
A part-time contract under 24 h without a derogation (L3123-7) is flagged by the loader, not refused.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import week_minutes, weeks_touched

ARTICLES = ("L3123-28", "L3123-20", "L3123-9")

LIMITS = {"complementary": ("plafond des heures complémentaires", ("L3123-28",))}


def weekly_cap(contract_minutes: int, ratio: Decimal, legal_minutes: int) -> int:
    extra = int((Decimal(contract_minutes) * ratio).to_integral_value(ROUND_FLOOR))
    return min(contract_minutes + extra, legal_minutes - 1)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        rules = staff.rules
        if not staff.part_time or rules.complementary_ratio is None or not staff.eligible:
            continue
        if staff.employee.contract.annualised:
            continue  # counted over the year (annual)
        cap = weekly_cap(
            staff.employee.contract.weekly_minutes, rules.complementary_ratio, rules.legal_weekly_minutes
        )
        for w, week in enumerate(inst.horizon.weeks):
            minutes, top = ctx.week_minutes(staff, w)
            past = ctx.past_minutes(staff, week)
            if top and top + past > cap:
                model.add(minutes + past <= cap)


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The complementary hours' cap of every week the shift touches."""
    rules, contract = staff.rules, staff.employee.contract
    if not staff.part_time or rules.complementary_ratio is None or contract.annualised:
        return None
    cap = weekly_cap(contract.weekly_minutes, rules.complementary_ratio, rules.legal_weekly_minutes)
    for week in weeks_touched(inst, occ):
        if week_minutes(inst, staff, week, [*mine, occ]) > cap:
            return "complementary"
    return None
