"""Weekly maximum (48 h in any week, L3121-20) and at most 6 working days a week (L3132-1).

Weeks run Monday 00:00 to Sunday 24:00 (L3121-35). A week straddling the horizon's start adds the minutes
and days the history records before it (`history.recent_shifts`, consecutive days); a week straddling
its end is held on its known part. Minors: 35 h (L3162-1).
"""

from __future__ import annotations

from engine.solver.bound.linear import EmployeeRows
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import week_minutes, weeks_touched

ARTICLES = ("L3121-20", "L3121-35", "L3132-1", "L3162-1")

LIMITS = {
    "weekly_max": ("durée hebdomadaire maximale", ("L3121-20",)),
    "minor_weekly_max": ("mineur : 35 h par semaine au plus", ("L3162-1",)),
    "days_per_week": ("6 jours de travail par semaine au plus", ("L3132-1",)),
}


def week_cap(staff: Staff) -> int | None:
    """The weekly maximum of the employee (48 h, minors 35 h; None for forfait jours): read by `build`,
    `blocks`, and the linear relaxation and month programme through `rules.week_cap`."""
    return staff.weekly_max


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.eligible:
            continue
        limit = week_cap(staff)
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


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The weekly maximum of every week the shift touches, and the days worked in its week."""
    limit = week_cap(staff)
    if limit is not None:
        for week in weeks_touched(inst, occ):  # a shift crossing Sunday midnight counts in both weeks
            if week_minutes(inst, staff, week, [*mine, occ]) > limit:
                minor = staff.minor and limit == staff.rules.minor_weekly_max_minutes
                return "minor_weekly_max" if minor else "weekly_max"
    most = staff.rules.max_days_per_week
    if most is not None:
        week = next(w for w in inst.horizon.weeks if occ.day in w)
        days = {o.day for o in mine if o.day in week} | {occ.day}
        days |= {d for d in week if staff.past_worked(d)}
        if len(days) > most:
            return "days_per_week"
    return None


def linear(rows: EmployeeRows) -> None:
    """6 days a week on the days worked, with the history's days of a week straddling the horizon's start
    (the weekly maximum is the week's cap, `week_cap`)."""
    staff = rows.staff
    max_days = staff.rules.max_days_per_week
    if max_days is None:
        return
    for days in rows.inst.horizon.weeks:
        constant = sum(int(staff.past_worked(d) or 0) for d in days if d < 0)
        inside = [d for d in days if d in rows.works]
        if len(inside) + constant > max_days:
            cols = [c for d in inside for c in rows.works[d][0]]
            vals = [v for d in inside for v in rows.works[d][1]]
            rows.at_most(cols, vals, max_days - constant)
