"""Worked hours: spans of work and their legal classification per week (pure, shared).

Used by billing (what each member pays), the plan report (hours per employee) and the checker helpers.
Minutes are integers; every duration is computed on UTC instants (`engine.timeutil.minutes_between`).

The legal week runs Monday 00:00 to Sunday 24:00 (L3121-35). A span that crosses that boundary (a night
shift from Sunday 22:00 to Monday 06:00) is cut at Monday 00:00 local time: its first 2 h count in the week
of its Sunday, the other 6 h in the next week (each part's minutes are UTC durations, right across DST). Its
travel stays with the first part. Forfait-jours spans are not cut (a day counts once, L3121-58).
Each employee's week is classified on the employee's TOTAL across members (the GE is the single employer):

- part-timers (L3123-28/29): minutes beyond the contract's weekly minutes are complementary: within one
  tenth of the contract at `complementary_premium_low` (+10 %), beyond the tenth (up to the cap an agreement
  may raise to a third, `complementary_ratio`) at `complementary_premium_high` (+25 %, or the agreement's
  rate, never below +10 %, L3123-21);
- full-timers (L3121-36): minutes beyond the legal week (35 h, L3121-27) are overtime, at
  `overtime_premium_low` (+25 %) up to `overtime_high_after_minutes` (43 h), then `overtime_premium_high`
  (+50 %);
- annualised contracts (L3121-41/44): no weekly classification; the minutes beyond the annual threshold
  (the contract's annual hours, else 1,607 h) over the annualisation period (the group's fiscal year) are
  overtime at the low rate (full-time) or complementary (part-time: within the tenth of the annual hours at
  +10 %, beyond at +25 %). They are settled in the month in which the cumulated minutes cross the threshold;
  unplaced contract hours (idle) are settled in the last month of the period.
- forfait jours (L3121-58): days, not hours; no hourly classification and no hourly premiums. Each worked day
  counts once, shared between members in proportion to the minutes spent at each that day.

Minutes beyond a threshold are the LAST minutes of the week in time order: the span during which the
threshold is crossed and the spans after it carry them ("threshold member"); billing may spread them pro rata
instead (BillingSettings.premium_payer).

Night minutes are the minutes inside the night period (`night_start`–`night_end`, 21:00–06:00 by default,
L3122-20); Sunday and public-holiday minutes are those falling on a local Sunday or a public holiday of the
site (engine.calendar). They are counted for on-site work only (not travel).

Travel between two workplaces is effective working time (Cass. crim. 2 Sept 2014 n°13-80.665) when the rule
set says so; travel from home counts only for contracts with `home_travel_is_work` (L3121-4). Counted travel
minutes come before the span's on-site minutes in time order.

Settlement: a week that straddles two months is settled in the month in which it ends (its Sunday). Billing
month M therefore covers the weeks whose Sunday falls in M; the days of M after its last Sunday are settled
with M+1, and the first week of M needs the spans of the end of M-1 (`previous_spans`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from engine.calendar import public_holidays
from engine.model import Assignment, Employee, Scenario
from engine.model.rules import RuleSet
from engine.timeutil import local_datetime, minutes_between, month_bounds, week_start, window, zone

MIDNIGHT = dt.time(0, 0)
SPAN_REACH_DAYS = 7
"""How far before a settlement period a span may start and still reach into it (spans last less than a week)."""
COMPLEMENTARY_LOW_BAND = Fraction(1, 10)
"""L3123-29: the +10 % band of complementary hours ends at one tenth of the contract's hours, always — whatever
cap an agreement allows (`complementary_ratio`, 1/3 at most, L3123-20); minutes beyond the tenth earn the
higher rate."""
DAY_REFERENCE_MINUTES = 420
"""A forfait-jours day is paid as 7 h of the hourly wage (35 h / 5 days) unless the contract says otherwise."""


@dataclass(frozen=True, slots=True)
class WorkedSpan:
    """One stretch of work at a member's site, as planned (an assignment) or as done (a timesheet row)."""

    employee: str
    member: str
    site: str
    date: dt.date  # local date of the start
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    need: str | None = None
    skill: str | None = None
    secondment: str | None = None
    travel_minutes: int = 0  # travel from the previous place, just before `start`
    travel_km: Decimal = Decimal("0")
    travel_from: str | None = None  # a site id or "home:<employee>"
    source: str | None = (
        None  # where it comes from, for the accountant: "hours.csv:12", "plan.json: assignments[3]"
    )

    @property
    def minutes(self) -> int:
        """On-site minutes, exact across DST (UTC)."""
        return minutes_between(self.start, self.end)

    @property
    def travel_from_home(self) -> bool:
        return self.travel_from is not None and self.travel_from.startswith("home:")


def spans_from_assignments(
    assignments: Iterable[Assignment], scenario: Scenario | None = None, source: str | None = None
) -> list[WorkedSpan]:
    """Plan assignments → worked spans (the skill comes from the need or the loan when a scenario is given;
    `source`, the plan's name, makes each span's source `<source>: assignments[<i>]`)."""
    out = []
    for i, a in enumerate(assignments):
        skill = None
        if scenario is not None:
            need = scenario.need_by_id.get(a.need)
            loan = scenario.secondment_by_id.get(a.secondment or a.need)
            skill = need.skill if need is not None else (loan.skill if loan is not None else None)
        out.append(
            WorkedSpan(
                employee=a.employee,
                member=a.member,
                site=a.site,
                date=a.date,
                start=a.start,
                end=a.end,
                need=a.need,
                skill=skill,
                secondment=a.secondment,
                travel_minutes=a.travel_before_minutes,
                travel_km=a.travel_before_km,
                travel_from=a.travel_from,
                source=f"{source}: assignments[{i}]" if source else None,
            )
        )
    return out


@dataclass(slots=True)
class SpanHours:
    """One span's minutes by legal class. `normal + complementary + overtime == paid_minutes`.

    `in_month`: the span lies in the billed calendar month (its base pay, travel, night, Sunday, holiday and
    1 May minutes are billed there); a span of the previous month's days is kept only for the weekly classes
    of the week straddling both months, settled in the month in which that week ends.
    """

    span: WorkedSpan
    onsite_minutes: int
    travel_minutes: int  # counted as work (0 when travel is not working time)
    normal: int = 0
    comp_low: int = 0  # complementary within the tenth (+10 %)
    comp_high: int = 0  # complementary beyond (+25 %)
    ot_low: int = 0  # overtime 36th–43rd hour (+25 %)
    ot_high: int = 0  # overtime from the 44th hour (+50 %)
    night: int = 0
    sunday: int = 0
    holiday: int = 0  # on a public holiday other than 1 May
    may_day: int = 0  # on 1 May, paid double (L3133-6): on-site minutes and the travel that leads to them
    day_share: Fraction = Fraction(0)  # forfait jours: this span's share of a worked day
    in_month: bool = True

    @property
    def paid_minutes(self) -> int:
        return self.onsite_minutes + self.travel_minutes

    @property
    def member(self) -> str:
        return self.span.member


CLASSES = ("normal", "comp_low", "comp_high", "ot_low", "ot_high")
PREMIUM_CLASSES = ("comp_low", "comp_high", "ot_low", "ot_high")
TIME_CLASSES = ("night", "sunday", "holiday", "may_day")


@dataclass(slots=True)
class WeekHours:
    """An employee's legal week: the spans classified, and what the contract guarantees that week.

    `settled`: the week ends in the billed month, which therefore settles what is computed per week (its
    complementary and overtime classes, its idle hours); a week that ends in the next month is settled
    there, and only its days of this month are billed here (their base pay).
    """

    employee: str
    week_start: dt.date
    spans: list[SpanHours] = field(default_factory=list)
    settled: bool = True
    contract_minutes: int = 0  # guaranteed paid minutes (contract, prorated to days under contract)
    paid_absence_minutes: int = 0
    unpaid_absence_minutes: int = 0
    month_paid_absence_minutes: int = 0  # paid absence on the week's days inside the billed month
    idle_minutes: int = 0  # guaranteed minutes neither worked nor on paid absence (settled weeks)
    contract_days: int = 0  # forfait jours: weekdays under contract
    paid_absence_days: int = 0  # forfait jours: inside the billed month
    idle_days: int = 0

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def worked_minutes(self) -> int:
        return sum(s.paid_minutes for s in self.spans)

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.spans)

    def minutes_by_member(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.spans:
            out[s.member] = out.get(s.member, 0) + s.paid_minutes
        return out


@dataclass(slots=True)
class EmployeeMonthHours:
    """Everything settled for one employee in one calendar month.

    `weeks`: every legal week touching the month; `spans`: the spans inside the month (billed at their base
    pay, time-of-day premiums and 1 May here); `premium_spans`: the spans whose complementary and overtime
    classes are settled this month (the weeks ending in it; annualised contracts: the month's spans).
    """

    employee: str
    month: str
    forfait_jours: bool
    annualised: bool = False
    weeks: list[WeekHours] = field(default_factory=list)
    annual_idle_minutes: int = 0  # annualised: unplaced contract minutes settled at the end of the period
    ytd_minutes_after: int = 0  # annualised: minutes worked in the period up to the end of this month

    @property
    def spans(self) -> list[SpanHours]:
        return [s for w in self.weeks for s in w.spans if s.in_month]

    @property
    def settled_weeks(self) -> list[WeekHours]:
        return [w for w in self.weeks if w.settled]

    @property
    def premium_spans(self) -> list[SpanHours]:
        if self.annualised:
            return self.spans
        return [s for w in self.weeks if w.settled for s in w.spans]

    def total(self, name: str) -> int:
        """Minutes of a class: weekly classes as settled this month, every other one in the month's days."""
        spans = self.premium_spans if name in CLASSES else self.spans
        return sum(getattr(s, name) for s in spans)

    @property
    def worked_minutes(self) -> int:
        return sum(s.paid_minutes for s in self.spans)

    @property
    def travel_minutes(self) -> int:
        return self.total("travel_minutes")

    @property
    def travel_km(self) -> Decimal:
        return sum((s.span.travel_km for s in self.spans), Decimal("0"))

    @property
    def idle_minutes(self) -> int:
        return sum(w.idle_minutes for w in self.weeks if w.settled) + self.annual_idle_minutes

    @property
    def paid_absence_minutes(self) -> int:
        return sum(w.month_paid_absence_minutes for w in self.weeks)

    @property
    def idle_days(self) -> int:
        return sum(w.idle_days for w in self.weeks if w.settled)

    @property
    def paid_absence_days(self) -> int:
        return sum(w.paid_absence_days for w in self.weeks)

    @property
    def days_worked(self) -> Fraction:
        return sum((s.day_share for s in self.spans), Fraction(0))

    def minutes_by_member(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.spans:
            out[s.member] = out.get(s.member, 0) + s.paid_minutes
        return out


# --- the weeks and days settled in a month ----------------------------------------------------------------


def settled_weeks(month: str) -> list[dt.date]:
    """Mondays of the weeks whose Sunday falls in the month: their weekly classes are settled in it."""
    first, last = month_bounds(month)
    monday = week_start(first)
    out = []
    while monday + dt.timedelta(days=6) <= last:
        out.append(monday)
        monday += dt.timedelta(days=7)
    return out


def touched_weeks(month: str) -> list[dt.date]:
    """Mondays of every legal week with a day in the month (the first may start in the previous month)."""
    first, last = month_bounds(month)
    monday, out = week_start(first), []
    while monday <= last:
        out.append(monday)
        monday += dt.timedelta(days=7)
    return out


def billing_window(month: str) -> tuple[dt.date, dt.date]:
    """First and last local dates whose hours a month's billing reads: from the Monday of the week of the
    1st (the straddling week's classes are settled in this month) to the month's last day."""
    first, last = month_bounds(month)
    return week_start(first), last


def is_may_day(day: dt.date) -> bool:
    """1 May, the one public holiday paid double when worked (L3133-4, L3133-6)."""
    return day.month == 5 and day.day == 1


def annualisation_period(day: dt.date, start_month: int) -> tuple[dt.date, dt.date]:
    """The annualisation period (the group's fiscal year) containing a day."""
    year = day.year if day.month >= start_month else day.year - 1
    first = dt.date(year, start_month, 1)
    last = dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)
    return first, last


# --- classification --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _night_windows(
    day: dt.date, start: dt.time, end: dt.time, tz: ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    return window(day, start, end, tz)


@lru_cache(maxsize=4096)
def _day_bounds(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    return local_datetime(day, MIDNIGHT, tz), local_datetime(day + dt.timedelta(days=1), MIDNIGHT, tz)


def _overlap(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> int:
    lo, hi = max(a0, b0), min(a1, b1)
    return minutes_between(lo, hi) if hi > lo else 0


def _local_days(span: WorkedSpan, tz: ZoneInfo) -> list[dt.date]:
    last = span.end.astimezone(tz).date()
    day, out = span.date, []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=1)
    return out


def night_minutes(span: WorkedSpan, rules: RuleSet, tz: ZoneInfo) -> int:
    """On-site minutes inside the night period (L3122-20), for every night the span touches."""
    if rules.night_start == rules.night_end:
        return 0
    total = 0
    for day in [span.date - dt.timedelta(days=1), *_local_days(span, tz)]:
        n0, n1 = _night_windows(day, rules.night_start, rules.night_end, tz)
        total += _overlap(span.start, span.end, n0, n1)
    return total


def minutes_on_days(
    span: WorkedSpan, days: Iterable[dt.date] | None, tz: ZoneInfo, weekday: int | None = None
) -> int:
    """On-site minutes falling on given local dates, or on a given weekday (6: Sunday)."""
    wanted = set(days) if days is not None else None
    total = 0
    for day in _local_days(span, tz):
        if (wanted is not None and day in wanted) or (weekday is not None and day.weekday() == weekday):
            d0, d1 = _day_bounds(day, tz)
            total += _overlap(span.start, span.end, d0, d1)
    return total


class HoursContext:
    """What classification needs from the scenario, looked up once (rules, holidays, zone).

    A year of billing classifies hundreds of thousands of spans, most of them at the same few sites and
    clock windows: the time-of-day minutes (on-site, night, Sunday, holiday) of a stretch depend only on its
    site, instants and night period, so they are computed once per distinct stretch and reused.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.tz = zone(scenario.group.timezone)
        self._calendars: dict[str, str | None] = {
            site.id: site.holidays_subdivision for site in scenario.site_by_id.values()
        }
        self._mondays: dict[dt.date, dt.date] = {}
        self._thresholds: dict[str, Thresholds] = {}
        self._cuts: dict[dt.date, dt.datetime] = {}
        self._holidays: dict[tuple[str | None, int], frozenset[dt.date]] = {}
        self._times: dict[tuple[object, ...], TimeMinutes] = {}

    def rules(self, employee: Employee) -> RuleSet:
        return self.scenario.rules_for(employee)

    def next_cut(self, day: dt.date) -> dt.datetime:
        """The first cut after a day, local and aware: the next Monday 00:00 (the end of its legal week,
        L3121-35) or the next 1st of a month 00:00 (hours belong to the calendar month), memoised."""
        found = self._cuts.get(day)
        if found is None:
            monday = self.week_of(day) + dt.timedelta(days=7)
            first_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            found = self._cuts[day] = local_datetime(min(monday, first_next), MIDNIGHT, self.tz)
        return found

    def pieces(self, span: WorkedSpan) -> list[WorkedSpan]:
        """A span cut at each Monday 00:00 and each 1st-of-month 00:00 it crosses (hourly contracts): each
        piece lies in one legal week and one calendar month; travel stays with the first piece."""
        boundary = self.next_cut(span.date)
        if span.end <= boundary:
            return [span]  # the common case: inside one legal week and one month
        employee = self.scenario.employee_by_id.get(span.employee)
        if employee is not None and employee.contract.is_forfait_jours:
            return [span]  # days, not hours: a worked day counts once (L3121-58)
        pieces = []
        while span.end > boundary:
            pieces.append(replace(span, end=boundary))
            span = replace(
                span,
                date=boundary.astimezone(self.tz).date(),
                start=boundary,
                travel_minutes=0,
                travel_km=Decimal("0"),
                travel_from=None,
            )
            boundary = self.next_cut(span.date)
        pieces.append(span)
        return pieces

    def thresholds(self, employee: Employee, rules: RuleSet) -> Thresholds:
        """`weekly_thresholds` of an employee, memoised (the rules of an employee do not change)."""
        found = self._thresholds.get(employee.id)
        if found is None:
            found = self._thresholds[employee.id] = weekly_thresholds(employee, rules)
        return found

    def week_of(self, day: dt.date) -> dt.date:
        """The Monday of a day's legal week (L3121-35), memoised."""
        monday = self._mondays.get(day)
        if monday is None:
            monday = self._mondays[day] = week_start(day)
        return monday

    def _calendar(self, site_id: str) -> str | None:
        """The holiday calendar of a site: its subdivision (Alsace-Moselle has its own days)."""
        return self._calendars.get(site_id)

    def holidays(self, site_id: str, year: int) -> frozenset[dt.date]:
        key = (self._calendar(site_id), year)
        if key not in self._holidays:
            self._holidays[key] = public_holidays(self.scenario, self.scenario.site_by_id.get(site_id), year)
        return self._holidays[key]

    def time_minutes(self, span: WorkedSpan, rules: RuleSet) -> TimeMinutes:
        """(on-site, night, Sunday, holiday, 1 May) minutes of a span, computed once per calendar, instants
        and night period; holiday minutes are those of the public holidays other than 1 May."""
        key = (
            self._calendar(span.site),
            span.date,
            span.start,
            span.end,
            rules.night_start,
            rules.night_end,
        )
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = self._compute_time_minutes(span, rules)
        return found

    def _compute_time_minutes(self, span: WorkedSpan, rules: RuleSet) -> TimeMinutes:
        onsite = span.minutes
        local_start, local_end = span.start.astimezone(self.tz), span.end.astimezone(self.tz)
        if local_start.date() == local_end.date() == span.date:
            # Fast path, the common case: a span inside one local day.
            day = span.date
            sunday = onsite if day.weekday() == 6 else 0
            may_day = onsite if is_may_day(day) else 0
            holiday = onsite if not may_day and day in self.holidays(span.site, day.year) else 0
            ns, ne = rules.night_start, rules.night_end
            clear_of_night = ns == ne or (ne < ns and ne <= local_start.time() and local_end.time() <= ns)
            night = 0 if clear_of_night else night_minutes(span, rules, self.tz)
            return onsite, night, sunday, holiday, may_day
        night = night_minutes(span, rules, self.tz)
        sunday = minutes_on_days(span, None, self.tz, weekday=6)
        days = _local_days(span, self.tz)
        holidays = frozenset().union(*(self.holidays(span.site, y) for y in {d.year for d in days}))
        may_days = {d for d in days if is_may_day(d)}
        may_day = minutes_on_days(span, may_days, self.tz) if may_days else 0
        return onsite, night, sunday, minutes_on_days(span, holidays - may_days, self.tz), may_day


TimeMinutes = tuple[int, int, int, int, int]
"""(on-site, night, Sunday, holiday other than 1 May, 1 May) minutes of a span."""


Thresholds = tuple[tuple[str, int | None], ...]


def _spread(spans: Sequence[SpanHours], thresholds: Thresholds) -> None:
    """Fill each span's classes in time order: class i takes the minutes up to its cumulated threshold."""
    done = 0
    first_name, first_upto = thresholds[0]
    for s in spans:
        left = s.onsite_minutes + s.travel_minutes
        if first_upto is None or done + left <= first_upto:
            # Below the first threshold (the common case): all of the span is in the first class.
            setattr(s, first_name, getattr(s, first_name) + left)
            done += left
            continue
        for name, upto in thresholds:
            if left <= 0:
                break
            room = left if upto is None else min(left, upto - done)
            if room > 0:
                setattr(s, name, getattr(s, name) + room)
                done += room
                left -= room


def weekly_thresholds(employee: Employee, rules: RuleSet) -> Thresholds:
    """Cumulated weekly thresholds of the classes (normal, complementary or overtime) of an hourly contract."""
    contract = employee.contract
    if contract.is_part_time:
        base = contract.weekly_minutes
        tenth = int(COMPLEMENTARY_LOW_BAND * base)
        return (("normal", base), ("comp_low", base + tenth), ("comp_high", None))
    legal = rules.legal_weekly_minutes
    high = max(legal, rules.overtime_high_after_minutes)
    return (("normal", legal), ("ot_low", high), ("ot_high", None))


def classify_week(employee: Employee, rules: RuleSet, spans: Sequence[SpanHours]) -> None:
    """Weekly classes (normal, complementary, overtime) of an hourly, non-annualised contract, in place."""
    _spread(spans, weekly_thresholds(employee, rules))


def _weekday_count(first: dt.date, last: dt.date, accept: Iterable[dt.date] = ()) -> int:
    wanted = set(accept)
    n, day = 0, first
    while day <= last:
        if day.weekday() < 5 and (not wanted or day in wanted):
            n += 1
        day += dt.timedelta(days=1)
    return n


def _guarantee(
    employee: Employee, week: WeekHours, worked_minutes: int, first: dt.date, last: dt.date
) -> None:
    """Contract minutes (or days) of the week, prorated to weekdays under contract, and absences.

    The week's guarantee and idle time are computed on the whole week (settled where it ends); paid absences
    are paid on their days, so the part inside the billed month [first, last] is kept apart.
    """
    contract = employee.contract
    monday = week.week_start
    absences = employee.absences
    if monday >= contract.start and (contract.end is None or monday + _FOUR_DAYS <= contract.end):
        n_covered = 5  # the common case: the whole week under contract
        covered = [monday + dt.timedelta(days=i) for i in range(5)] if absences else []
    else:
        covered = [d for d in (monday + dt.timedelta(days=i) for i in range(5)) if contract.covers(d)]
        n_covered = len(covered)
    n_paid = n_unpaid = n_paid_here = 0
    for day in covered:
        on = [a for a in absences if a.covers(day)]
        paid = any(a.is_paid for a in on)
        n_paid += paid
        n_paid_here += paid and first <= day <= last
        n_unpaid += any(not a.is_paid for a in on)
    if contract.is_forfait_jours:
        week.contract_days = n_covered - n_unpaid
        week.paid_absence_days = n_paid_here
        worked_days = sum((s.day_share for s in week.spans), Fraction(0))
        if week.settled:
            week.idle_days = max(0, int(week.contract_days - n_paid - worked_days))
        return
    weekly = contract.weekly_minutes
    week.contract_minutes = weekly * (n_covered - n_unpaid) // 5
    week.paid_absence_minutes = weekly * n_paid // 5
    week.month_paid_absence_minutes = weekly * n_paid_here // 5
    week.unpaid_absence_minutes = weekly * n_unpaid // 5
    if not contract.annualised and week.settled:
        week.idle_minutes = max(0, week.contract_minutes - week.paid_absence_minutes - worked_minutes)


_FOUR_DAYS = dt.timedelta(days=4)


def _day_shares(spans: Sequence[SpanHours]) -> None:
    """Forfait jours: a worked day counts once, shared by minutes between the spans of that day."""
    by_day: dict[dt.date, list[SpanHours]] = {}
    for s in spans:
        by_day.setdefault(s.span.date, []).append(s)
    for day_spans in by_day.values():
        total = sum(s.paid_minutes for s in day_spans)
        for s in day_spans:
            s.day_share = Fraction(s.paid_minutes, total) if total else Fraction(1, len(day_spans))


def settle_month(
    scenario: Scenario,
    month: str,
    spans: Iterable[WorkedSpan],
    previous_spans: Iterable[WorkedSpan] = (),
    ytd_minutes_before: dict[str, int] | None = None,
    employees: Iterable[str] | None = None,
    context: HoursContext | None = None,
) -> dict[str, EmployeeMonthHours]:
    """Classify and settle every employee's hours for a calendar month.

    `spans` are the month's, `previous_spans` those of the previous month: their days of the week that
    straddles both months count toward that week's complementary and overtime classes (settled in this
    month, where the week ends), and the part after midnight of a shift begun on the previous month's last
    day is this month's; duplicates of `spans` are ignored. `ytd_minutes_before` gives, for annualised
    contracts, the minutes worked in the annualisation period before the month (default: the scenario
    history's `ytd_minutes`). `employees` limits the result (default: every employee with a span or a
    contract covering the month). `context`: an `HoursContext` of the same scenario kept across months
    (its caches of holidays and time-of-day minutes then serve the whole year).
    """
    ctx = context or HoursContext(scenario)
    window_first, last = billing_window(month)
    first = month_bounds(month)[0]
    mondays = touched_weeks(month)
    # A span that starts before the window may still reach into it across Monday 00:00 (a Sunday night).
    reach = window_first - dt.timedelta(days=SPAN_REACH_DAYS)
    seen: set[tuple[str, dt.datetime, str]] = set()
    by_employee: dict[str, list[WorkedSpan]] = {}
    cuts = ctx._cuts
    for span in [*spans, *previous_spans]:
        if not reach <= span.date <= last:
            continue
        key = (span.employee, span.start, span.member)
        if key in seen:
            continue
        seen.add(key)
        boundary = cuts.get(span.date) or ctx.next_cut(span.date)
        if span.end <= boundary:  # the common case, checked inline: inside one legal week and month
            if window_first <= span.date:
                by_employee.setdefault(span.employee, []).append(span)
            continue
        for piece in ctx.pieces(span):
            if window_first <= piece.date <= last:
                by_employee.setdefault(span.employee, []).append(piece)
    if employees is None:
        wanted = set(by_employee) | {
            e.id for e in scenario.employees if e.contract.covers(first) or e.contract.covers(last)
        }
    else:
        wanted = set(employees)
    ytd = dict(ytd_minutes_before or {})
    if ytd_minutes_before is None and scenario.history is not None:
        ytd = {h.employee: h.ytd_minutes for h in scenario.history.employees}
    out: dict[str, EmployeeMonthHours] = {}
    for emp_id in sorted(wanted):
        employee = scenario.employee_by_id.get(emp_id)
        if employee is None:
            raise KeyError(f"unknown employee {emp_id!r} in worked spans")
        out[emp_id] = _settle_employee(
            ctx, employee, month, mondays, by_employee.get(emp_id, []), ytd.get(emp_id, 0)
        )
    return out


_span_order = attrgetter("start", "member")


def _settle_employee(
    ctx: HoursContext,
    employee: Employee,
    month: str,
    mondays: list[dt.date],
    spans: list[WorkedSpan],
    ytd_before: int,
) -> EmployeeMonthHours:
    rules = ctx.rules(employee)
    contract = employee.contract
    forfait = contract.is_forfait_jours
    first, last = month_bounds(month)
    result = EmployeeMonthHours(employee.id, month, forfait, contract.annualised and not forfait)
    by_week: dict[dt.date, list[WorkedSpan]] = {m: [] for m in mondays}
    week_of = ctx.week_of
    for span in spans:
        by_week[week_of(span.date)].append(span)
    thresholds = ctx.thresholds(employee, rules) if not (forfait or contract.annualised) else None
    # Travel is work between workplaces (Cass. crim. 2 Sept 2014); from home only when agreed (L3121-4).
    travel_counts = rules.travel_between_sites_is_work
    home_travel_counts = travel_counts and contract.home_travel_is_work
    times, calendars = ctx._times, ctx._calendars
    night_start, night_end = rules.night_start, rules.night_end
    for monday in mondays:
        week_spans = by_week[monday]
        week_spans.sort(key=_span_order)
        settled = monday + _SIX_DAYS <= last
        classified = []
        worked = 0
        for span in week_spans:
            travel = span.travel_minutes
            if travel and not (home_travel_counts if span.travel_from_home else travel_counts):
                travel = 0
            in_month = span.date >= first
            if forfait:
                # Hourly premiums do not apply to a day count (L3121-62).
                hours = SpanHours(span, span.minutes, travel, in_month=in_month)
            else:
                # ctx.time_minutes, inlined: this loop runs for every span of the year.
                key = (calendars.get(span.site), span.date, span.start, span.end, night_start, night_end)
                found = times.get(key)
                if found is None:
                    found = ctx.time_minutes(span, rules)
                onsite, night, sunday, holiday, may_day = found
                if travel and is_may_day(span.date):
                    may_day += travel  # the travel that leads to a 1 May shift is paid work that day
                hours = SpanHours(
                    span, onsite, travel, 0, 0, 0, 0, 0, night, sunday, holiday, may_day, in_month=in_month
                )
            worked += hours.onsite_minutes + travel
            classified.append(hours)
        week = WeekHours(employee.id, monday, classified, settled)
        if forfait:
            _day_shares(classified)
        elif thresholds is None or not settled:
            # Annualised (classified over the year below), or a week settled in the next month.
            for s in classified:
                s.normal = s.paid_minutes
        else:
            _spread(classified, thresholds)
        _guarantee(employee, week, worked, first, last)
        result.weeks.append(week)
    if result.annualised:
        _settle_annual(ctx, employee, rules, result, ytd_before)
    return result


_SIX_DAYS = dt.timedelta(days=6)


def _settle_annual(
    ctx: HoursContext, employee: Employee, rules: RuleSet, result: EmployeeMonthHours, ytd_before: int
) -> None:
    """Annualised contracts (L3121-41/44): minutes beyond the annual threshold, and idle at the period's end."""
    contract = employee.contract
    annual = (
        int(contract.annual_hours * 60)
        if contract.annual_hours is not None
        else rules.annual_threshold_minutes
    )
    spans = sorted(result.spans, key=lambda s: s.span.start)
    for s in spans:
        s.normal = 0
    last = month_bounds(result.month)[1]
    period_first, period_last = annualisation_period(last, ctx.scenario.group.fiscal_year_start_month)
    # Full time is the legal 1,607 h a year (L3121-44), not 35 h × 52 weeks: compare the annual amounts.
    if annual < rules.annual_threshold_minutes:
        tenth = int(COMPLEMENTARY_LOW_BAND * annual)
        thresholds: list[tuple[str, int | None]] = [
            ("normal", annual),
            ("comp_low", annual + tenth),
            ("comp_high", None),
        ]
    else:
        thresholds = [("normal", annual), ("ot_low", None)]
    # Shift thresholds by the minutes already worked in the period.
    shifted = tuple((name, None if upto is None else max(0, upto - ytd_before)) for name, upto in thresholds)
    _spread(spans, shifted)
    result.ytd_minutes_after = ytd_before + sum(s.paid_minutes for s in spans)
    if last >= period_last:
        # The last month of the period: unplaced contract hours become idle hours now.
        expected = contract.weekly_minutes * 52
        covered_share = _weekday_count(
            max(period_first, contract.start), min(period_last, contract.end or period_last)
        )
        full = _weekday_count(period_first, period_last)
        expected = expected * covered_share // full if full else 0
        result.annual_idle_minutes = max(0, expected - result.ytd_minutes_after - result.paid_absence_minutes)
