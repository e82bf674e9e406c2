"""The employees' timelines of a horizon: each one's work as UTC intervals, by working day and legal week.

One model read by the checker (`engine.checker.context.CheckContext` builds on it), the next month's history
(`engine.history`) and the plan's outputs (`engine.report`), so that the three never disagree; a report builds
it once and passes it along. The conventions (working day = the assignment's date, legal week = local
Monday 00:00 to Monday 00:00, travel between workplaces as work placed just before the next shift, home legs
only under the contract's policy, what came before the horizon read from the history) are written out in
docs/checker.md; this module is their single implementation.

- `Piece`: a stretch of work in UTC — a shift (with its assignment, member and site) or travel counted as
  work (no site, kind `travel`);
- `Timeline`: one employee's pieces in the horizon (by working day), the pieces the history records before
  it, and the history's weekly totals;
- `Timelines`: the horizon (first and last day, the group's zone) and every employee's timeline, with the
  readings of days and legal weeks that several readers share (week minutes, night minutes, overtime of the
  weeks settled in the horizon); `Timelines.build(scenario, plan)` makes it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Self
from zoneinfo import ZoneInfo

from engine.model import Assignment, Employee, EmployeeHistory, History, Plan, RuleSet, Scenario
from engine.timeutil import local_datetime, to_utc, week_start, window, zone
from engine.travel import TravelModel, home_key, travel_model

TRAVEL_KIND = "travel"
"""`Piece.kind` and `WorkedInterval.kind` of travel-as-work intervals (with no site)."""

MIDNIGHT = dt.time(0, 0)
NEVER_BEFORE = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
NEVER_AFTER = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def fiscal_year_start(day: dt.date, start_month: int) -> dt.date:
    """First day of the fiscal year holding `day` (yearly counters reset there)."""
    year = day.year if day.month >= start_month else day.year - 1
    return dt.date(year, start_month, 1)


def seconds_to_minutes(seconds: float) -> int:
    return int(seconds // 60)


@dataclass(frozen=True)
class Piece:
    """A stretch of work in UTC: a shift (with its assignment) or travel that counts as work."""

    start: dt.datetime
    end: dt.datetime
    day: dt.date  # the working day it belongs to
    assignment: Assignment | None = None
    site: str | None = None
    kind: str | None = None
    home: bool = False  # a leg from or to home (work by contract): outside break spans (docs/checker.md)

    @property
    def member(self) -> str | None:
        """The member the shift is worked for (None for travel and for the history's intervals)."""
        return self.assignment.member if self.assignment is not None else None

    @property
    def is_travel(self) -> bool:
        return self.assignment is None and self.site is None and self.kind == TRAVEL_KIND

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def minutes(self) -> int:
        return seconds_to_minutes(self.seconds)


def clipped_seconds(pieces: Iterable[Piece], lo: dt.datetime, hi: dt.datetime) -> float:
    total = 0.0
    for p in pieces:
        a, b = max(p.start, lo), min(p.end, hi)
        if b > a:
            total += (b - a).total_seconds()
    return total


def merged(pieces: Iterable[Piece]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Union of pieces as sorted, disjoint (start, end) intervals."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for p in sorted(pieces, key=lambda p: p.start):
        if out and p.start <= out[-1][1]:
            if p.end > out[-1][1]:
                out[-1] = (out[-1][0], p.end)
        else:
            out.append((p.start, p.end))
    return out


def free_gaps(pieces: Iterable[Piece]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Free periods around and between the pieces; unknown time before and after counts as free."""
    busy = merged(pieces)
    gaps = []
    cursor = NEVER_BEFORE
    for a, b in busy:
        if a > cursor:
            gaps.append((cursor, a))
        cursor = max(cursor, b)
    gaps.append((cursor, NEVER_AFTER))
    return gaps


@dataclass
class Timeline:
    """One employee's work in the horizon (pieces by working day) and what the history says came before."""

    employee: Employee
    rules: RuleSet
    assignments: list[Assignment]
    pieces: list[Piece]
    history_pieces: list[Piece]
    history: EmployeeHistory | None
    prior_weeks: dict[dt.date, int]  # legal week (Monday) → minutes from history.weekly_minutes
    last_end_before: dt.datetime | None  # latest known end of work before the horizon

    @cached_property
    def days(self) -> dict[dt.date, list[Piece]]:
        out: dict[dt.date, list[Piece]] = defaultdict(list)
        for p in self.pieces:
            out[p.day].append(p)
        return {d: sorted(ps, key=lambda p: (p.start, p.end)) for d, ps in sorted(out.items())}

    @cached_property
    def worked_dates(self) -> set[dt.date]:
        return {a.date for a in self.assignments}

    @cached_property
    def history_dates(self) -> set[dt.date]:
        return {p.day for p in self.history_pieces if not p.is_travel}

    @cached_property
    def all_pieces(self) -> list[Piece]:
        return sorted(self.history_pieces + self.pieces, key=lambda p: (p.start, p.end))

    @cached_property
    def gaps(self) -> list[tuple[dt.datetime, dt.datetime]]:
        return free_gaps(self.all_pieces)

    @property
    def is_minor(self) -> bool:
        return self.employee.minor and self.rules.minor_rules

    @property
    def is_forfait(self) -> bool:
        return self.employee.contract.is_forfait_jours

    @property
    def is_hourly_full_time(self) -> bool:
        """Paid by the hour on a full-time weekly schedule: the one whose weeks make overtime."""
        c = self.employee.contract
        return not (c.is_part_time or c.is_forfait_jours or c.annualised)

    def day_minutes(self, day: dt.date) -> int:
        return seconds_to_minutes(sum(p.seconds for p in self.days.get(day, ())))

    def total_minutes(self) -> int:
        return seconds_to_minutes(sum(p.seconds for p in self.pieces))

    def prior_week_minutes(self, bounds: tuple[dt.datetime, dt.datetime], monday: dt.date) -> int:
        """Minutes of a legal week worked before the horizon: the history's total or its intervals."""
        from_intervals = seconds_to_minutes(clipped_seconds(self.history_pieces, *bounds))
        return max(self.prior_weeks.get(monday, 0), from_intervals)

    def horizon_week_minutes(self, bounds: tuple[dt.datetime, dt.datetime]) -> int:
        return seconds_to_minutes(clipped_seconds(self.pieces_between(*bounds), *bounds))

    @cached_property
    def _starts(self) -> list[dt.datetime]:
        return [p.start for p in self.pieces]

    @cached_property
    def _longest(self) -> dt.timedelta:
        return max((p.end - p.start for p in self.pieces), default=dt.timedelta(0))

    def pieces_between(self, lo: dt.datetime, hi: dt.datetime) -> list[Piece]:
        """The horizon's pieces that may meet [lo, hi) (a bisection: long horizons stay fast)."""
        first = bisect.bisect_left(self._starts, lo - self._longest)
        last = bisect.bisect_left(self._starts, hi)
        return self.pieces[first:last]


@dataclass
class Timelines:
    """The horizon and every employee's timeline; built once, read by the checker, the history and the report."""

    scenario: Scenario
    plan: Plan
    first: dt.date
    last: dt.date
    tz: ZoneInfo
    travel: TravelModel
    history: History | None
    timelines: dict[str, Timeline] = field(default_factory=dict)
    unknown_employee: list[Assignment] = field(default_factory=list)
    only: frozenset[str] | None = None  # the employees built (None: all)

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        plan: Plan,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        history: History | None = None,
        employees: Collection[str] | None = None,
    ) -> Self:
        """The timelines of a horizon (the plan's month by default); the history is `history`, else the
        plan's, else the scenario's. `employees`: only these employees' timelines (and `assignments` only
        theirs), for a reader that needs a few (a board redrawing the rows an edit changed)."""
        first, last = resolve_horizon(plan, start, end)
        if history is None:
            history = plan.history if plan.history is not None else scenario.history
        made = cls(
            scenario=scenario,
            plan=plan,
            first=first,
            last=last,
            tz=zone(scenario.group.timezone),
            travel=travel_model(scenario),
            history=history,
            only=None if employees is None else frozenset(employees),
        )
        by_employee: dict[str, list[Assignment]] = defaultdict(list)
        for a in made.assignments:
            if a.employee in scenario.employee_by_id:
                by_employee[a.employee].append(a)
            else:
                made.unknown_employee.append(a)
        for emp in scenario.employees:
            if made.only is None or emp.id in made.only:
                made.timelines[emp.id] = build_timeline(made, emp, by_employee.get(emp.id, []))
        return made

    @cached_property
    def assignments(self) -> list[Assignment]:
        """The plan's assignments whose working day lies in the horizon, by start instant (only those of the
        employees built, when `only` names them)."""
        only = self.only
        return sorted(
            (
                a
                for a in self.plan.assignments
                if self.first <= a.date <= self.last and (only is None or a.employee in only)
            ),
            key=lambda a: (to_utc(a.start), a.employee, a.need),
        )

    @cached_property
    def mondays(self) -> list[dt.date]:
        """Legal weeks touching the horizon (L3121-35: Monday 00:00 to Sunday 24:00)."""
        out, monday = [], week_start(self.first)
        while monday <= self.last:
            out.append(monday)
            monday += dt.timedelta(days=7)
        return out

    @property
    def settled_mondays(self) -> list[dt.date]:
        """Legal weeks whose Sunday lies in the horizon: their overtime and complementary hours are the
        horizon's (billing settles a week in the month it ends)."""
        return [m for m in self.mondays if self.first <= m + dt.timedelta(days=6) <= self.last]

    @property
    def days(self) -> Iterator[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)

    def day_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """UTC bounds of a local calendar day (23 or 25 h long on DST days)."""
        return (
            to_utc(local_datetime(day, MIDNIGHT, self.tz)),
            to_utc(local_datetime(day + dt.timedelta(days=1), MIDNIGHT, self.tz)),
        )

    def week_bounds(self, monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
        bounds = self._week_bounds.get(monday)
        if bounds is None:
            bounds = self._week_bounds[monday] = self._compute_week_bounds(monday)
        return bounds

    @cached_property
    def _week_bounds(self) -> dict[dt.date, tuple[dt.datetime, dt.datetime]]:
        return {}

    def _compute_week_bounds(self, monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return (
            to_utc(local_datetime(monday, MIDNIGHT, self.tz)),
            to_utc(local_datetime(monday + dt.timedelta(days=7), MIDNIGHT, self.tz)),
        )

    def week_minutes(self, timeline: Timeline, monday: dt.date) -> int:
        """Work minutes of a legal week: the horizon's part plus what came before it."""
        bounds = self.week_bounds(monday)
        return timeline.horizon_week_minutes(bounds) + timeline.prior_week_minutes(bounds, monday)

    def weekly_overtime(self, timeline: Timeline) -> dict[dt.date, int]:
        """Overtime (L3121-28: minutes beyond the legal week) of each legal week whose Sunday lies in the horizon."""
        limit = timeline.rules.legal_weekly_minutes
        return {m: max(0, self.week_minutes(timeline, m) - limit) for m in self.settled_mondays}

    def night_minutes(self, timeline: Timeline, work_day: dt.date, pieces: Iterable[Piece]) -> int:
        """Minutes of a working day's pieces inside the night periods (the rule set's, L3122-2) beginning the
        day before, on and after it."""
        rules = timeline.rules
        seconds = 0.0
        items = list(pieces)
        for offset in (-1, 0, 1):
            night = self.local_window(
                work_day + dt.timedelta(days=offset), rules.night_start, rules.night_end
            )
            seconds += clipped_seconds(items, *night)
        return seconds_to_minutes(seconds)

    def horizon_night_minutes(self, timeline: Timeline) -> int:
        """Night minutes worked in the horizon (what the next month's history records)."""
        return sum(self.night_minutes(timeline, d, pieces) for d, pieces in timeline.days.items())

    def local_window(self, day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
        a, b = window(day, start, end, self.tz)
        return to_utc(a), to_utc(b)

    def local_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def touched_dates(self, start: dt.datetime, end: dt.datetime) -> list[dt.date]:
        """Local calendar days that a span has at least one minute in."""
        first = self.local_date(start)
        last = self.local_date(end - dt.timedelta(microseconds=1))
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]

    def fiscal_year(self, day: dt.date) -> dt.date:
        return fiscal_year_start(day, self.scenario.group.fiscal_year_start_month)


def resolve_horizon(plan: Plan, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    plan_first, plan_last = plan.horizon()  # the calendar month, or the plan's own horizon
    first, last = start or plan_first, end or plan_last
    if last < first:
        raise ValueError(f"the horizon ends ({last}) before it starts ({first})")
    return first, last


def work_pieces(
    horizon: Timelines, employee: Employee, rules: RuleSet, items: list[Assignment]
) -> list[Piece]:
    """Shifts plus the travel that counts as work, per working day (docs/checker.md, "Work")."""
    pieces: list[Piece] = []
    home = home_key(employee.id)
    by_day: dict[dt.date, list[Assignment]] = defaultdict(list)
    for a in items:
        by_day[a.date].append(a)
    for day, day_items in by_day.items():
        day_items.sort(key=lambda a: (to_utc(a.start), to_utc(a.end)))
        for a in day_items:
            pieces.append(Piece(to_utc(a.start), to_utc(a.end), day, a, a.site, kind_of(horizon.scenario, a)))
        if rules.travel_between_sites_is_work:
            for prev, nxt in itertools.pairwise(day_items):
                if prev.site != nxt.site:
                    minutes = horizon.travel.minutes(prev.site, nxt.site)
                    if minutes:
                        begin = to_utc(nxt.start)
                        pieces.append(travel_piece(begin - dt.timedelta(minutes=minutes), begin, day))
        if employee.contract.home_travel_is_work:
            first, last = day_items[0], max(day_items, key=lambda a: to_utc(a.end))
            out_minutes = horizon.travel.minutes(home, first.site)
            if out_minutes:
                begin = to_utc(first.start)
                pieces.append(travel_piece(begin - dt.timedelta(minutes=out_minutes), begin, day, home=True))
            back_minutes = horizon.travel.minutes(last.site, home)
            if back_minutes:
                finish = to_utc(last.end)
                pieces.append(
                    travel_piece(finish, finish + dt.timedelta(minutes=back_minutes), day, home=True)
                )
    pieces.sort(key=lambda p: (p.start, p.end))
    return pieces


def travel_piece(start: dt.datetime, end: dt.datetime, day: dt.date, *, home: bool = False) -> Piece:
    return Piece(start, end, day, None, None, TRAVEL_KIND, home)


def kind_of(scenario: Scenario, assignment: Assignment) -> str:
    """Shift kind for sequence rules: the need's kind (or id); a loan day's kind is the loan's id."""
    need = scenario.need_by_id.get(assignment.need)
    return need.shift_kind if need is not None else assignment.need


def build_timeline(horizon: Timelines, employee: Employee, items: list[Assignment]) -> Timeline:
    rules = horizon.scenario.rules_for(employee)
    eh = horizon.history.for_employee(employee.id) if horizon.history is not None else None
    history_pieces: list[Piece] = []
    prior_weeks: dict[dt.date, int] = {}
    last_end: dt.datetime | None = None
    horizon_start = horizon.day_bounds(horizon.first)[0]
    if eh is not None:
        for w in eh.recent_shifts:
            start, end = to_utc(w.start), to_utc(w.end)
            if start >= horizon_start:
                continue  # history is what came before the horizon
            history_pieces.append(Piece(start, end, horizon.local_date(start), None, w.site, w.kind))
        # The last entry is the legal week before the first week touching the horizon (a week straddling
        # the horizon's start is read from the recent shifts, never from these totals).
        anchor = week_start(horizon.first) - dt.timedelta(days=7)
        for back, minutes in enumerate(reversed(eh.weekly_minutes)):
            prior_weeks[anchor - dt.timedelta(days=7 * back)] = minutes
        ends = [p.end for p in history_pieces]
        if eh.last_shift_end is not None:
            ends.append(to_utc(eh.last_shift_end))
        last_end = max(ends) if ends else None
    return Timeline(
        employee=employee,
        rules=rules,
        assignments=items,
        pieces=work_pieces(horizon, employee, rules, items),
        history_pieces=sorted(history_pieces, key=lambda p: (p.start, p.end)),
        history=eh,
        prior_weeks=prior_weeks,
        last_end_before=last_end,
    )
