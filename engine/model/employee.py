"""Shared and seconded employees: contract, pay, skills, home, absences and wishes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from engine.model.common import Address, DomainModel, GeoPoint, Id, Money, Rate, WeekdayField
from engine.model.rules import check_override_keys

SMIC_HOURLY_2026 = Decimal("12.02")
"""Gross hourly SMIC from 1 Jan 2026 (domain.md)."""

FULL_TIME_WEEKLY_HOURS = Decimal("35")


class ContractKind(StrEnum):
    CDI_FULL_TIME = "cdi_full_time"
    CDI_PART_TIME = "cdi_part_time"
    CDD = "cdd"
    SEASONAL = "seasonal"
    WORK_STUDY = "work_study"
    FORFAIT_JOURS = "forfait_jours"


FIXED_TERM_KINDS = {ContractKind.CDD, ContractKind.SEASONAL, ContractKind.WORK_STUDY}


class Contract(DomainModel):
    kind: ContractKind
    start: dt.date
    end: dt.date | None = None
    weekly_hours: Decimal | None = Field(None, gt=0, le=48)
    annualised: bool = False  # L3121-41: hours counted over the year instead of the week
    annual_hours: Decimal | None = Field(None, gt=0, le=2300)
    annual_days: int | None = Field(None, gt=0, le=235)  # forfait jours, L3121-58
    part_time_derogation: bool = False  # L3123-7: below 24 h at the employee's request, student…
    agreement: Id | None = None
    home_travel_is_work: bool = False  # home to first / last site as working time (L3121-4, CJEU C-266/14)
    night_worker: bool = False  # L3122-5
    rules: dict[str, Any] = Field(default_factory=dict, description="rule overrides for this contract")

    @model_validator(mode="after")
    def _consistent(self) -> Contract:
        check_override_keys(self.rules)
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        if self.kind in FIXED_TERM_KINDS and self.end is None:
            raise ValueError(f"a {self.kind.value} contract needs an end date")
        if self.kind is ContractKind.FORFAIT_JOURS:
            if self.annual_days is None:
                raise ValueError("a forfait_jours contract needs annual_days (at most 218 by agreement)")
        elif self.weekly_hours is None and self.annual_hours is None:
            raise ValueError("give weekly_hours (or annual_hours for an annualised contract)")
        if self.annualised and self.annual_hours is None:
            raise ValueError("an annualised contract needs annual_hours")
        hours = self.weekly_hours
        if self.kind is ContractKind.CDI_PART_TIME and hours is not None and hours >= FULL_TIME_WEEKLY_HOURS:
            raise ValueError("a part-time contract must stay below 35 h a week (L3123-1)")
        if self.kind is ContractKind.CDI_FULL_TIME and hours is not None and hours < FULL_TIME_WEEKLY_HOURS:
            raise ValueError("a full-time contract has at least 35 h a week; use cdi_part_time")
        return self

    @property
    def is_forfait_jours(self) -> bool:
        return self.kind is ContractKind.FORFAIT_JOURS

    @property
    def weekly_minutes(self) -> int:
        """Contract minutes per week (annualised contracts: the yearly total spread over 52 weeks)."""
        if self.weekly_hours is not None:
            return int(self.weekly_hours * 60)
        if self.annual_hours is not None:
            return int(self.annual_hours * 60 / 52)
        return int(FULL_TIME_WEEKLY_HOURS * 60)

    @property
    def is_part_time(self) -> bool:
        if self.is_forfait_jours:
            return False
        return self.weekly_minutes < int(FULL_TIME_WEEKLY_HOURS * 60)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class VehicleKind(StrEnum):
    CAR = "car"
    ELECTRIC_CAR = "electric_car"
    NONE = "none"


class Vehicle(DomainModel):
    """What the mileage scale needs (barème kilométrique): kind, fiscal power, expected yearly km."""

    kind: VehicleKind = VehicleKind.CAR
    fiscal_hp: int = Field(5, ge=1, le=50)
    yearly_km: int = Field(5000, ge=0, le=200000)


class AbsenceKind(StrEnum):
    PAID_LEAVE = "paid_leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    UNPAID = "unpaid"
    OTHER = "other"


class Absence(DomainModel):
    kind: AbsenceKind
    start: dt.date
    end: dt.date
    paid: bool | None = None  # default: paid leave and training are paid by the GE, others not

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise ValueError("end is before start")
        if (self.end - self.start).days > 400:
            raise ValueError("an absence longer than 400 days is not plausible; split it or end the contract")
        return self

    @property
    def is_paid(self) -> bool:
        if self.paid is not None:
            return self.paid
        return self.kind in (AbsenceKind.PAID_LEAVE, AbsenceKind.TRAINING)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class WishKind(StrEnum):
    WANT = "want"
    AVOID = "avoid"


class Wish(DomainModel):
    """A soft wish of the employee.

    Filters (`member`, `weekday`, `date`, `shift_kind`) select assignments; an empty filter matches all.
    - `avoid`: each matching assignment costs `weight`.
    - `want` with a `date`: costs `weight` if the employee has no matching assignment that day.
    - `want` without a date: each of the employee's assignments that does not match costs `weight`.
    """

    kind: WishKind
    member: Id | None = None
    weekday: WeekdayField | None = None
    date: dt.date | None = None
    shift_kind: str | None = None
    weight: Decimal = Field(Decimal("10"), ge=0, le=100000)


class Employee(DomainModel):
    id: Id
    name: str = Field(min_length=1)
    email: str | None = None
    employer: Id | None = None  # None: the group; else the lending member (a loan of staff)
    contract: Contract
    hourly_wage: Money
    employer_contribution_rate: Rate = Decimal("0.45")
    skills: list[str] = Field(default_factory=list)
    home: GeoPoint
    home_address: Address | None = None
    vehicle: Vehicle = Field(default_factory=Vehicle)
    minor: bool = False  # under 18 (L3162-1 and following)
    max_travel_km: Decimal | None = Field(None, gt=0, le=1000)  # one-way reach from home, if limited
    absences: list[Absence] = Field(default_factory=list)
    wishes: list[Wish] = Field(default_factory=list)

    @model_validator(mode="after")
    def _wage_plausible(self) -> Employee:
        if self.hourly_wage > Decimal("500"):
            raise ValueError("hourly_wage above €500/h is not plausible")
        return self

    def is_absent(self, day: dt.date) -> bool:
        return any(a.covers(day) for a in self.absences)

    def is_available(self, day: dt.date) -> bool:
        """Under contract that day and not absent."""
        return self.contract.covers(day) and not self.is_absent(day)
