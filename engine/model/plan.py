"""Plans: what the solver returns and what the manager publishes, and the history carried between months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import (
    AwareDatetime,
    Field,
    model_validator,
)

from engine.model.common import MONTH_PATTERN, DomainModel, Id


class Assignment(DomainModel):
    """One employee on one occurrence of a need (or one day of a secondment).

    `start`/`end` are aware datetimes (the site's zone); durations are always computed in UTC.
    `travel_before_*` is the travel from the previous place that day (another site, or home when the
    contract counts it as work).
    """

    employee: Id
    need: Id
    date: dt.date  # the occurrence's local date (the day the shift starts)
    start: AwareDatetime
    end: AwareDatetime
    member: Id
    site: Id
    travel_before_minutes: int = Field(0, ge=0, le=1440)
    travel_before_km: Decimal = Field(Decimal("0"), ge=0, le=5000)
    travel_from: str | None = None  # place key: a site id or "home:<employee>"
    pinned: bool = False
    secondment: Id | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Assignment:
        if self.end <= self.start:
            raise ValueError("end is not after start")
        return self

    @property
    def occurrence_id(self) -> str:
        return occurrence_key(self.need, self.date)

    @property
    def minutes(self) -> int:
        """Worked minutes on site, exact across a DST change (computed in UTC)."""
        return int((self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)).total_seconds() // 60)


def occurrence_key(need: str, day: dt.date) -> str:
    return f"{need}@{day.isoformat()}"


MEMBER_VISIBLE_REASONS = frozenset({"no_skill", "site_rule"})
"""Reason codes whose full text a member firm may read: they name a skill or the member's own site, never
an employee."""

STAFF_SHORTAGE = "staff_shortage"
"""The reason code a member firm reads in place of any reason about employees (`Unfilled.for_member`)."""


class Unfilled(DomainModel):
    """An occurrence (or part of its head count) left unfilled, with a reason the manager can act on."""

    need: Id
    date: dt.date
    start: AwareDatetime
    end: AwareDatetime
    member: Id
    missing: int = Field(ge=1)
    skill: str = ""  # the need's skill ("" in plans stored before it was recorded)
    # no_skill | out_of_reach | absent | legal_limit | site_rule | cost | time (staff_shortage: member view)
    reason_code: str = ""
    reason: str = ""  # French, for the manager
    limits: list[str] = Field(default_factory=list)  # articles of the limits that blocked

    def for_member(self) -> Unfilled:
        """What a member firm may read of this unfilled need: the one place that writes it.

        The manager's reason names employees, their absences and the limits each one is at; sickness is
        health data (GDPR art. 9) and the others' schedules are none of the member's business. A member
        reads that there was not enough staff for the skill, or, for a cost or time decision of the group,
        that the group can say more; a reason about the skill or the member's own site is kept whole."""
        if self.reason_code in MEMBER_VISIBLE_REASONS:
            return self.model_copy()
        skill = f" pour la compétence « {self.skill} »" if self.skill else ""
        if self.reason_code in ("cost", "time"):
            code, text = (
                self.reason_code,
                (f"Non pourvu dans ce planning{skill} ; le groupement d'employeurs peut vous en dire plus."),
            )
        else:
            code, text = STAFF_SHORTAGE, f"Personnel disponible insuffisant{skill}."
        return self.model_copy(update={"reason_code": code, "reason": text, "limits": []})


class Pin(DomainModel):
    """An assignment fixed by hand: kept as it is in every solve and re-plan."""

    employee: Id
    need: Id
    date: dt.date


class WorkedInterval(DomainModel):
    start: AwareDatetime
    end: AwareDatetime
    site: Id | None = None
    kind: str | None = None


class EmployeeHistory(DomainModel):
    """What the rules need from before the month (weeks, rests, runs and yearly counters)."""

    employee: Id
    weekly_minutes: list[int] = Field(
        default_factory=list, description="worked minutes of the last weeks, oldest first (at most 12)"
    )
    recent_shifts: list[WorkedInterval] = Field(
        default_factory=list, description="shifts of the last 14 days before the month"
    )
    consecutive_days_worked: int = Field(0, ge=0, le=366)  # run at the end of the previous month
    consecutive_days_off: int = Field(0, ge=0, le=366)
    last_shift_end: AwareDatetime | None = None
    ytd_minutes: int = Field(0, ge=0)
    ytd_overtime_minutes: int = Field(0, ge=0)
    ytd_complementary_minutes: int = Field(0, ge=0)
    ytd_days_worked: int = Field(0, ge=0, le=366)
    weekends_worked: int = Field(0, ge=0, le=53)  # in the current year
    night_minutes_by_month: list[int] = Field(
        default_factory=list,
        description="night minutes worked in each month before, oldest first, the last being the month "
        "before (the night worker's count over 12 consecutive months, L3122-5, L3122-23)",
    )

    @model_validator(mode="after")
    def _bounded(self) -> EmployeeHistory:
        if len(self.weekly_minutes) > 52:
            raise ValueError("weekly_minutes holds more than 52 weeks")
        if any(m < 0 or m > 10080 for m in self.weekly_minutes):
            raise ValueError("weekly_minutes must be between 0 and 10080 (a week)")
        if len(self.night_minutes_by_month) > 24:
            raise ValueError("night_minutes_by_month holds more than 24 months")
        if any(m < 0 or m > 44640 for m in self.night_minutes_by_month):
            raise ValueError("night_minutes_by_month must be between 0 and 44640 (a month)")
        return self


class History(DomainModel):
    """Carried across a month boundary, from the previous month's published plan."""

    month: str | None = Field(None, pattern=MONTH_PATTERN)  # the month this history ends with
    employees: list[EmployeeHistory] = Field(default_factory=list)
    last_month_servers: dict[str, list[Id]] = Field(
        default_factory=dict, description="need id → employees who served it last month (continuity)"
    )

    def for_employee(self, employee: str) -> EmployeeHistory | None:
        return next((h for h in self.employees if h.employee == employee), None)


class PlanStatus(StrEnum):
    """A plan version's state: members and employees see only the published one of each month; a
    superseded version was published and then replaced (kept as the record)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class SolverFacts(DomainModel):
    status: str
    objective: Decimal | None = None
    bound: Decimal | None = None
    gap: Decimal | None = None
    wall_seconds: float = 0.0
    workers: int = 1
    seed: int = 0
    deterministic_time: float | None = None


class Plan(DomainModel):
    """A plan of a month, or of any horizon (`first_day`..`last_day`: a season, a year) planned at once.

    `month` is the horizon's first month (a month plan's own); `first_day`/`last_day` are set only when
    the horizon is not that calendar month (plan.json leaves them out otherwise: a month plan's file is
    unchanged, `engine.report.planfile`). `horizon()` is the range either way; `months()` cuts a longer plan into its months."""

    month: str = Field(pattern=MONTH_PATTERN)
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    scenario: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    assignments: list[Assignment] = Field(default_factory=list)
    unfilled: list[Unfilled] = Field(default_factory=list)
    history: History | None = None  # the history the plan was solved from
    cost_terms: dict[str, Decimal] = Field(default_factory=dict)  # euros per objective term
    solver: SolverFacts | None = None
    created_at: dt.datetime | None = None
    published_at: dt.datetime | None = None  # when it became the month's published plan (service)

    @model_validator(mode="after")
    def _horizon_given_whole(self) -> Plan:
        if (self.first_day is None) != (self.last_day is None):
            raise ValueError("first_day and last_day go together (a horizon other than the month)")
        if self.first_day is not None and self.last_day is not None:
            if self.last_day < self.first_day:
                raise ValueError(f"last_day {self.last_day} is before first_day {self.first_day}")
            if f"{self.first_day.year:04d}-{self.first_day.month:02d}" != self.month:
                raise ValueError(f"month {self.month} is not the month of first_day {self.first_day}")
        return self

    def horizon(self) -> tuple[dt.date, dt.date]:
        """The plan's first and last day (its calendar month unless `first_day`/`last_day` say otherwise)."""
        if self.first_day is not None and self.last_day is not None:
            return self.first_day, self.last_day
        year, month = int(self.month[:4]), int(self.month[5:7])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)

    def months(self) -> list[Plan]:
        """The plan cut into its calendar months, each holding that month's assignments and unfilled needs
        (a month only partly in the horizon keeps its `first_day`/`last_day`). Cost terms are the whole
        horizon's and belong to no month: the pieces have none; the solver's facts are the whole solve's."""
        first, last = self.horizon()
        out = []
        day = first
        while day <= last:
            following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
            end = min(last, following - dt.timedelta(days=1))
            whole = day.day == 1 and end == following - dt.timedelta(days=1)
            out.append(
                self.model_copy(
                    update={
                        "month": f"{day.year:04d}-{day.month:02d}",
                        "first_day": None if whole else day,
                        "last_day": None if whole else end,
                        "assignments": [a for a in self.assignments if day <= a.date <= end],
                        "unfilled": [u for u in self.unfilled if day <= u.date <= end],
                        "cost_terms": {} if (first, last) != (day, end) else self.cost_terms,
                    }
                )
            )
            day = following
        return out

    def by_employee(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = {}
        for a in sorted(self.assignments, key=lambda a: a.start):
            out.setdefault(a.employee, []).append(a)
        return out
