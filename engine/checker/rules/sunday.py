"""Sunday rest: the weekly rest is given on Sunday, unless the host site has a derogation.

Reference: L3132-3 (Sunday rest), derogations L3132-12 and following (`site.sunday_derogation`). Any minute of
an assignment on a local Sunday (00:00–24:00) at a site without derogation is a violation.

A Sunday without any work is then the week's rest, and the weekly rest is 24 h plus the 11 h of daily rest
(L3132-2): the free period holding that Sunday must last 35 h (a Saturday ending at 22:30 and a Monday
starting at 05:30 leave 31 h, even when the week has another 35-h rest, and even for an employee who works a
site with a derogation on other days: the derogation lets that site's staff work on Sunday, and one who does
not has the Sunday as weekly rest). A Sunday with work (at a site with a derogation) leaves the rest to
another day, which `weekly_rest` checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm
from engine.checker.violation import Violation
from engine.timeline import Timeline
from engine.timeutil import to_utc

RULE = "sunday"
ARTICLE = "L3132-3"
REST_RULE = "sunday_rest"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if not tl.rules.sunday_rest:
            continue
        yield from check_rest_around_sunday(ctx, tl)
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


def check_rest_around_sunday(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    """A Sunday free of work lies in a free period of at least the weekly rest (35 h)."""
    rest = tl.rules.weekly_rest_minutes
    if not rest:
        return
    sunday = ctx.first + dt.timedelta(days=(6 - ctx.first.weekday()) % 7)
    while sunday <= ctx.last:
        lo, hi = ctx.day_bounds(sunday)
        for start, end in tl.gaps:  # a gap holding the whole Sunday: a Sunday without work
            if start <= lo and end >= hi:
                minutes = int((end - start).total_seconds() // 60)
                if minutes < rest:
                    yield Violation(
                        REST_RULE,
                        ARTICLE,
                        f"Repos de {hm(minutes)} autour du dimanche {day(sunday)} : le repos hebdomadaire, "
                        f"donné le dimanche, dure au moins {hm(rest)} (24 h et le repos quotidien)",
                        tl.employee.id,
                        sunday,
                        start,
                        end,
                    )
                break
        sunday += dt.timedelta(days=7)
