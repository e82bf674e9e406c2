"""Members' needs: a skill at a site, in a local time window, on some dates, for some heads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from engine.model.common import ClockTime, DomainModel, Id, Money, WeekdayField


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Need(DomainModel):
    """A recurring or one-off need of a member.

    Dates are the union of a weekly pattern (`weekdays` between `from_date` and `until_date`) and the explicit
    `dates`. Public holidays are left out of the weekly pattern unless `include_holidays`; a date listed
    explicitly in `dates` is kept even on a holiday (it was asked for). The window is local wall-clock time at
    the site; an `end` at or before `start` crosses midnight (e.g. 22:00–06:00).
    """

    id: Id
    member: Id
    site: Id
    skill: str = Field(min_length=1)
    kind: str | None = None  # shift kind for sequence rules (e.g. "N" for nights); defaults to the need id
    description: str = ""
    start: ClockTime
    end: ClockTime
    headcount: int = Field(1, ge=0, le=500)  # 0 only with surplus_cost (benchmark cover)
    weekdays: list[WeekdayField] = Field(default_factory=list)
    from_date: dt.date | None = None
    until_date: dt.date | None = None
    dates: list[dt.date] = Field(default_factory=list)
    include_holidays: bool = False
    priority: Priority = Priority.NORMAL
    preferred_employees: list[Id] = Field(default_factory=list)
    unfilled_cost: Money | None = None  # per missing head and occurrence; default from priority and length
    surplus_cost: Money | None = None  # per head above headcount; None: no surplus staffing
    max_surplus: int = Field(0, ge=0, le=500)

    @model_validator(mode="after")
    def _dates_given(self) -> Need:
        if self.start == self.end:
            raise ValueError("start and end are equal: the window is empty (use 00:00-24:00 for a full day)")
        if self.weekdays and (self.from_date is None or self.until_date is None):
            raise ValueError("a weekly pattern needs from_date and until_date")
        if self.from_date and self.until_date and self.until_date < self.from_date:
            raise ValueError("until_date is before from_date")
        if not self.weekdays and not self.dates:
            raise ValueError("give weekdays (with from_date and until_date) or explicit dates")
        if len(set(self.dates)) != len(self.dates):
            raise ValueError("dates lists the same day twice")
        if self.headcount == 0 and self.surplus_cost is None:
            raise ValueError("headcount 0 only makes sense with a surplus_cost")
        if self.surplus_cost is not None and self.max_surplus == 0:
            self.max_surplus = 500
        return self

    @property
    def shift_kind(self) -> str:
        return self.kind or self.id

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def length_minutes(self) -> int:
        """Nominal wall-clock length; the exact length on a DST day comes from `engine.timeutil`."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return (end - start) % 1440 or 1440

    def has_date_between(self, first: dt.date, last: dt.date) -> bool:
        """Whether `pattern_dates(first, last)` has a day, without listing them (checked for every need
        of a group whenever it is read)."""
        if any(first <= d <= last for d in self.dates):
            return True
        if not (self.weekdays and self.from_date and self.until_date):
            return False
        lo, hi = max(first, self.from_date), min(last, self.until_date)
        if hi < lo:
            return False
        if (hi - lo).days >= 6:
            return True
        return any((lo + dt.timedelta(days=k)).weekday() in self.weekdays for k in range((hi - lo).days + 1))

    def pattern_dates(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Dates of this need between two days (inclusive), holidays not yet removed."""
        days: set[dt.date] = {d for d in self.dates if first <= d <= last}
        if self.weekdays and self.from_date and self.until_date:
            lo, hi = max(first, self.from_date), min(last, self.until_date)
            wanted = set(self.weekdays)
            day = lo
            while day <= hi:
                if day.weekday() in wanted:
                    days.add(day)
                day += dt.timedelta(days=1)
        return sorted(days)


DEFAULT_UNFILLED_COST_PER_HOUR: dict[Priority, Decimal] = {
    Priority.CRITICAL: Decimal("250"),
    Priority.HIGH: Decimal("100"),
    Priority.NORMAL: Decimal("45"),
    Priority.LOW: Decimal("20"),
}
