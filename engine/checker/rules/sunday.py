"""Sunday rest: the weekly rest is given on Sunday, unless the host site has a derogation.

Reference: L3132-3 (Sunday rest), derogations L3132-12 and following (`site.sunday_derogation`). Any minute of
an assignment on a local Sunday (00:00–24:00) at a site without derogation is a violation.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation
from engine.timeutil import to_utc

RULE = "sunday"
ARTICLE = "L3132-3"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if not tl.rules.sunday_rest:
            continue
        for a in tl.assignments:
            site = ctx.scenario.site_by_id.get(a.site)
            if site is None or site.sunday_derogation:
                continue
            for d in ctx.touched_dates(a.start, a.end):
                if d.weekday() != 6:
                    continue
                lo, hi = ctx.day_bounds(d)
                if to_utc(a.end) > lo and to_utc(a.start) < hi:
                    yield Violation(
                        RULE,
                        ARTICLE,
                        f"Travail le dimanche {day(d)} sur le site {site.name} sans dérogation au repos dominical",
                        tl.employee.id,
                        d,
                        a.start,
                        a.end,
                        need=a.need,
                    )
