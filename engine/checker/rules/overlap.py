"""Nobody is in two places at once: no overlap, and the travel time between two sites in between.

Travel between two workplaces is effective working time (Cass. crim. 2 Sept 2014 n°13-80.665); whether or not
the rule set counts it as work, the time to get from one site to the next must exist between the two shifts.
Travel minutes come from engine.travel (the checker does not trust the plan's `travel_before_minutes`).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import at, clock, hm
from engine.checker.violation import Violation
from engine.timeutil import minutes_between, to_utc

RULE = "overlap"
ARTICLE = "Cass. crim. 13-80.665"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        items = sorted(tl.assignments, key=lambda a: (to_utc(a.start), to_utc(a.end)))
        previous = None
        for a in items:
            if previous is not None:
                if to_utc(a.start) < to_utc(previous.end):
                    yield Violation(
                        RULE,
                        "L3121-1",
                        f"Chevauchement : {previous.need} ({at(previous.start, ctx.tz)}–{clock(previous.end, ctx.tz)})"
                        f" et {a.need} ({at(a.start, ctx.tz)}–{clock(a.end, ctx.tz)})",
                        tl.employee.id,
                        a.date,
                        a.start,
                        previous.end,
                        need=a.need,
                    )
                elif previous.site != a.site:
                    needed = ctx.travel.minutes(previous.site, a.site)
                    gap = minutes_between(previous.end, a.start)
                    if gap < needed:
                        yield Violation(
                            RULE,
                            ARTICLE,
                            f"Temps de trajet insuffisant de {previous.site} à {a.site} : {hm(gap)} entre "
                            f"{at(previous.end, ctx.tz)} et {clock(a.start, ctx.tz)} pour {hm(needed)} de route",
                            tl.employee.id,
                            a.date,
                            previous.end,
                            a.start,
                            need=a.need,
                        )
            if previous is None or to_utc(a.end) > to_utc(previous.end):
                previous = a
