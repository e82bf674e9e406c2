"""Questionable hours: what a billing run must not bill silently, listed for the accountant to confirm.

Actual hours are typed by people; a typo bills real money. Before a month is issued, its hours are read for:
- a shift that ends before it starts (a timesheet's `17:00–08:00` is read as a 15 h night) at a site where
  no need crosses midnight;
- a day over the daily maximum (L3121-18, 12 h by agreement L3121-19; night worker L3122-6; under 18 L3162-1);
- complementary hours beyond the legal cap (one tenth of the contract, a third by agreement, L3123-28 and
  L3123-20) or bringing a part-timer to the legal week (L3123-9);
- a month with no hours at all.
The daily maximum and the complementary cap are the compliance checker's own reading of those rules
(engine.checker, families `daily_max` and `part_time`), run on the hours as worked, with the straddling
week's days of the previous month; nothing is re-implemented here. Each warning names where its hours come
from (`hours.csv:12`, `plan.json: assignments[3]`). A run with warnings is refused until the accountant
confirms them (`ge bill --accept-warnings`, the API's `accept_warnings`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engine.checker.context import build_context
from engine.checker.rules import RULES
from engine.french import MONTHS_FR
from engine.hours import WorkedSpan, billing_window
from engine.model import Assignment, Plan, Scenario
from engine.timeutil import month_bounds, parse_month, week_start, zone

CHECKED_RULES = ("daily_max", "part_time")
"""Checker families read on actual hours; of `part_time`, the caps (its 24 h minimum is the contract's)."""
CAP_RULES = frozenset({"complementary_hours", "part_time_legal_week"})
PLACEHOLDER_NEED = "heures-realisees"  # a timesheet row without a need, for the checker's assignments


@dataclass(frozen=True)
class HoursWarning:
    """One questionable fact about the hours billed (French, for the accountant) and where it comes from."""

    kind: str  # ends_before_start | daily_max | complementary_cap | no_hours
    message: str
    sources: tuple[str, ...] = ()
    employee: str | None = None
    article: str | None = None

    def __str__(self) -> str:
        where = ", ".join(self.sources) if self.sources else "(aucune ligne)"
        article = f" ({self.article})" if self.article else ""
        return f"{where}: {self.message}{article}"


def questionable_hours(
    scenario: Scenario, month: str, spans: Sequence[WorkedSpan], previous: Sequence[WorkedSpan] = ()
) -> list[HoursWarning]:
    """Every questionable fact about a month's hours (an empty list: nothing to confirm)."""
    first, last = month_bounds(month)
    in_month = [s for s in spans if first <= s.date <= last]
    if not in_month:
        year, mon = parse_month(month)
        return [
            HoursWarning(
                "no_hours",
                f"aucune heure travaillée en {MONTHS_FR[mon - 1]} {year} : le mois ne facture que ce qui ne "
                "dépend pas des heures (heures non placées, absences, cotisations)",
            )
        ]
    out = _ends_before_start(scenario, in_month)
    out += _checker_findings(scenario, month, _unique([*spans, *previous]))
    return out


def _unique(spans: Iterable[WorkedSpan]) -> list[WorkedSpan]:
    seen: set[tuple[str, dt.datetime, str]] = set()
    out = []
    for s in spans:
        key = (s.employee, s.start, s.member)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _ends_before_start(scenario: Scenario, spans: Iterable[WorkedSpan]) -> list[HoursWarning]:
    """Shifts read across midnight at a site where no need crosses it: likely an end typed before a start."""
    tz = zone(scenario.group.timezone)
    night_sites = {n.site for n in scenario.needs if n.crosses_midnight}
    night_needs = {n.id for n in scenario.needs if n.crosses_midnight}
    out = []
    for s in spans:
        start = s.start.astimezone(tz)
        if start.hour * 60 + start.minute + s.minutes <= 1380:  # ends by 23:00: no midnight, even across DST
            continue
        end = s.end.astimezone(tz)
        next_midnight = dt.datetime.combine(s.date + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        if end <= next_midnight or s.site in night_sites or s.need in night_needs:
            continue
        hours, minutes = divmod(s.minutes, 60)
        length = f"{hours} h" + (f" {minutes:02d}" if minutes else "")
        out.append(
            HoursWarning(
                "ends_before_start",
                f"{s.employee} chez {s.member} le {s.date:%d/%m/%Y} : de {start:%H:%M} à {end:%H:%M}, la fin "
                f"précède le début et la ligne est lue comme un poste de nuit de {length}, alors qu'aucun besoin "
                "de ce site ne passe minuit",
                (s.source,) if s.source else (),
                s.employee,
            )
        )
    return out


def _checker_findings(scenario: Scenario, month: str, spans: list[WorkedSpan]) -> list[HoursWarning]:
    """The checker's daily maximum and complementary caps, read on the hours as worked."""
    window_first, last = billing_window(month)
    known = [s for s in spans if s.employee in scenario.employee_by_id and window_first <= s.date <= last]
    assignments = [_assignment(s) for s in known]
    plan = Plan(month=month, scenario=scenario.name, assignments=assignments)
    ctx = build_context(scenario, plan, start=window_first, end=last)
    rows = _RowIndex(known)
    out = []
    for family in CHECKED_RULES:
        for v in RULES[family](ctx):
            if family == "part_time" and v.rule not in CAP_RULES:
                continue
            kind = "daily_max" if family == "daily_max" else "complementary_cap"
            sources = rows.day(v.employee, v.date) if kind == "daily_max" else rows.week(v.employee, v.date)
            out.append(HoursWarning(kind, v.message, sources, v.employee, v.article))
    return out


class _RowIndex:
    """Where a finding's hours come from: an employee's rows of a day, or of a legal week (indexed once)."""

    def __init__(self, spans: list[WorkedSpan]):
        self.by_day: dict[tuple[str, dt.date], list[WorkedSpan]] = defaultdict(list)
        for s in spans:
            self.by_day[(s.employee, s.date)].append(s)

    def day(self, employee: str | None, day: dt.date | None) -> tuple[str, ...]:
        if employee is None or day is None:
            return ()
        return _named(self.by_day.get((employee, day), []))

    def week(self, employee: str | None, day: dt.date | None) -> tuple[str, ...]:
        if employee is None or day is None:
            return ()
        monday = week_start(day)
        days = (monday + dt.timedelta(days=i) for i in range(7))
        return _named([s for d in days for s in self.by_day.get((employee, d), [])])


def _named(spans: list[WorkedSpan]) -> tuple[str, ...]:
    """The rows' sources in time order, each once."""
    return tuple(dict.fromkeys(s.source for s in sorted(spans, key=_start) if s.source))


def _start(span: WorkedSpan) -> dt.datetime:
    return span.start


def _assignment(span: WorkedSpan) -> Assignment:
    """A worked span as the checker reads it (already validated as a span: no second validation)."""
    return Assignment.model_construct(
        employee=span.employee,
        need=span.need or span.secondment or PLACEHOLDER_NEED,
        date=span.date,
        start=span.start,
        end=span.end,
        member=span.member,
        site=span.site,
        travel_before_minutes=span.travel_minutes,
        travel_before_km=span.travel_km,
        travel_from=span.travel_from,
        pinned=False,
        secondment=span.secondment,
    )
