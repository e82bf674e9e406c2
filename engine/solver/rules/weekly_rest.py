"""Weekly rest: 35 consecutive hours (24 h + the 11 h daily rest) in every week (L3132-2).

For each week fully inside the horizon (or whose days before it the history records), some day `d` of
the week is chosen as the rest day: nothing starts on `d`, and the time from the end of the last shift of
`d-1` to the start of the first shift of `d+1` reaches 35 h (exact minutes across DST). Two free days in
a row trivially satisfy it. Weeks cut by the horizon's end are left to the next month's plan, which sees
this one as history.
"""

from __future__ import annotations

from typing import Any

from engine.solver.context import Context
from engine.solver.encoding import add_clause, forbid_close_pairs, neg

ARTICLES = ("L3132-2",)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    h = inst.horizon
    occs = inst.occs
    for staff in inst.staff:
        rest = staff.rules.weekly_rest_minutes
        if not rest or not staff.eligible:
            continue
        xs = ctx.x[staff.index]
        for week in h.weeks:
            if week[-1] >= h.n_days:
                continue  # cut by the horizon's end
            if week[0] < 0 and any(staff.past_worked(d) is None for d in week if d < 0):
                continue  # the history does not say what happened before the horizon
            if not any(ctx.day_occs(staff, d) for d in week if d >= 0):
                continue
            options = []
            for d in week:
                if d < 0:
                    continue
                work = ctx.works(staff, d)
                if isinstance(work, int | bool) and work:
                    continue
                choose = model.new_bool_var("")
                add_clause(model, [neg(choose), neg(work)])
                length = h.midnight(d + 1) - h.midnight(d)
                late: list[tuple[Any, int]] = [
                    (xs[i], h.midnight(d) - occs[i].end) for i in ctx.day_occs(staff, d - 1)
                ]
                late += [(1, h.midnight(d) - f.end) for f in staff.fixed if f.day == d - 1]
                early = [(xs[i], occs[i].start - h.midnight(d + 1)) for i in ctx.day_occs(staff, d + 1)]
                _forbid(ctx, late, early, rest - length, choose)
                options.append(choose)
            if options:
                model.add_bool_or(options)


def _forbid(
    ctx: Context, late: list[tuple[Any, int]], early: list[tuple[Any, int]], limit: int, enable: Any
) -> None:
    constant = [v for lit, v in late if isinstance(lit, int)]
    variable = [(lit, v) for lit, v in late if not isinstance(lit, int)]
    if constant:
        worst = min(constant)
        for lit, v in early:
            if worst + v < limit:
                add_clause(ctx.model, [neg(enable), neg(lit)])
    forbid_close_pairs(ctx.model, variable, early, limit, enable)
