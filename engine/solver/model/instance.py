"""The solver's view of a scenario over a date range: integer minutes, day indexes, eligible pairs.

Everything the model needs is computed here once, in plain Python, so that rule modules only read
numbers: occurrences of needs and loans over the horizon (minutes since the horizon's first local
midnight, computed in UTC so that DST days have their true length), each employee's effective rules,
availability per day, the history before the horizon as fixed intervals and day flags, and the
eligible (employee, occurrence) pairs with, for the others, why not (used for the reasons of unfilled
needs).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from engine.calendar import Occurrence, is_public_holiday, need_occurrences, secondment_occurrences
from engine.model import Employee, EmployeeHistory, RuleSet, Scenario, Site
from engine.timeutil import local_datetime, minutes_between, week_start, zone
from engine.travel import TravelModel, home_key, travel_model

MINUTES_PER_DAY = 1440


def to_units(amount: Decimal, units_per_euro: int) -> int:
    """Euros to the solver's integer unit, rounded half up once, here."""
    return int((amount * units_per_euro).quantize(Decimal("1"), ROUND_HALF_UP))


def range_occurrences(scenario: Scenario, first: dt.date, last: dt.date) -> list[Occurrence]:
    """Occurrences of needs (of members in the group that day) and loans between two days, by start."""
    out: list[Occurrence] = []
    for need in scenario.needs:
        member = scenario.member_by_id[need.member]
        out.extend(o for o in need_occurrences(scenario, need, first, last) if member.is_member_on(o.date))
    for loan in scenario.secondments:
        out.extend(secondment_occurrences(scenario, loan, first, last))
    out.sort(key=lambda o: (o.start.astimezone(dt.UTC), o.key))
    return out


@dataclass
class Horizon:
    """Days from `first` to `last` (inclusive) in the group's zone; minute 0 is `first` at 00:00 local."""

    first: dt.date
    last: dt.date
    tz: ZoneInfo

    @cached_property
    def anchor(self) -> dt.datetime:
        return local_datetime(self.first, dt.time(0, 0), self.tz)

    @cached_property
    def days(self) -> list[dt.date]:
        n = (self.last - self.first).days + 1
        return [self.first + dt.timedelta(days=i) for i in range(n)]

    @property
    def n_days(self) -> int:
        return len(self.days)

    def index(self, day: dt.date) -> int:
        return (day - self.first).days

    def date(self, index: int) -> dt.date:
        return self.first + dt.timedelta(days=index)

    def minute(self, moment: dt.datetime) -> int:
        return minutes_between(self.anchor, moment)

    def midnight(self, index: int) -> int:
        """Minute of the local midnight starting day `index` (may be before the horizon)."""
        cache = self._midnights
        if index not in cache:
            cache[index] = self.minute(local_datetime(self.date(index), dt.time(0, 0), self.tz))
        return cache[index]

    @cached_property
    def _midnights(self) -> dict[int, int]:
        return {}

    def moment(self, minute: int) -> dt.datetime:
        return (self.anchor.astimezone(dt.UTC) + dt.timedelta(minutes=minute)).astimezone(self.tz)

    @cached_property
    def weeks(self) -> list[list[int]]:
        """Day indexes of each Monday-to-Sunday week touching the horizon (may reach outside it)."""
        start = week_start(self.first)
        out = []
        while start <= self.last:
            base = self.index(start)
            out.append(list(range(base, base + 7)))
            start += dt.timedelta(days=7)
        return out

    def in_horizon(self, index: int) -> bool:
        return 0 <= index < self.n_days


@dataclass
class Occ:
    """One occurrence in solver units."""

    index: int
    source: Occurrence
    day: int
    start: int
    end: int
    unfilled_units: int  # per missing head, objective units
    surplus_units: int | None  # per head above the head count; None: no surplus allowed
    max_surplus: int
    preferred: frozenset[str] = frozenset()

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def site(self) -> str:
        return self.source.site

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def headcount(self) -> int:
        return self.source.headcount


@dataclass(frozen=True)
class FixedShift:
    """A shift worked before the horizon (history), in solver minutes (negative)."""

    start: int
    end: int
    day: int
    site: str | None
    kind: str | None


@dataclass
class Staff:
    """An employee with the rules in force and what the history says about the days before."""

    index: int
    employee: Employee
    rules: RuleSet
    history: EmployeeHistory | None
    available: list[bool]
    fixed: list[FixedShift] = field(default_factory=list)
    past_days: dict[int, int] = field(default_factory=dict)  # day index < 0 → worked (1) or not (0)
    eligible: list[int] = field(default_factory=list)
    absent_days: frozenset[dt.date] = frozenset()  # days of the horizon (and the day after) absent

    @property
    def id(self) -> str:
        return self.employee.id

    @property
    def forfait(self) -> bool:
        return self.employee.contract.is_forfait_jours

    @property
    def part_time(self) -> bool:
        return self.employee.contract.is_part_time

    @property
    def minor(self) -> bool:
        return self.employee.minor and self.rules.minor_rules

    def past_worked(self, day: int) -> int | None:
        """Whether a day before the horizon was worked; None when the history does not say."""
        return self.past_days.get(day)

    # Effective limits (minors have their own, L3162-1 and following).
    @property
    def daily_max(self) -> int | None:
        if self.forfait:
            return None  # L3121-62: hourly maxima do not apply to forfait jours
        limit = self.rules.daily_max_minutes
        if self.minor:
            limit = min(limit or 10**6, self.rules.minor_daily_max_minutes)
        return limit

    @cached_property
    def night_daily_max(self) -> int | None:
        """A night worker's daily maximum on a day with night work (L3122-6); None for the others."""
        return self.rules.night_daily_max_minutes if self.employee.contract.night_worker else None

    @property
    def weekly_max(self) -> int | None:
        if self.forfait:
            return None
        limit = self.rules.weekly_max_minutes
        if self.minor:
            limit = min(limit or 10**6, self.rules.minor_weekly_max_minutes)
        return limit

    @property
    def daily_rest(self) -> int | None:
        rest = self.rules.daily_rest_minutes
        if self.minor:
            rest = max(rest or 0, self.rules.minor_daily_rest_minutes)
        return rest

    @cached_property
    def break_rules(self) -> tuple[tuple[int, int, str], ...]:
        """(work that a span may not reach without a break, free minutes that make a break, rule): 20
        minutes once work reaches 6 h (L3121-16, `break`); for a minor also 30 minutes once work exceeds
        4 h 30, that is reaches 4 h 31 (L3162-3, `minor_break`). Both hold for a minor: a shorter span
        counts with shorter gaps."""
        rules = self.rules
        out = []
        if rules.break_threshold_minutes is not None:
            out.append((rules.break_threshold_minutes, rules.break_minutes, "break"))
        if self.minor:
            out.append((rules.minor_break_after_minutes + 1, rules.minor_break_minutes, "minor_break"))
        return tuple(out)

    @cached_property
    def loaded_hourly(self) -> Decimal:
        """Hourly wage with employer contributions: what an hour of this employee costs the group."""
        return self.employee.hourly_wage * (1 + self.employee.employer_contribution_rate)


# Reasons why an employee cannot take an occurrence at all (before any other assignment).
RESERVED = "reserved"
NO_SKILL = "no_skill"
OUT_OF_CONTRACT = "out_of_contract"
ABSENT = "absent"
OUT_OF_REACH = "out_of_reach"
SUNDAY_REST = "sunday_rest"
MINOR_NIGHT = "minor_night"
MINOR_HOLIDAY = "minor_holiday"
TOO_LONG = "shift_too_long"
MINOR_TOO_LONG = "minor_shift_too_long"
NIGHT_TOO_LONG = "night_daily_max"
NIGHT_SITE = "night_site"
HISTORY_CONFLICT = "history"
INELIGIBLE = (
    RESERVED,
    NO_SKILL,
    OUT_OF_CONTRACT,
    ABSENT,
    OUT_OF_REACH,
    SUNDAY_REST,
    MINOR_NIGHT,
    MINOR_HOLIDAY,
    TOO_LONG,
    MINOR_TOO_LONG,
    NIGHT_TOO_LONG,
    NIGHT_SITE,
    HISTORY_CONFLICT,
)
"""Every code `Instance.ineligibility` returns (each labelled by its rule module's `LIMITS`)."""


@dataclass(frozen=True)
class Held:
    """What the employees left out of a neighbourhood's model keep (engine.solver.search.large).

    Their plan is fixed, so they need no variable: only its effect on the others enters the model, as
    constants. `heads`: occurrence index → heads they work (the model fills the rest); `served`: need id →
    staff index → occurrences of that need they work (continuity chooses regulars among all servers);
    `amounts`: fairness term → staff index → their weekends worked or km travelled (tenths), which enter
    the group's average."""

    heads: Mapping[int, int]
    served: Mapping[str, Mapping[int, int]]
    amounts: Mapping[str, Mapping[int, int]]


class Instance:
    """Everything the model reads, computed once."""

    def __init__(
        self,
        scenario: Scenario,
        first: dt.date,
        last: dt.date,
        *,
        units_per_euro: int = 10_000,
        allowed: AbstractSet[tuple[str, str]] | None = None,
    ) -> None:
        """`allowed`, when given, keeps only these (employee id, occurrence key) pairs as candidates: a
        neighbourhood of a published plan (local re-planning, large-neighbourhood search), whose every
        plan is a plan of the whole month, built in a fraction of the time."""
        if last < first:
            raise ValueError("the horizon ends before it starts")
        self.scenario = scenario
        self.units = units_per_euro
        self.horizon = Horizon(first, last, zone(scenario.group.timezone))
        self.travel: TravelModel = travel_model(scenario)
        self.occs: list[Occ] = []
        self.staff: list[Staff] = [self._staff(i, e) for i, e in enumerate(scenario.employees)]
        self.staff_by_id = {s.id: s for s in self.staff}
        for occurrence in range_occurrences(scenario, first, last):
            self.occs.append(self._occ(len(self.occs), occurrence))
        self.occ_by_key = {o.source.key: o for o in self.occs}
        self.occs_by_day: list[list[int]] = [[] for _ in range(self.horizon.n_days)]
        for o in self.occs:
            self.occs_by_day[o.day].append(o.index)
        self.eligible_staff: list[list[int]] = [[] for _ in self.occs]
        self.allowed = allowed
        self.held: Held | None = None  # a neighbourhood without the fixed employees (see `narrowed`)
        self._night_flags: dict[tuple[str, dt.time, dt.time], list[bool]] = {}
        # figures derived from the instance alone, computed once by the functions that read them in hot
        # loops (engine.solver.readback.reasons); keyed by the function's name first
        self.memo: dict[tuple[Any, ...], object] = {}
        self._compute_eligibility()

    def outside(self, staff: Staff) -> bool:
        """Whether the employee is left out of a neighbourhood's model (held, with no candidate): their
        own costs are constants of the month there, which a move's difference cancels."""
        return self.held is not None and not staff.eligible

    def candidate_pairs(self) -> int:
        """Eligible (employee, occurrence) pairs: the size that decides how a month is solved."""
        return sum(len(s.eligible) for s in self.staff)

    def open_heads(self, occ: Occ) -> int:
        """Heads the model may fill: the head count, less those worked by employees outside the model."""
        return occ.headcount - (0 if self.held is None else self.held.heads.get(occ.index, 0))

    # --- construction -------------------------------------------------------------------------------

    def _occ(self, index: int, source: Occurrence) -> Occ:
        scenario, h = self.scenario, self.horizon
        start, end = h.minute(source.start), h.minute(source.end)
        need = scenario.need_by_id.get(source.need)
        hours = Decimal(end - start) / 60
        weights = scenario.objective.unfilled_per_hour
        if need is not None and need.unfilled_cost is not None:
            unfilled = need.unfilled_cost
        else:
            unfilled = weights.get(source.priority, Decimal("45")) * hours
        surplus = None
        max_surplus = 0
        preferred: frozenset[str] = frozenset()
        if need is not None:
            if need.surplus_cost is not None:
                surplus = to_units(need.surplus_cost, self.units)
                max_surplus = need.max_surplus
            preferred = frozenset(need.preferred_employees)
        return Occ(
            index=index,
            source=source,
            day=h.index(source.date),
            start=start,
            end=end,
            unfilled_units=to_units(unfilled, self.units),
            surplus_units=surplus,
            max_surplus=max_surplus,
            preferred=preferred,
        )

    def _staff(self, index: int, employee: Employee) -> Staff:
        scenario, h = self.scenario, self.horizon
        history = scenario.history.for_employee(employee.id) if scenario.history else None
        available = [employee.is_available(day) for day in h.days]
        staff = Staff(index, employee, scenario.rules_for(employee), history, available)
        if employee.absences:  # looked up once per candidate shift: a set, not a scan of the absences
            days = [*h.days, h.last + dt.timedelta(days=1)]
            staff.absent_days = frozenset(day for day in days if employee.is_absent(day))
        if history is not None:
            self._read_history(staff, history)
        return staff

    def _read_history(self, staff: Staff, history: EmployeeHistory) -> None:
        h = self.horizon
        for shift in history.recent_shifts:
            start, end = h.minute(shift.start), h.minute(shift.end)
            if start >= 0:
                continue  # inside the horizon: not history
            day = h.index(shift.start.astimezone(h.tz).date())
            staff.fixed.append(FixedShift(start, end, day, shift.site, shift.kind))
        if history.last_shift_end is not None:
            end = h.minute(history.last_shift_end)
            if end <= 0 and not any(f.end >= end for f in staff.fixed):
                day = h.index(history.last_shift_end.astimezone(h.tz).date())
                staff.fixed.append(FixedShift(end, end, day, None, None))
        if history.recent_shifts:
            earliest = min(h.index(s.start.astimezone(h.tz).date()) for s in history.recent_shifts)
            for day in range(min(earliest, -14), 0):
                staff.past_days[day] = 0
            for f in staff.fixed:
                if f.end > f.start:
                    staff.past_days[f.day] = 1
        for day in range(1, history.consecutive_days_worked + 1):
            staff.past_days[-day] = 1
        if history.consecutive_days_worked:
            staff.past_days.setdefault(-history.consecutive_days_worked - 1, 0)
        for day in range(1, history.consecutive_days_off + 1):
            staff.past_days[-day] = 0
        if history.consecutive_days_off:
            staff.past_days.setdefault(-history.consecutive_days_off - 1, 1)

    def money(self, euros: Decimal) -> int:
        """Euros in the objective's integer unit."""
        return to_units(euros, self.units)

    def per_minute(self, euros_per_hour: Decimal) -> int:
        """A cost per hour as an integer cost per minute."""
        return to_units(euros_per_hour / 60, self.units)

    # --- eligibility --------------------------------------------------------------------------------

    def site(self, site_id: str) -> Site:
        return self.scenario.site_by_id[site_id]

    def home_km(self, staff: Staff, site: str) -> Decimal:
        return self.travel.km(home_key(staff.id), site)

    def home_minutes(self, staff: Staff, site: str) -> int:
        return self.travel.minutes(home_key(staff.id), site)

    def travel_minutes(self, a: str, b: str) -> int:
        return self.travel.minutes(a, b)

    # --- tables read by the model's hot loops (built on first use) ------------------------------------

    @cached_property
    def site_index(self) -> dict[str, int]:
        """A number per workplace of an occurrence, for the travel tables."""
        return {site: k for k, site in enumerate(dict.fromkeys(o.source.site for o in self.occs))}

    @cached_property
    def occ_site(self) -> list[int]:
        """Site number of each occurrence."""
        index = self.site_index
        return [index[o.source.site] for o in self.occs]

    @cached_property
    def travel_table(self) -> tuple[list[list[int]], list[list[int]]]:
        """(minutes, km in tenths truncated) between workplaces, by site number: the values of
        `travel_minutes` and `int(travel.km × 10)`, 0 on the diagonal."""
        sites = list(self.site_index)
        minutes = [[0] * len(sites) for _ in sites]
        tenths = [[0] * len(sites) for _ in sites]
        for p, a in enumerate(sites):
            for q, b in enumerate(sites):
                if p != q:
                    leg = self.travel.leg(a, b)
                    minutes[p][q] = leg.minutes
                    tenths[p][q] = int(leg.km * 10)
        return minutes, tenths

    def work_start(self, staff: Staff, occ: Occ) -> int:
        """When the working day can begin for this shift: its start, or earlier by the trip from home
        when the contract counts it as work (L3121-4). Rests are measured between such bounds."""
        if staff.employee.contract.home_travel_is_work:
            return occ.start - self.home_minutes(staff, occ.site)
        return occ.start

    def work_end(self, staff: Staff, occ: Occ) -> int:
        """When the working day can end after this shift (the trip home included where it is work)."""
        if staff.employee.contract.home_travel_is_work:
            return occ.end + self.home_minutes(staff, occ.site)
        return occ.end

    @cached_property
    def _night_cache(self) -> dict[tuple[int, dt.time, dt.time], int]:
        return {}

    def night_minutes(self, occ: Occ, start: dt.time, end: dt.time) -> int:
        """Minutes of an occurrence inside the local night period [start, end) (L3122-2)."""
        key = (occ.index, start, end)
        cache = self._night_cache
        if key not in cache:
            cache[key] = self.night_overlap(occ.start, occ.end, occ.day, start, end)
        return cache[key]

    def ineligibility(self, staff: Staff, occ: Occ, night_flags: list[bool] | None = None) -> str | None:
        """Why this employee can never take this occurrence (None: they may). `night_flags`: the
        employee's `_night_without_derogation`, when the caller asks for many occurrences."""
        src, emp = occ.source, staff.employee
        if src.reserved_for is not None:
            if src.reserved_for != emp.id:
                return RESERVED
        elif src.skill not in emp.skills:
            return NO_SKILL
        if src.reserved_for is None and emp.employer is not None:
            return RESERVED  # an employee of a lending member works only on their own loans (L8241-2)
        touched = self.days_touched(occ)
        if not all(emp.contract.covers(day) for day in touched):
            return OUT_OF_CONTRACT
        if staff.absent_days and any(day in staff.absent_days for day in touched):
            return ABSENT
        reach = emp.max_travel_km
        if src.reserved_for is None and reach is not None and self.home_km(staff, src.site) > reach:
            return OUT_OF_REACH
        rules = staff.rules
        if rules.sunday_rest and self.touches_sunday(occ) and not self.site(src.site).sunday_derogation:
            return SUNDAY_REST
        if staff.minor:
            if self._minor_night(staff, occ):
                return MINOR_NIGHT
            if self._minor_holiday(staff, occ):
                return MINOR_HOLIDAY
        if night_flags is None:
            night_flags = self._night_without_derogation(rules.night_start, rules.night_end)
        if night_flags[occ.index]:
            return NIGHT_SITE  # L3122-1: night work only where the host has set it up
        limit = staff.daily_max
        if limit is not None and occ.length > limit:
            return MINOR_TOO_LONG if staff.minor and limit == rules.minor_daily_max_minutes else TOO_LONG
        night_limit = staff.night_daily_max
        if (
            night_limit is not None
            and occ.length > night_limit
            and self.night_minutes(occ, rules.night_start, rules.night_end)
        ):
            return NIGHT_TOO_LONG  # L3122-6: 8 h on a day with night work (rules/daily_max.py)
        if staff.fixed and self._conflicts_with_history(staff, occ):
            return HISTORY_CONFLICT
        return None

    def _minor_night(self, staff: Staff, occ: Occ) -> bool:
        """Any minute of work between 22:00 and 06:00 (L3163-2): the shift, and the legs from and to home
        where the contract makes them work (the checker counts them; a leg home after a shift ending at
        21:30 may reach the night)."""
        rules = staff.rules
        start, end = rules.minor_night_start, rules.minor_night_end
        if self.night_minutes(occ, start, end):
            return True
        if not staff.employee.contract.home_travel_is_work:
            return False
        lo, hi = self.work_start(staff, occ), self.work_end(staff, occ)
        return bool(
            self.night_overlap(lo, occ.start, occ.day, start, end)
            or self.night_overlap(occ.end, hi, occ.day, start, end)
        )

    def _minor_holiday(self, staff: Staff, occ: Occ) -> bool:
        """A minute on a public holiday at the site (L3164-6), unless the site or the employee's rules
        have the derogation of L3164-8."""
        site = self.site(occ.site)
        if site.minor_holiday_derogation or staff.rules.minor_holiday_derogation:
            return False
        return any(is_public_holiday(self.scenario, site, day) for day in self.days_touched(occ))

    def night_overlap(self, lo: int, hi: int, day: int, start: dt.time, end: dt.time) -> int:
        """Minutes of [lo, hi) (horizon minutes) inside the night periods [start, end) that begin the day
        before, on and after `day` (a working day's pieces lie within those)."""
        if hi <= lo:
            return 0
        return sum(
            max(0, min(finish, hi) - max(begin, lo))
            for begin, finish in (self.night_window(d, start, end) for d in (day - 1, day, day + 1))
        )

    def night_window(self, day: int, start: dt.time, end: dt.time) -> tuple[int, int]:
        """The night period [start, end) beginning on `day`, in horizon minutes (exact across DST)."""
        key = (day, start, end)
        cache = self._night_windows
        if key not in cache:
            h = self.horizon
            begin = h.minute(local_datetime(h.date(day), start, h.tz))
            end_day = day + 1 if end <= start else day
            cache[key] = (begin, h.minute(local_datetime(h.date(end_day), end, h.tz)))
        return cache[key]

    @cached_property
    def _night_windows(self) -> dict[tuple[int, dt.time, dt.time], tuple[int, int]]:
        return {}

    def _night_without_derogation(self, start: dt.time, end: dt.time) -> list[bool]:
        """By occurrence: some minute in the night period [start, end) at a site without night work
        (computed once per night period: `ineligibility` asks for every candidate pair)."""
        key = ("no_derogation", start, end)
        flags = self._night_flags.get(key)
        if flags is None:
            at_night = self.at_night(start, end)
            flags = self._night_flags[key] = [
                at_night[o.index] and not self.site(o.site).night_derogation for o in self.occs
            ]
        return flags

    def at_night(self, start: dt.time, end: dt.time) -> list[bool]:
        """By occurrence: some minute in the night period [start, end) (computed once per period)."""
        key = ("at_night", start, end)
        flags = self._night_flags.get(key)
        if flags is None:
            flags = self._night_flags[key] = [
                not _inside_day(o.source.start, o.source.end, start, end)
                and self.night_minutes(o, start, end) > 0
                for o in self.occs
            ]
        return flags

    def days_touched(self, occ: Occ) -> list[dt.date]:
        """Local days an occurrence has a minute in (a night shift touches the next day); computed once
        per occurrence (`ineligibility` asks for every candidate pair)."""
        return self._touched[occ.index][0]

    def touches_sunday(self, occ: Occ) -> bool:
        """Whether any minute of the occurrence falls on a local Sunday (L3132-3)."""
        return self._touched[occ.index][1]

    @cached_property
    def _touched(self) -> list[tuple[list[dt.date], bool]]:
        out = []
        for occ in self.occs:
            days = [occ.source.date]
            if occ.end > self.horizon.midnight(occ.day + 1):
                days.append(self.horizon.date(occ.day + 1))
            out.append((days, any(day.weekday() == 6 for day in days)))
        return out

    def _conflicts_with_history(self, staff: Staff, occ: Occ) -> bool:
        rest = staff.daily_rest or 0
        for f in staff.fixed:
            if f.end > f.start and occ.start < f.end and f.start < occ.end:
                return True  # overlap
            gap = occ.start - f.end
            if f.day != occ.day and 0 <= gap < rest:
                return True  # L3131-1 daily rest across the horizon's start
            if f.day == occ.day and f.site and 0 <= gap < self.travel_minutes(f.site, occ.site):
                return True
        return False

    def _compute_eligibility(self) -> None:
        by_day_skill: dict[tuple[int, str], list[int]] = defaultdict(list)
        reserved: dict[str, list[int]] = defaultdict(list)
        for o in self.occs:
            if o.source.reserved_for is not None:
                reserved[o.source.reserved_for].append(o.index)
            else:
                by_day_skill[(o.day, o.source.skill)].append(o.index)
        for staff in self.staff:
            candidates: list[int] = list(reserved.get(staff.id, ()))
            skills = set(staff.employee.skills)
            for day, free in enumerate(staff.available):
                if free:
                    for skill in skills:
                        candidates.extend(by_day_skill.get((day, skill), ()))
            if self.allowed is not None:
                allowed, who = self.allowed, staff.id
                candidates = [i for i in candidates if (who, self.occs[i].source.key) in allowed]
            candidates.sort(key=lambda i: (self.occs[i].start, i))
            night = self._night_without_derogation(staff.rules.night_start, staff.rules.night_end)
            for i in candidates:
                if self.ineligibility(staff, self.occs[i], night) is None:
                    staff.eligible.append(i)
                    self.eligible_staff[i].append(staff.index)

    # --- contract figures ---------------------------------------------------------------------------

    def contract_weekdays(self, staff: Staff, days: list[int]) -> int:
        """Monday-to-Friday days of `days` in the horizon where the employee is under contract and
        not on an unpaid absence (paid leave is paid but not placeable: it is not idle time)."""
        emp = staff.employee
        count = 0
        for d in days:
            if not self.horizon.in_horizon(d):
                continue
            day = self.horizon.date(d)
            if day.weekday() >= 5 or not emp.contract.covers(day):
                continue
            if emp.is_absent(day):
                continue
            count += 1
        return count

    def expected_minutes(self, staff: Staff, days: list[int]) -> int:
        """Contract minutes due over some days: weekly minutes × available weekdays / 5."""
        contract = staff.employee.contract
        return contract.weekly_minutes * self.contract_weekdays(staff, days) // 5


def _inside_day(start: dt.datetime, end: dt.datetime, night_start: dt.time, night_end: dt.time) -> bool:
    """Whether a shift lies on one local day between the end and the start of a night period that runs
    across midnight (most shifts: no night minute, without working the period out)."""
    return (
        night_end < night_start
        and start.date() == end.date()
        and night_end <= start.time()
        and end.time() <= night_start
    )


def narrowed(base: Instance, allowed: AbstractSet[tuple[str, str]], held: Held | None = None) -> Instance:
    """`base` with only the allowed candidate pairs: what `Instance(allowed=...)` builds, without
    generating the occurrences and checking every pair's eligibility again (a second per move on a
    200-employee month). Occurrences and caches are shared; staff and candidate lists are new.

    With `held`, the employees without an allowed pair are outside the model: what they work is `held`."""
    inst = copy.copy(base)
    inst.allowed = allowed
    inst.held = held
    named = {employee for employee, _ in allowed}
    inst.staff = [
        replace(
            s,
            eligible=[i for i in s.eligible if (s.id, base.occs[i].source.key) in allowed]
            if s.id in named
            else [],
        )
        for s in base.staff
    ]
    inst.staff_by_id = {s.id: s for s in inst.staff}
    inst.eligible_staff = [[] for _ in base.occs]
    for staff in inst.staff:
        for i in staff.eligible:
            inst.eligible_staff[i].append(staff.index)
    return inst
