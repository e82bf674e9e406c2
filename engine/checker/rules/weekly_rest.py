"""Weekly rest: 35 consecutive hours each legal week, at most 6 working days, two days in a row for minors.

References: L3132-2 (24 h of weekly rest plus the 11 h of daily rest = 35 consecutive hours); L3132-1 (at
most 6 working days a week); L3164-2 (under 18: two consecutive days of rest). Reading (docs/checker.md): each
legal week must hold a free period of at least 35 h of which at least 24 h lie in that week; time before the
known history and after the horizon is free (the next horizon judges a week it completes). Working days are
the assignments' dates, the history's included.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import hm, week
from engine.checker.violation import Violation
from engine.timeline import Timeline, merged
from engine.timeutil import week_start

RULE = "weekly_rest"


def longest_rest(tl: Timeline, lo: dt.datetime, hi: dt.datetime, inside_min: int) -> int:
    """Longest free period (minutes) having at least `inside_min` minutes within [lo, hi)."""
    best = 0
    for a, b in tl.gaps:
        inside = (min(b, hi) - max(a, lo)).total_seconds() // 60
        if inside >= inside_min:
            best = max(best, int((b - a).total_seconds() // 60))
    return best


def free_days(ctx: CheckContext, tl: Timeline, monday: dt.date) -> list[bool]:
    """For each day of a legal week, whether it holds no minute of work."""
    busy = merged(tl.all_pieces)
    out = []
    for i in range(7):
        lo, hi = ctx.day_bounds(monday + dt.timedelta(days=i))
        out.append(not any(b > lo and a < hi for a, b in busy))
    return out


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if not tl.assignments:
            continue
        rules = tl.rules
        days_per_week = Counter(week_start(d) for d in tl.worked_dates | tl.history_dates)
        for monday in ctx.mondays:
            lo, hi = ctx.week_bounds(monday)
            if rules.weekly_rest_minutes is not None:
                inside = min(1440, rules.weekly_rest_minutes)
                rest = longest_rest(tl, lo, hi, inside)
                if rest < rules.weekly_rest_minutes:
                    yield Violation(
                        RULE,
                        "L3132-2",
                        f"Repos hebdomadaire insuffisant la {week(monday)} : au plus {hm(rest)} consécutives "
                        f"(min {hm(rules.weekly_rest_minutes)})",
                        tl.employee.id,
                        monday,
                        lo,
                        hi,
                    )
            worked = days_per_week[monday]
            if rules.max_days_per_week is not None and worked > rules.max_days_per_week:
                yield Violation(
                    "max_days_per_week",
                    "L3132-1",
                    f"{worked} jours travaillés la {week(monday)} (max {rules.max_days_per_week})",
                    tl.employee.id,
                    monday,
                    lo,
                    hi,
                )
            if tl.is_minor and rules.minor_consecutive_rest_days > 0:
                free = free_days(ctx, tl, monday)
                need = rules.minor_consecutive_rest_days
                if not any(all(free[i : i + need]) for i in range(0, 8 - need)):
                    yield Violation(
                        "minor_rest_days",
                        "L3164-2",
                        f"Pas de {need} jours de repos consécutifs la {week(monday)} (salarié mineur)",
                        tl.employee.id,
                        monday,
                        lo,
                        hi,
                    )
