"""Average weekly working time over any 12 consecutive legal weeks, history before the horizon included.

References: L3121-22 (44 h on average over 12 weeks; 46 h by agreement, L3121-23); L3122-7 (a night worker —
by contract or by their schedule, L3122-5, `night_worker` — 40 h on average over 12 weeks). Weeks before the horizon come from `history.weekly_minutes` (the last entry is
the legal week before the first week touching the horizon; a straddling week's earlier days come from the
recent shifts); a week without data counts 0 h. Not applied to forfait
jours (L3121-62).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm
from engine.checker.rules.night_worker import is_night_worker
from engine.checker.violation import Violation
from engine.timeline import Timeline

RULE = "rolling_average"


def window_total(ctx: CheckContext, tl: Timeline, last_monday: dt.date, weeks: int) -> int:
    return sum(ctx.week_minutes(tl, last_monday - dt.timedelta(days=7 * back)) for back in range(weeks))


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if tl.is_forfait or not tl.assignments:
            continue
        rules = tl.rules
        weeks = rules.rolling_avg_weeks
        limits: list[tuple[int, str, str]] = []
        if rules.rolling_avg_max_minutes is not None:
            limits.append(
                (rules.rolling_avg_max_minutes, "L3121-22", "Dépassement de la durée hebdomadaire moyenne")
            )
        if rules.night_avg_max_minutes is not None and is_night_worker(ctx, tl):
            limits.append(
                (
                    rules.night_avg_max_minutes,
                    "L3122-7",
                    "Dépassement de la durée hebdomadaire moyenne du travailleur de nuit",
                )
            )
        if not limits:
            continue
        for monday in ctx.mondays:
            total = window_total(ctx, tl, monday, weeks)
            first_monday = monday - dt.timedelta(days=7 * (weeks - 1))
            for limit, article, label in limits:
                if total > limit * weeks:
                    yield Violation(
                        RULE,
                        article,
                        f"{label} : {hm(total // weeks)} en moyenne sur {weeks} semaines, du {day(first_monday)} "
                        f"au {day(monday + dt.timedelta(days=6))} (max {hm(limit)})",
                        tl.employee.id,
                        monday,
                        start=ctx.week_bounds(first_monday)[0],
                        end=ctx.week_bounds(monday)[1],
                    )
