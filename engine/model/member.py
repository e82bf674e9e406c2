"""Member firms (adhérents) and their sites."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from engine.model.common import Address, DomainModel, GeoPoint, Id, Money, Siren, Siret, VatNumber

ALSACE_MOSELLE_DEPARTMENTS = {"57": "57", "67": "6AE", "68": "6AE"}
"""Department → `holidays` subdivision with Good Friday and St Stephen's Day (local law)."""


class MemberVatRegime(StrEnum):
    LIABLE = "liable"  # VAT-registered firm
    NOT_LIABLE = "not_liable"  # e.g. some farms under the flat-rate scheme
    PUBLIC_INTEREST = "public_interest"  # body acting in the public interest (art. 261 B after CJEU 2017)


class Site(DomainModel):
    id: Id
    name: str = Field(min_length=1)
    address: Address
    location: GeoPoint
    sunday_derogation: bool = False  # L3132-12 and following: Sunday work allowed at this site
    night_derogation: bool = False  # night work organised at this site (L3122-1)
    # L3164-8: the establishment is in a sector a decree lists and an agreement lets under-18s work on
    # public holidays there (L3164-6 forbids it otherwise)
    minor_holiday_derogation: bool = False
    holiday_subdivision: str | None = None  # `holidays` subdivision; derived from the postcode if empty

    @property
    def holidays_subdivision(self) -> str | None:
        if self.holiday_subdivision:
            return self.holiday_subdivision
        return ALSACE_MOSELLE_DEPARTMENTS.get(self.address.department)


class Member(DomainModel):
    id: Id
    name: str = Field(min_length=1)
    # Printed on the invoices it issues (a lender's loan invoices): R123-237 C. com. asks a company for its
    # legal form, RCS registration (the registry's town) and share capital.
    legal_form: str = ""
    rcs_city: str | None = Field(None, min_length=1, description="town of the RCS registry (greffe)")
    share_capital: Money | None = Field(None, description="share capital in euros, for a company")
    siren: Siren
    siret: Siret | None = None
    vat_number: VatNumber | None = None
    vat_regime: MemberVatRegime = MemberVatRegime.LIABLE
    address: Address
    email: str | None = None
    contact: str | None = None
    joined_on: dt.date
    left_on: dt.date | None = None
    headcount: int = Field(ge=0, le=2_000_000)
    created_on: dt.date
    corporate_group: str | None = None  # the corporate group it belongs to (L8241-3: outside the lender's)
    corporate_group_headcount: int | None = Field(None, ge=0, le=5_000_000)
    pricing_profile: Id | None = None
    comparable_wages: dict[str, Money] = Field(
        default_factory=dict, description="hourly gross wage of its own comparable staff, per skill"
    )
    sites: list[Site] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Member:
        if self.left_on is not None and self.left_on < self.joined_on:
            raise ValueError("left_on is before joined_on")
        if self.created_on > self.joined_on:
            raise ValueError("created_on is after joined_on (a firm joins after it exists)")
        if self.siret is not None and not self.siret.startswith(self.siren):
            raise ValueError("siret does not start with the siren")
        return self

    def is_member_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)

    def age_in_years(self, on: dt.date) -> int:
        years = on.year - self.created_on.year
        if (on.month, on.day) < (self.created_on.month, self.created_on.day):
            years -= 1
        return years

    @property
    def group_headcount(self) -> int:
        """Headcount that counts for L8241-3: the corporate group's when known, else the firm's own."""
        return max(self.headcount, self.corporate_group_headcount or 0)


def comparable_wage(member: Member, skill: str) -> Decimal | None:
    return member.comparable_wages.get(skill)
