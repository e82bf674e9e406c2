"""Weekly maximum (48 h in any week, L3121-20) and at most 6 working days a week (L3132-1).

Weeks run Monday 00:00 to Sunday 24:00 (L3121-35). A week straddling the horizon's start adds the minutes
and days the history records before it (`history.recent_shifts`, consecutive days); a week straddling
its end is held on its known part. Minors: 35 h (L3164-? see domain.md: L3162-1).
"""

from __future__ import annotations

from engine.solver.context import Context

ARTICLES = ("L3121-20", "L3121-35", "L3132-1", "L3162-1")


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.eligible:
            continue
        limit = staff.weekly_max
        max_days = staff.rules.max_days_per_week
        for w, week in enumerate(inst.horizon.weeks):
            minutes, top = ctx.week_minutes(staff, w)
            if not top:
                continue
            past = ctx.past_minutes(staff, week)
            if limit is not None and top + past > limit:
                model.add(minutes + past <= limit)
            if max_days is not None:
                days = [ctx.works(staff, d) for d in week]
                variable = [d for d in days if not isinstance(d, int | bool)]
                constant = sum(int(d) for d in days if isinstance(d, int | bool))
                if len(variable) + constant > max_days:
                    model.add(sum(variable) + constant <= max_days)
