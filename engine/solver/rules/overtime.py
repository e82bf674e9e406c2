"""Full-time overtime within the annual quota: 220 h a year by default (D3121-24), year to date.

The weekly limits themselves are `weekly` and `rolling`; here the overtime of the horizon's weeks
(hours above 35 h, L3121-27/28) plus `history.ytd_overtime_minutes` may not exceed the quota.
"""

from __future__ import annotations

from engine.solver.context import Context
from engine.solver.rules.worktime import bands

ARTICLES = ("D3121-24", "L3121-27", "L3121-28")


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
