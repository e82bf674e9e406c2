"""Daily maximum working time, per working day, travel between workplaces included.

References: L3121-18 (10 h a day; 12 h by agreement, L3121-19); L3122-6 (a night worker — by contract or
by their schedule, L3122-5, `night_worker` — 8 h on a day with night work); L3162-1 (under 18: 8 h). Not applied to annual day counts (forfait jours, L3121-62).
A working day is the assignments' date (a night shift counts wholly on the day it starts, docs/checker.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm
from engine.checker.rules.night_worker import is_night_worker
from engine.checker.violation import Violation
from engine.timeline import Timeline, clipped_seconds

RULE = "daily_max"


def has_night_work(ctx: CheckContext, tl: Timeline, work_day: dt.date) -> bool:
    """Whether a working day has a minute in the night period (21:00–06:00 by default, L3122-2/20)."""
    rules = tl.rules
    pieces = tl.days.get(work_day, [])
    for offset in (-1, 0, 1):
        night = ctx.local_window(work_day + dt.timedelta(days=offset), rules.night_start, rules.night_end)
        if clipped_seconds(pieces, *night) > 0:
            return True
    return False


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if tl.is_forfait:
            continue
        rules = tl.rules
        for work_day, pieces in tl.days.items():
            minutes = tl.day_minutes(work_day)
            limits: list[tuple[int, str, str]] = []
            if rules.daily_max_minutes is not None:
                limits.append(
                    (rules.daily_max_minutes, "L3121-18", "Dépassement de la durée quotidienne maximale")
                )
            if (
                rules.night_daily_max_minutes is not None
                and has_night_work(ctx, tl, work_day)
                and is_night_worker(ctx, tl)
            ):
                limits.append(
                    (
                        rules.night_daily_max_minutes,
                        "L3122-6",
                        "Dépassement de la durée quotidienne du travailleur de nuit",
                    )
                )
            if tl.is_minor:
                limits.append(
                    (
                        rules.minor_daily_max_minutes,
                        "L3162-1",
                        "Dépassement de la durée quotidienne d'un mineur",
                    )
                )
            for limit, article, label in limits:
                if minutes > limit:
                    yield Violation(
                        RULE,
                        article,
                        f"{label} : {hm(minutes)} le {day(work_day)} (max {hm(limit)})",
                        tl.employee.id,
                        work_day,
                        pieces[0].start,
                        max(p.end for p in pieces),
                    )
