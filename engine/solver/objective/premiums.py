"""Complementary-hour and overtime premiums, at the loaded hourly cost × `premium_factor`.

Part-time (L3123-29): +10 % within a tenth of the contract hours, +25 % beyond. Full-time (L3121-36):
+25 % for hours 36 to 43, +50 % from the 44th. Rates come from the rule set (an agreement may change
them). The hours themselves are billed to members; only the premium is an extra cost of the plan.
"""

from __future__ import annotations

from engine.solver.model.context import Context
from engine.solver.rules.worktime import bands


def build(ctx: Context) -> None:
    inst = ctx.inst
    factor = inst.scenario.objective.premium_factor
    if factor == 0:
        return
    for staff in inst.staff:
        if not staff.eligible:
            continue
        rules = staff.rules
        for w in range(len(inst.horizon.weeks)):
            b = bands(ctx, staff, w)
            if b is None:
                continue
            if b.part_time:
                name, low, high = (
                    "complementary_premium",
                    rules.complementary_premium_low,
                    rules.complementary_premium_high,
                )
            else:
                name, low, high = "overtime_premium", rules.overtime_premium_low, rules.overtime_premium_high
            ctx.costs.add(name, b.low, inst.per_minute(staff.loaded_hourly * low * factor))
            ctx.costs.add(name, b.high, inst.per_minute(staff.loaded_hourly * high * factor))
