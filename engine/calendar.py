"""Calendar helpers: public holidays per site and the occurrences of needs and loans in a month.

Public holidays come from the `holidays` package (France); sites in Alsace-Moselle (departments 57, 67,
68) also get Good Friday and St Stephen's Day (local law, art. L3134-13). A need's occurrences skip public
holidays unless the need says `include_holidays` or the rule set does not exclude them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import holidays

from engine.model import Assignment, Need, Scenario, Secondment, Site, occurrence_key
from engine.model.need import Priority
from engine.timeutil import minutes_between, month_bounds, to_utc, window, zone

ALL_WEEKDAYS_BUT_WEEKEND = (0, 1, 2, 3, 4)


@lru_cache(maxsize=256)
def _holidays_for(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


def public_holidays(scenario: Scenario, site: Site | None, year: int) -> frozenset[dt.date]:
    """Public holidays of a year at a site (the group's country, the site's subdivision, extra days)."""
    subdivision = site.holidays_subdivision if site is not None else None
    days = set(_holidays_for(scenario.group.holidays.country, subdivision, year))
    days.update(dt.date.fromisoformat(d) for d in scenario.group.holidays.extra_days)
    return frozenset(days)


def is_public_holiday(scenario: Scenario, site: Site | None, day: dt.date) -> bool:
    return day in public_holidays(scenario, site, day.year)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a need (or one candidate day of a loan of staff)."""

    key: str
    need: str
    member: str
    site: str
    skill: str
    kind: str
    date: dt.date
    start: dt.datetime  # aware, site's zone
    end: dt.datetime
    headcount: int
    priority: Priority
    is_holiday: bool = False
    secondment: str | None = None
    reserved_for: str | None = None  # the only employee who may take it (loans)
    optional: bool = False  # a loan day the planner may or may not use (days_per_week loans)

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)

    @property
    def start_utc(self) -> dt.datetime:
        return to_utc(self.start)

    @property
    def end_utc(self) -> dt.datetime:
        return to_utc(self.end)

    def assign(
        self,
        employee: str,
        *,
        travel_minutes: int = 0,
        travel_km: Decimal = Decimal("0"),
        travel_from: str | None = None,
        pinned: bool = False,
    ) -> Assignment:
        """`employee` on this occurrence, with the travel before it (none by default)."""
        return Assignment(
            employee=employee,
            need=self.need,
            date=self.date,
            start=self.start,
            end=self.end,
            member=self.member,
            site=self.site,
            travel_before_minutes=travel_minutes,
            travel_before_km=travel_km,
            travel_from=travel_from,
            pinned=pinned,
            secondment=self.secondment,
        )

    @property
    def is_sunday(self) -> bool:
        return self.date.weekday() == 6


def need_occurrences(scenario: Scenario, need: Need, first: dt.date, last: dt.date) -> list[Occurrence]:
    site = scenario.site_by_id[need.site]
    tz = zone(scenario.group.timezone)
    skip_holidays = scenario.group.rules.exclude_public_holidays and not need.include_holidays
    out = []
    for day in need.pattern_dates(first, last):
        holiday = is_public_holiday(scenario, site, day)
        if holiday and skip_holidays and day not in need.dates:
            continue
        start, end = window(day, need.start, need.end, tz)
        out.append(
            Occurrence(
                key=occurrence_key(need.id, day),
                need=need.id,
                member=need.member,
                site=need.site,
                skill=need.skill,
                kind=need.shift_kind,
                date=day,
                start=start,
                end=end,
                headcount=need.headcount,
                priority=need.priority,
                is_holiday=holiday,
            )
        )
    return out


def secondment_occurrences(
    scenario: Scenario, loan: Secondment, first: dt.date, last: dt.date
) -> list[Occurrence]:
    """Days of a loan of staff: fixed weekdays, or candidate weekdays when only a count per week is set."""
    site = scenario.site_by_id[loan.site]
    tz = zone(scenario.group.timezone)
    weekdays: set[int] = {int(d) for d in loan.weekdays} or set(ALL_WEEKDAYS_BUT_WEEKEND)
    optional = loan.days_per_week is not None and loan.days_per_week < len(weekdays)
    out = []
    day = max(first, loan.start)
    while day <= min(last, loan.end):
        if day.weekday() in weekdays and not is_public_holiday(scenario, site, day):
            start, end = window(day, loan.start_time, loan.end_time, tz)
            out.append(
                Occurrence(
                    key=occurrence_key(loan.id, day),
                    need=loan.id,
                    member=loan.host,
                    site=loan.site,
                    skill=loan.skill,
                    kind=loan.id,
                    date=day,
                    start=start,
                    end=end,
                    headcount=1,
                    priority=Priority.HIGH,
                    secondment=loan.id,
                    reserved_for=loan.employee,
                    optional=optional,
                )
            )
        day += dt.timedelta(days=1)
    return out


def month_occurrences(scenario: Scenario, month: str) -> list[Occurrence]:
    """Every occurrence of the month's needs and loans, sorted by start instant."""
    first, last = month_bounds(month)
    occurrences: list[Occurrence] = []
    for need in scenario.needs:
        member = scenario.member_by_id[need.member]
        occurrences.extend(
            o for o in need_occurrences(scenario, need, first, last) if member.is_member_on(o.date)
        )
    for loan in scenario.secondments:
        occurrences.extend(secondment_occurrences(scenario, loan, first, last))
    occurrences.sort(key=lambda o: (o.start_utc, o.key))
    return occurrences
