"""Employees under 18: no work between 22:00 and 06:00, none on a public holiday.

References: L3163-2 (night work forbidden to minors, 22:00–06:00 outside the exceptions it lists); L3164-6 (no
work on the public holidays the law recognises), unless the establishment is in a sector a decree lists and an
agreement allows it (L3164-8): `site.minor_holiday_derogation`, or `minor_holiday_derogation` in the
employee's rules (their agreement's). A public holiday is one at the assignment's site (France, and the
Alsace-Moselle days for sites there), any minute of the assignment on it. The other under-18 limits sit with
their families: daily and weekly maxima (L3162-1), the 30-minute break beyond 4 h 30 (L3162-3, `breaks`), 12 h
daily rest (L3164-1) and two consecutive rest days (L3164-2, `weekly_rest`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.calendar import is_public_holiday
from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation
from engine.timeline import Timeline, clipped_seconds
from engine.timeutil import to_utc

RULE = "minor_night"
ARTICLE = "L3163-2"
HOLIDAY_RULE = "minor_holiday"
HOLIDAY_ARTICLE = "L3164-6"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if not tl.is_minor:
            continue
        yield from check_holidays(ctx, tl)
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


def check_holidays(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    allowed = tl.rules.minor_holiday_derogation
    for a in tl.assignments:
        site = ctx.scenario.site_by_id.get(a.site)
        if allowed or site is None or site.minor_holiday_derogation:
            continue
        for touched in ctx.touched_dates(to_utc(a.start), to_utc(a.end)):
            if is_public_holiday(ctx.scenario, site, touched):
                yield Violation.of_assignment(
                    a,
                    HOLIDAY_RULE,
                    HOLIDAY_ARTICLE,
                    f"Travail d'un mineur le {day(touched)}, jour férié au site {site.name} (sans la "
                    "dérogation de l'article L3164-8)",
                )
                break
