"""Part-time contracts: contract hours plus at most the allowed complementary hours, below 35 h.

L3123-28: complementary hours at most 1/10 of the contract hours (1/3 by agreement, L3123-20), and the
week must stay below the legal 35 h (L3123-9). The ratio is the rule set's `complementary_ratio`.
A part-time contract under 24 h without a derogation (L3123-7) is flagged by the loader, not refused.
Annualised part-time contracts are exempt: their hours count over the year (`yearly`).

The cap is read once, by `week_cap`: the model's rows (`build`), the greedy's, the pins' and the reasons'
test (`blocks`), and the linear relaxation and month programme (engine.solver.bound, through
`rules.week_cap`, with the weekly maximum) all ask it.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import week_minutes, weeks_touched

ARTICLES = ("L3123-28", "L3123-20", "L3123-9")

LIMITS = {"complementary": ("plafond des heures complémentaires", ("L3123-28",))}

linear = None  # its LP row is the week's cap (`week_cap`), written with the weekly maximum's


def week_cap(staff: Staff) -> int | None:
    """The most minutes a part-timer's legal week may hold: the contract's plus the complementary hours
    (rounded down), below the legal week; None for full-timers, without a ratio, and for annualised
    contracts (counted over the year)."""
    rules, contract = staff.rules, staff.employee.contract
    if not staff.part_time or rules.complementary_ratio is None or contract.annualised:
        return None
    extra = int((Decimal(contract.weekly_minutes) * rules.complementary_ratio).to_integral_value(ROUND_FLOOR))
    return min(contract.weekly_minutes + extra, rules.legal_weekly_minutes - 1)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        cap = week_cap(staff)
        if cap is None or not staff.eligible:
            continue
        for w, week in enumerate(inst.horizon.weeks):
            minutes, top = ctx.week_minutes(staff, w)
            past = ctx.past_minutes(staff, week)
            if top and top + past > cap:
                model.add(minutes + past <= cap)


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The complementary hours' cap of every week the shift touches."""
    cap = week_cap(staff)
    if cap is None:
        return None
    for week in weeks_touched(inst, occ):
        if week_minutes(inst, staff, week, [*mine, occ]) > cap:
            return "complementary"
    return None
