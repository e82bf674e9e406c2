"""Assignments name real occurrences, within their windows, and no occurrence takes more staff than allowed.

Not a labour-law rule but the plan's consistency with the scénario (its article is `scénario`): an assignment must be an occurrence of a
need (or a loan day) of the horizon, inside its window, at its member and site; an employee takes an
occurrence at most once; an occurrence takes at most its head count plus the need's `max_surplus` (zero unless
the need prices surplus staff with `surplus_cost`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import at, day
from engine.checker.violation import Violation
from engine.timeutil import to_utc

RULE = "occurrences"
ARTICLE = "scénario"


def check(ctx: CheckContext) -> Iterator[Violation]:
    counts: Counter[tuple[str, dt.date]] = Counter()
    seen: set[tuple[str, str, dt.date]] = set()
    for a in ctx.assignments:
        if a.employee not in ctx.scenario.employee_by_id:
            yield Violation.of_assignment(
                a,
                "unknown_employee",
                ARTICLE,
                f"Salarié inconnu du scénario : {a.employee}",
            )
        known = a.need in ctx.scenario.need_by_id or a.need in ctx.scenario.secondment_by_id
        occ = ctx.occurrences.get((a.need, a.date))
        if occ is None:
            what = "Besoin inconnu" if not known else "Aucune occurrence de ce besoin"
            yield Violation.of_assignment(
                a,
                RULE,
                ARTICLE,
                f"{what} : {a.need} le {day(a.date)}",
            )
            continue
        counts[a.need, a.date] += 1
        if (a.employee, a.need, a.date) in seen:
            yield Violation.of_assignment(
                a,
                RULE,
                ARTICLE,
                f"Affecté deux fois au besoin {a.need} le {day(a.date)}",
            )
        seen.add((a.employee, a.need, a.date))
        if to_utc(a.start) < occ.start_utc or to_utc(a.end) > occ.end_utc:
            yield Violation.of_assignment(
                a,
                RULE,
                ARTICLE,
                f"Affectation {at(a.start, ctx.tz)}–{at(a.end, ctx.tz)} hors de la plage du besoin {a.need} "
                f"({at(occ.start, ctx.tz)}–{at(occ.end, ctx.tz)})",
            )
        if a.member != occ.member or a.site != occ.site:
            yield Violation.of_assignment(
                a,
                RULE,
                ARTICLE,
                f"Adhérent ou site erroné pour {a.need} le {day(a.date)} : {a.member}/{a.site} au lieu de "
                f"{occ.member}/{occ.site}",
            )
    for (need_id, date), count in sorted(counts.items(), key=lambda kv: (str(kv[0][1]), kv[0][0])):
        occ = ctx.occurrences[need_id, date]
        need = ctx.scenario.need_by_id.get(need_id)
        allowed = occ.headcount + (need.max_surplus if need is not None else 0)
        if count > allowed:
            yield Violation(
                "headcount",
                ARTICLE,
                f"Effectif dépassé pour {need_id} le {day(occ.date)} : {count} affectés pour {occ.headcount} "
                f"demandé(s) (surplus admis : {allowed - occ.headcount})",
                None,
                occ.date,
                occ.start,
                occ.end,
                need=need_id,
            )
