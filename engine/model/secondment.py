"""Loans of staff (prêt de main-d'œuvre à but non lucratif, L8241-1 to L8241-3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from engine.model.common import ClockTime, DomainModel, Id, Money, WeekdayField


class LoanBilling(StrEnum):
    AT_COST = "at_cost"  # L8241-1: salaries, charges and expenses, nothing more
    BELOW_COST = "below_cost"  # L8241-3: lender ≥ 5,000 staff, young or small host, ≤ 2 years


class Secondment(DomainModel):
    """An employee of a lender member put at a host member's disposal, on agreed days.

    Either fixed `weekdays`, or `days_per_week` that the planner places; each worked day runs from
    `start_time` to `end_time` at the host's `site`.
    """

    id: Id
    lender: Id
    host: Id
    employee: Id
    site: Id
    start: dt.date
    end: dt.date
    weekdays: list[WeekdayField] = Field(default_factory=list)
    days_per_week: int | None = Field(None, ge=1, le=6)
    start_time: ClockTime = dt.time(9, 0)
    end_time: ClockTime = dt.time(17, 30)
    skill: str = "direction"
    billing: LoanBilling = LoanBilling.AT_COST
    billed_share: Decimal = Field(Decimal("1"), ge=0, le=1)  # below cost: share of the cost billed
    expenses_per_day: Money = Decimal("0")
    consent_signed: bool = True  # L8241-2: the employee's written consent
    agreement_reference: str = ""  # the convention de mise à disposition

    @model_validator(mode="after")
    def _consistent(self) -> Secondment:
        if self.end < self.start:
            raise ValueError("end is before start")
        if not self.weekdays and self.days_per_week is None:
            raise ValueError("give weekdays or days_per_week")
        if self.weekdays and self.days_per_week is not None and len(self.weekdays) < self.days_per_week:
            raise ValueError("fewer weekdays than days_per_week")
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")
        if self.billing is LoanBilling.AT_COST and self.billed_share != 1:
            raise ValueError("billed_share below 1 needs billing: below_cost (L8241-3)")
        if not self.consent_signed:
            raise ValueError("a loan of staff needs the employee's written consent (L8241-2)")
        return self

    @property
    def duration_days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end
