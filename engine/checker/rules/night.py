"""Night work only where it is organised: no minute of an assignment in the night period at a site whose
host has not set night work up.

Reference: L3122-1 (night work is exceptional and must be justified), L3122-15 (it is set up by a collective
agreement or, failing one, with the labour inspector's leave): the scenario says so per site
(`site.night_derogation`). The night period is the rule set's (`night_start`–`night_end`, 21:00–06:00 by
default, L3122-2). Night workers' own limits sit with `daily_max` and `rolling_average`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation
from engine.timeutil import to_utc

RULE = "night_site"
ARTICLE = "L3122-1"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        rules = tl.rules
        for a in tl.assignments:
            site = ctx.scenario.site_by_id.get(a.site)
            if site is None or site.night_derogation:
                continue
            start, end = to_utc(a.start), to_utc(a.end)
            for offset in (-1, 0, 1):
                night_day = a.date + dt.timedelta(days=offset)
                lo, hi = ctx.local_window(night_day, rules.night_start, rules.night_end)
                if end > lo and start < hi:
                    yield Violation(
                        RULE,
                        ARTICLE,
                        f"Travail de nuit (entre {rules.night_start:%H:%M} et {rules.night_end:%H:%M}) le "
                        f"{day(a.date)} sur le site {site.name}, où le travail de nuit n'est pas organisé",
                        tl.employee.id,
                        a.date,
                        a.start,
                        a.end,
                        need=a.need,
                    )
                    break
