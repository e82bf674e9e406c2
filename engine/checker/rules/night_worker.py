"""Who is a night worker: the status follows the schedule, not only the contract.

Reference: L3122-5 — a night worker is whoever, by their schedule, works at least 3 h of night time on at
least two days a week (`night_worker_night_minutes`, `night_worker_days_per_week`), or reaches the count of
night hours the agreement sets over a reference period (L3122-16), 270 h over 12 consecutive months without
an agreement (L3122-23: `night_worker_reference_minutes`, `night_worker_reference_months`). The night period
is the rule set's (21:00–06:00 by default, L3122-20).

Reading (docs/checker.md, "Night workers"): night time is every minute of the working day's pieces (shifts,
travel counted as work) inside the night period; a legal week touching the horizon with two working days of
at least 3 h of night time (the days before the horizon read from the history's shifts), or the history's
night minutes of the previous months of the reference period plus the horizon's reaching the count, makes
the employee a night worker for the whole horizon. A night worker's working day with night work is at most
8 h (L3122-6, `daily_max`) and their weeks at most 40 h on average over 12 weeks (L3122-7,
`rolling_average`). A night worker whose contract does not say so is a warning: the status brings medical
follow-up and compensations (L3122-8, L3122-11) the manager should set up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import hm, week
from engine.checker.violation import Level, Violation
from engine.timeline import Piece, Timeline
from engine.timeutil import week_start

RULE = "night_worker_status"
ARTICLE = "L3122-5"


def status(ctx: CheckContext, tl: Timeline) -> str | None:
    """Why the employee is a night worker over the horizon (French, for messages), or None."""
    key = (RULE, tl.employee.id)
    if key not in ctx.memo:
        ctx.memo[key] = _status(ctx, tl)
    return ctx.memo[key]  # type: ignore[return-value]


def is_night_worker(ctx: CheckContext, tl: Timeline) -> bool:
    return status(ctx, tl) is not None


def _status(ctx: CheckContext, tl: Timeline) -> str | None:
    if tl.employee.contract.night_worker:
        return "travailleur de nuit par son contrat"
    rules = tl.rules
    per_week = rules.night_worker_days_per_week
    if per_week is not None:
        days: dict[dt.date, list[Piece]] = defaultdict(list)
        for p in tl.history_pieces:
            if p.day < ctx.first:
                days[p.day].append(p)
        for d, pieces in tl.days.items():
            days[d].extend(pieces)
        long_days: dict[dt.date, list[dt.date]] = defaultdict(list)
        for d, pieces in days.items():
            if ctx.night_minutes(tl, d, pieces) >= rules.night_worker_night_minutes:
                long_days[week_start(d)].append(d)
        for monday in ctx.mondays:
            if len(long_days.get(monday, ())) >= per_week:
                return (
                    f"au moins {hm(rules.night_worker_night_minutes)} de nuit {len(long_days[monday])} jours "
                    f"la {week(monday)}"
                )
    reference = rules.night_worker_reference_minutes
    if reference is not None:
        months = rules.night_worker_reference_months - 1
        past = tl.history.night_minutes_by_month if tl.history is not None else []
        total = (sum(past[-months:]) if months > 0 else 0) + ctx.horizon_night_minutes(tl)
        if total >= reference:
            return (
                f"{hm(total)} de nuit sur {rules.night_worker_reference_months} mois consécutifs "
                f"(seuil {hm(reference)})"
            )
    return None


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        if tl.employee.contract.night_worker or not tl.assignments:
            continue
        why = status(ctx, tl)
        if why is None:
            continue
        yield Violation(
            RULE,
            ARTICLE,
            f"Travailleur de nuit par son horaire ({why}) sans l'être par son contrat : 8 h par jour de "
            "travail de nuit, 40 h en moyenne sur 12 semaines ; suivi médical et contreparties à prévoir "
            "(L3122-8, L3122-11)",
            tl.employee.id,
            ctx.first,
            level=Level.WARNING,
        )
