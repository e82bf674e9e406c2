"""Yearly counters: the overtime quota, annualised contracts and annual day counts (forfait jours).

References: D3121-24 (annual overtime quota, 220 h by default) with L3121-36 (overtime beyond 35 h a week);
L3121-41 and L3121-44 (annualised hours: the yearly total, beyond which hours are overtime — warnings, since
a season may front-load the year); L3121-64 [verify] (forfait jours: at most 218 days a year by agreement).
Counters run over the group's fiscal year (`group.fiscal_year_start_month`); `history.ytd_*` holds the part
of the year before the horizon. A legal week's overtime counts in the horizon that holds its Sunday.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm, week
from engine.checker.violation import Level, Violation
from engine.timeline import Timeline

RULE = "yearly"


def history_counts_for(ctx: CheckContext, fiscal_year: dt.date) -> bool:
    """The history's year-to-date counters belong to the fiscal year of the day before the horizon."""
    return ctx.fiscal_year(ctx.first - dt.timedelta(days=1)) == fiscal_year


def check_overtime(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    quota = tl.rules.overtime_annual_quota_minutes
    if quota is None or not tl.is_hourly_full_time or not tl.assignments:
        return
    totals: dict[dt.date, int] = defaultdict(int)
    for monday, overtime in sorted(ctx.weekly_overtime(tl).items()):
        year = ctx.fiscal_year(monday + dt.timedelta(days=6))
        if year not in totals and tl.history is not None and history_counts_for(ctx, year):
            totals[year] = tl.history.ytd_overtime_minutes
        before = totals[year]
        totals[year] += overtime
        if before <= quota < totals[year]:
            yield Violation(
                "overtime_quota",
                "D3121-24",
                f"Contingent annuel d'heures supplémentaires dépassé la {week(monday)} : {hm(totals[year])} "
                f"depuis le {day(year)} (contingent {hm(quota)})",
                tl.employee.id,
                monday,
                *ctx.week_bounds(monday),
            )


def years(ctx: CheckContext) -> list[tuple[dt.date, dt.date]]:
    """Each fiscal year the horizon touches, with the horizon's last day in it (a month: one; a season or
    a year planned at once may cross the start of a year, and each year is counted on its own)."""
    out = []
    year = ctx.fiscal_year(ctx.first)
    while year <= ctx.last:
        following = dt.date(year.year + 1, year.month, 1)
        out.append((year, min(ctx.last, following - dt.timedelta(days=1))))
        year = following
    return out


def year_minutes_and_days(
    ctx: CheckContext, tl: Timeline, year: dt.date | None = None
) -> tuple[dt.date, int, int]:
    """A fiscal year (by default that of the horizon's end), its minutes and days worked within the
    horizon and the history's year to date when it belongs to that year."""
    year = ctx.fiscal_year(ctx.last) if year is None else year
    following = dt.date(year.year + 1, year.month, 1)
    minutes = sum(p.minutes for p in tl.pieces if year <= p.day < following)
    days = len({d for d in tl.worked_dates if year <= d < following})
    if tl.history is not None and history_counts_for(ctx, year):
        minutes += tl.history.ytd_minutes
        days += tl.history.ytd_days_worked
    return year, minutes, days


def check_annualised(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    contract = tl.employee.contract
    if not contract.annualised or contract.annual_hours is None:
        return
    for start, end in years(ctx):
        yield from _annualised_year(ctx, tl, start, end)


def _annualised_year(ctx: CheckContext, tl: Timeline, start: dt.date, end: dt.date) -> Iterator[Violation]:
    contract = tl.employee.contract
    assert contract.annual_hours is not None
    year, minutes, _ = year_minutes_and_days(ctx, tl, start)
    annual = int(contract.annual_hours * 60)
    next_year = dt.date(year.year + 1, year.month, 1)
    elapsed, length = (end - year).days + 1, (next_year - year).days
    if minutes > annual:
        yield Violation(
            "annualised_total",
            "L3121-44",
            f"Total annuel dépassé : {hm(minutes)} travaillées depuis le {day(year)} pour {hm(annual)} prévues "
            "sur l'année",
            tl.employee.id,
            end,
            level=Level.WARNING,
        )
    elif minutes * length > annual * elapsed:
        yield Violation(
            "annualised_pro_rata",
            "L3121-41",
            f"Avance sur le total annuel : {hm(minutes)} travaillées du {day(year)} au {day(end)}, pour "
            f"{hm(annual * elapsed // length)} au prorata de {hm(annual)} sur l'année",
            tl.employee.id,
            end,
            level=Level.WARNING,
        )


def check_forfait(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    contract = tl.employee.contract
    if not contract.is_forfait_jours:
        return
    limit = min(contract.annual_days or tl.rules.forfait_max_days, tl.rules.forfait_max_days)
    for start, end in years(ctx):
        year, _, days = year_minutes_and_days(ctx, tl, start)
        if days > limit:
            yield Violation(
                "forfait_jours",
                "L3121-64",
                f"Forfait jours dépassé : {days} jours travaillés depuis le {day(year)} (max {limit})",
                tl.employee.id,
                end,
            )


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        yield from check_overtime(ctx, tl)
        yield from check_annualised(ctx, tl)
        yield from check_forfait(ctx, tl)
