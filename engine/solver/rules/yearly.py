"""Yearly counters: the annual overtime quota, annualised contracts and forfait jours.

- Full-time overtime within the annual quota: 220 h a year by default (D3121-24), year to date. The weekly
  limits themselves are `weekly_max` and `rolling_average`; here the overtime of the horizon's weeks (hours
  above 35 h, L3121-27/28) plus `history.ytd_overtime_minutes` may not exceed the quota.
- Annualised contracts (L3121-41, L3121-44): hours counted over the year; the year's total
  (`history.ytd_minutes` + the horizon) may not exceed the contract's `annual_hours`. The weekly maxima
  still apply.
- Forfait jours (L3121-58, L3121-64 [verify]): worked days in the year (`history.ytd_days_worked` + the
  horizon) at most `annual_days` and at most the rule set's `forfait_max_days` (218); hourly maxima do
  not apply (L3121-62) but daily and weekly rests do.

Every counter runs over the group's fiscal year (`group.fiscal_year_start_month`, as the checker reads it):
a horizon that crosses the start of a year (a season, a year planned at once) has one count per year it
touches; the history's year-to-date counts belong to the year of the day before the horizon, so they join
the first year's count only when the horizon starts inside that year (`carried`). A legal week's overtime
counts in the year of its Sunday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.solver.bound.linear import EmployeeRows
from engine.solver.model.context import Context, upper, weighted
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import by_day, week_totals, work_minutes
from engine.solver.rules.worktime import bands
from engine.timeline import fiscal_year_start

ARTICLES = ("D3121-24", "L3121-27", "L3121-28", "L3121-41", "L3121-44", "L3121-58", "L3121-62", "L3121-64")

LIMITS = {
    "overtime_quota": ("contingent annuel d'heures supplémentaires", ("D3121-24",)),
    "forfait_days": ("forfait jours : nombre annuel de jours travaillés atteint", ("L3121-64",)),
    "annual_hours": ("contrat annualisé : heures annuelles atteintes", ("L3121-44",)),
}


def build(ctx: Context) -> None:
    """The overtime quota's rows, then the annual counts' (the order the model was built in before)."""
    _overtime_build(ctx)
    _annual_build(ctx)


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The first yearly counter `occ` would exceed: the overtime quota, then the annual counts."""
    return _overtime_blocks(inst, staff, occ, mine) or _annual_blocks(inst, staff, occ, mine)


def overtime_left(staff: Staff) -> int | None:
    """Overtime minutes left in the year's quota (below 0 when the year to date already passed it);
    None where the quota does not apply: no quota, part-timers (complementary hours instead), forfait jours
    and annualised contracts (no weekly overtime)."""
    rules, contract = staff.rules, staff.employee.contract
    quota = rules.overtime_annual_quota_minutes
    if quota is None or staff.part_time or staff.forfait or contract.annualised:
        return None
    return quota - (staff.history.ytd_overtime_minutes if staff.history else 0)


def fiscal_year(inst: Instance, day: int) -> dt.date:
    """The first day of the fiscal year holding the horizon's day `day` (an index)."""
    return fiscal_year_start(inst.horizon.date(day), inst.scenario.group.fiscal_year_start_month)


def carried(inst: Instance, year: dt.date) -> bool:
    """Whether the history's year-to-date counts belong to `year`: the year of the day before the horizon."""
    return fiscal_year(inst, -1) == year


def single_year(inst: Instance) -> bool:
    """Whether the whole horizon lies in one fiscal year, that of the history (a month, usually)."""
    return fiscal_year(inst, inst.horizon.n_days - 1) == fiscal_year(inst, -1)


def week_year(inst: Instance, week: list[int]) -> dt.date:
    """The fiscal year a legal week's overtime counts in: the year of its Sunday."""
    return fiscal_year(inst, week[-1])


def _overtime_build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        left = overtime_left(staff)
        if left is None or not staff.eligible:
            continue
        quota = staff.rules.overtime_annual_quota_minutes or 0
        parts: dict[dt.date, list[Any]] = {}
        for w, week in enumerate(inst.horizon.weeks):
            b = bands(ctx, staff, w)
            if b is not None:
                parts.setdefault(week_year(inst, week), []).extend([b.low, b.high])
        for year, terms in parts.items():
            model.add(sum(terms) <= max(0, left if carried(inst, year) else quota))


def _overtime_blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The annual overtime quota with the plan's weeks (`occ` added) and the year to date."""
    left = overtime_left(staff)
    if left is None:
        return None
    counted = candidate_weeks(inst, staff)  # the model counts the weeks it has minutes of
    quota = staff.rules.overtime_annual_quota_minutes or 0
    overtime: dict[dt.date, int] = {}
    weeks = inst.horizon.weeks
    for w, total in enumerate(week_totals(inst, staff, occ, mine)):
        if w in counted:
            year = week_year(inst, weeks[w])
            overtime[year] = overtime.get(year, 0) + max(0, total - staff.rules.legal_weekly_minutes)
    for year, minutes in overtime.items():
        if minutes > (left if carried(inst, year) else quota):
            return "overtime_quota"
    return None


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


def forfait_limit(staff: Staff) -> int:
    """Days a forfait jours employee may work in the year: the contract's, at most the rule set's."""
    most = staff.rules.forfait_max_days
    return min(staff.employee.contract.annual_days or most, most)


def by_year(inst: Instance, days: list[int]) -> dict[dt.date, list[int]]:
    """The horizon's days (indexes) grouped by fiscal year."""
    out: dict[dt.date, list[int]] = {}
    for d in days:
        out.setdefault(fiscal_year(inst, d), []).append(d)
    return out


def _annual_build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        if not staff.eligible:
            continue
        contract = staff.employee.contract
        history = staff.history
        years = by_year(inst, sorted(ctx.by_day[staff.index]))
        if staff.forfait:
            limit = forfait_limit(staff)
            for year, in_year in years.items():
                used = history.ytd_days_worked if history and carried(inst, year) else 0
                days = [ctx.works(staff, d) for d in in_year]
                if len(days) + used > limit:
                    model.add(sum(days) + used <= limit)
        elif contract.annualised and contract.annual_hours is not None:
            limit = int(contract.annual_hours * 60)
            for year, in_year in years.items():
                used = history.ytd_minutes if history and carried(inst, year) else 0
                terms = [t for d in in_year for t in ctx.day_terms(staff, d)]
                if upper(terms) + used > limit:
                    model.add(weighted(terms) + used <= limit)


def _annual_blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The year's days of a forfait jours, or hours of an annualised contract, with `occ` added."""
    contract, history = staff.employee.contract, staff.history
    year = fiscal_year(inst, occ.day)  # only the count of the year `occ` falls in can change
    same = [o for o in mine if fiscal_year(inst, o.day) == year]
    if staff.forfait:
        used = history.ytd_days_worked if history and carried(inst, year) else 0
        days = {o.day for o in same} | {occ.day}
        return "forfait_days" if used + len(days) > forfait_limit(staff) else None
    if contract.annualised and contract.annual_hours is not None:
        used = history.ytd_minutes if history and carried(inst, year) else 0
        minutes = sum(work_minutes(inst, staff, shifts) for shifts in by_day([*same, occ]).values())
        return "annual_hours" if used + minutes > int(contract.annual_hours * 60) else None
    return None


def linear(rows: EmployeeRows) -> None:
    """Forfait jours: the days worked (path starts) within the year's days left; annualised contracts:
    the shifts' minutes within the year's hours left. Left out of a horizon that crosses a fiscal year
    (a season, a year): leaving a row out only weakens the relaxation."""
    staff = rows.staff
    if not single_year(rows.inst):
        return
    contract, record = staff.employee.contract, staff.history
    if staff.forfait:
        cap = forfait_limit(staff)
        used = record.ytd_days_worked if record else 0
        if len(rows.works) + used > cap:
            cols = [c for cs, _ in rows.works.values() for c in cs]
            vals = [v for _, vs in rows.works.values() for v in vs]
            rows.at_most(cols, vals, cap - used)
    elif contract.annualised and contract.annual_hours is not None:
        cap_minutes = int(contract.annual_hours * 60)
        used = record.ytd_minutes if record else 0
        cols = [rows.y[i] for i in staff.eligible]
        vals = [float(rows.inst.occs[i].length) for i in staff.eligible]
        if sum(vals) + used > cap_minutes:
            rows.at_most(cols, vals, cap_minutes - used)


def linear_overtime(rows: EmployeeRows, overtime: list[int]) -> None:
    """The annual overtime quota on the overtime columns of the premium bands of the horizon's weeks
    (engine.solver.bound.programme writes the bands, as `objective/premiums.py` prices them)."""
    left = overtime_left(rows.staff)
    if left is not None and overtime and single_year(rows.inst):
        rows.at_most(overtime, [1.0] * len(overtime), max(0, left))
