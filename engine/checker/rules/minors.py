"""Night work of employees under 18: no work between 22:00 and 06:00.

Reference: L3163-2 (night work forbidden to minors, 22:00–06:00 outside the exceptions it lists). The other
under-18 limits sit with their families: daily and weekly maxima (L3162-1), 12 h daily rest (L3164-1) and two
consecutive rest days (L3164-2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext, clipped_seconds
from engine.checker.fmt import day
from engine.checker.violation import Violation

RULE = "minor_night"
ARTICLE = "L3163-2"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if not tl.is_minor:
            continue
        rules = tl.rules
        for work_day, pieces in tl.days.items():
            for offset in (-1, 0, 1):
                night_day = work_day + dt.timedelta(days=offset)
                night = ctx.local_window(night_day, rules.minor_night_start, rules.minor_night_end)
                if clipped_seconds(pieces, *night) > 0:
                    yield Violation(
                        RULE,
                        ARTICLE,
                        f"Travail de nuit d'un mineur (entre {rules.minor_night_start:%H:%M} et "
                        f"{rules.minor_night_end:%H:%M}) la nuit du {day(night_day)}",
                        tl.employee.id,
                        work_day,
                        *night,
                    )
