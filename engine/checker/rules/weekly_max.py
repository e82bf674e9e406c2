"""Weekly maximum working time per legal week, across all members, travel between workplaces included.

References: L3121-20 (48 h in any week); L3162-1 (under 18: 35 h); L3121-35 (the legal week runs Monday 00:00
to Sunday 24:00: work is clipped at Monday 00:00). The part of the first week before the horizon comes from
the history. Not applied to forfait jours (L3121-62).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import hm, week
from engine.checker.violation import Violation

RULE = "weekly_max"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if tl.is_forfait or not tl.assignments:
            continue
        rules = tl.rules
        limits: list[tuple[int, str, str]] = []
        if rules.weekly_max_minutes is not None:
            limits.append(
                (rules.weekly_max_minutes, "L3121-20", "Dépassement de la durée hebdomadaire maximale")
            )
        if tl.is_minor:
            limits.append(
                (
                    rules.minor_weekly_max_minutes,
                    "L3162-1",
                    "Dépassement de la durée hebdomadaire d'un mineur",
                )
            )
        if not limits:
            continue
        for monday in ctx.mondays:
            minutes = ctx.week_minutes(tl, monday)
            for limit, article, label in limits:
                if minutes > limit:
                    lo, hi = ctx.week_bounds(monday)
                    yield Violation(
                        RULE,
                        article,
                        f"{label} : {hm(minutes)} la {week(monday)} (max {hm(limit)})",
                        tl.employee.id,
                        monday,
                        lo,
                        hi,
                    )
