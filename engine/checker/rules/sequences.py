"""General sequence rules a contract (or a whole rule set) can set; none by default.

One shift a day, min/max consecutive working days, min consecutive days off, max weekends worked, forbidden
successions of shift kinds on consecutive days, max shifts of a kind, min/max total minutes over the horizon.
They come from contracts or agreements (or a benchmark's own rule set), not from the Code du travail, so their
article is `contrat`. Runs touching the horizon's first day continue the history's run; with
`runs_at_horizon_edges_exempt`, runs touching the first or last day are exempt from the minima (they continue
outside the horizon — the Curtois & Qu reading).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm
from engine.checker.violation import Violation
from engine.timeline import Timeline, kind_of

RULE = "sequences"
ARTICLE = "contrat"


@dataclass(frozen=True)
class Run:
    worked: bool
    first: dt.date
    last: dt.date
    length: int  # days, the history's continuation included
    at_start: bool
    at_end: bool


def runs(ctx: CheckContext, tl: Timeline) -> list[Run]:
    """Runs of worked days and of days off over the horizon."""
    out: list[Run] = []
    worked = tl.worked_dates
    current: list[dt.date] = []
    state: bool | None = None
    for d in ctx.days:
        w = d in worked
        if state is not None and w != state:
            out.append(_run(ctx, tl, state, current))
            current = []
        state = w
        current.append(d)
    if state is not None:
        out.append(_run(ctx, tl, state, current))
    return out


def _run(ctx: CheckContext, tl: Timeline, worked: bool, days: list[dt.date]) -> Run:
    length = len(days)
    at_start = days[0] == ctx.first
    if at_start and tl.history is not None:
        length += tl.history.consecutive_days_worked if worked else tl.history.consecutive_days_off
    return Run(worked, days[0], days[-1], length, at_start, days[-1] == ctx.last)


def check_runs(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    rules = tl.rules
    if (
        rules.max_consecutive_days is None
        and rules.min_consecutive_days is None
        and rules.min_consecutive_days_off is None
    ):
        return
    for run in runs(ctx, tl):
        exempt = rules.runs_at_horizon_edges_exempt and (run.at_start or run.at_end)
        span = f"du {day(run.first)} au {day(run.last)}"
        if run.worked and rules.max_consecutive_days is not None and run.length > rules.max_consecutive_days:
            yield Violation(
                "max_consecutive_days",
                ARTICLE,
                f"{run.length} jours travaillés consécutifs {span} (max {rules.max_consecutive_days})",
                tl.employee.id,
                run.first,
            )
        if exempt:
            continue
        if run.worked and rules.min_consecutive_days is not None and run.length < rules.min_consecutive_days:
            yield Violation(
                "min_consecutive_days",
                ARTICLE,
                f"Seulement {run.length} jour(s) travaillé(s) consécutif(s) {span} (min {rules.min_consecutive_days})",
                tl.employee.id,
                run.first,
            )
        if (
            not run.worked
            and rules.min_consecutive_days_off is not None
            and run.length < rules.min_consecutive_days_off
        ):
            yield Violation(
                "min_consecutive_days_off",
                ARTICLE,
                f"Seulement {run.length} jour(s) de repos consécutif(s) {span} (min {rules.min_consecutive_days_off})",
                tl.employee.id,
                run.first,
            )


def check_counts(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    rules = tl.rules
    emp = tl.employee.id
    if rules.one_shift_per_day:
        for d, n in sorted(Counter(a.date for a in tl.assignments).items()):
            if n > 1:
                yield Violation(
                    "one_shift_per_day", ARTICLE, f"{n} postes le {day(d)} (un seul par jour)", emp, d
                )
    if rules.max_weekends is not None:
        saturday = ctx.first + dt.timedelta(days=(5 - ctx.first.weekday()) % 7 - 7)
        worked = []
        while saturday <= ctx.last:
            if {saturday, saturday + dt.timedelta(days=1)} & tl.worked_dates:
                worked.append(saturday)
            saturday += dt.timedelta(days=7)
        if len(worked) > rules.max_weekends:
            yield Violation(
                "max_weekends",
                ARTICLE,
                f"{len(worked)} week-ends travaillés du {day(ctx.first)} au {day(ctx.last)} (max {rules.max_weekends})",
                emp,
                worked[rules.max_weekends],
            )
    kinds = Counter(kind_of(ctx.scenario, a) for a in tl.assignments)
    for kind, limit in sorted(rules.max_shifts_per_kind.items()):
        if kinds[kind] > limit:
            yield Violation(
                "max_shifts_per_kind",
                ARTICLE,
                f"{kinds[kind]} postes « {kind} » du {day(ctx.first)} au {day(ctx.last)} (max {limit})",
                emp,
                ctx.first,
            )
    total = tl.total_minutes()
    if rules.max_total_minutes is not None and total > rules.max_total_minutes:
        yield Violation(
            "max_total_minutes",
            ARTICLE,
            f"{hm(total)} de travail du {day(ctx.first)} au {day(ctx.last)} (max {hm(rules.max_total_minutes)})",
            emp,
            ctx.first,
        )
    if rules.min_total_minutes is not None and total < rules.min_total_minutes:
        yield Violation(
            "min_total_minutes",
            ARTICLE,
            f"{hm(total)} de travail du {day(ctx.first)} au {day(ctx.last)} (min {hm(rules.min_total_minutes)})",
            emp,
            ctx.first,
        )


def check_successions(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    if not tl.rules.forbidden_successions:
        return
    kinds: dict[dt.date, set[str]] = defaultdict(set)
    for a in tl.assignments:
        kinds[a.date].add(kind_of(ctx.scenario, a))
    eve = ctx.first - dt.timedelta(days=1)
    for p in tl.history_pieces:
        if p.day == eve and p.kind is not None and not p.is_travel:
            kinds[eve].add(p.kind)
    forbidden: dict[str, list[str]] = defaultdict(list)
    for s in tl.rules.forbidden_successions:
        forbidden[s.first].append(s.then)
    for d in sorted(kinds):
        following = kinds.get(d + dt.timedelta(days=1))
        if not following:
            continue
        for first in sorted(kinds[d] & forbidden.keys()):
            for then in forbidden[first]:
                if then not in following:
                    continue
                yield Violation(
                    "forbidden_succession",
                    ARTICLE,
                    f"Poste « {then} » le {day(d + dt.timedelta(days=1))} après un poste « {first} » la veille",
                    tl.employee.id,
                    d + dt.timedelta(days=1),
                )


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        yield from check_runs(ctx, tl)
        yield from check_counts(ctx, tl)
        yield from check_successions(ctx, tl)
