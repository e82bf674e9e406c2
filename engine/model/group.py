"""The employer group itself: identity, calendar, billing settings and pricing profiles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from engine.model.common import Address, DomainModel, Id, Money, Rate, Siren, VatNumber
from engine.model.rules import RuleSet


class VatRegime(StrEnum):
    """The group's VAT regime for its invoices (domain.md, "How GEs bill their members")."""

    STANDARD = "standard"  # VAT at the standard rate (20 % by default)
    EXEMPT_261B = "exempt_261b"  # art. 261 B CGI: exact cost, no fee or coefficient above cost


class PricingMode(StrEnum):
    COEFFICIENT = "coefficient"  # gross hourly pay × coefficient (e.g. × 1.87)
    COST_PLUS_FEE = "cost_plus_fee"  # loaded cost + management fee (% and/or €/h)
    AT_COST = "at_cost"  # loaded cost only


class PricingRule(DomainModel):
    mode: PricingMode = PricingMode.COST_PLUS_FEE
    coefficient: Rate | None = None
    fee_percent: Rate = Decimal("0")
    fee_per_hour: Money = Decimal("0")

    @model_validator(mode="after")
    def _coefficient_given(self) -> PricingRule:
        if self.mode is PricingMode.COEFFICIENT and self.coefficient is None:
            raise ValueError("mode 'coefficient' needs a coefficient (e.g. 1.87)")
        if self.coefficient is not None and self.coefficient < 1:
            raise ValueError("a coefficient below 1 bills under the gross wage")
        return self

    @property
    def above_cost(self) -> bool:
        """Whether this rule bills more than cost (which rules out the art. 261 B exemption)."""
        if self.mode is PricingMode.AT_COST:
            return False
        if self.mode is PricingMode.COEFFICIENT:
            return True
        return self.fee_percent > 0 or self.fee_per_hour > 0


class PricingProfile(DomainModel):
    """How a member is billed; a rule per contract kind may replace the default one."""

    id: Id
    name: str = ""
    default: PricingRule = Field(default_factory=PricingRule)
    by_contract_kind: dict[str, PricingRule] = Field(default_factory=dict)


class PremiumPayer(StrEnum):
    THRESHOLD_MEMBER = "threshold_member"  # the member whose hours crossed the threshold
    PRO_RATA = "pro_rata"  # members pro rata to that week's hours


class TravelPayer(StrEnum):
    DESTINATION = "destination"
    SPLIT = "split"


class CostBearer(StrEnum):
    GROUP = "group"
    MEMBERS_PRO_RATA = "members_pro_rata"


class BillingSettings(DomainModel):
    vat_regime: VatRegime = VatRegime.STANDARD
    vat_rate: Rate = Decimal("0.20")
    paid_leave_rate: Rate = Decimal("0.10")  # L3141-24 "règle du dixième" [verify]
    payment_terms_days: int = Field(30, ge=0, le=60)  # L441-10 Code de commerce: at most 60 days
    late_payment_rate: Rate = Decimal("0.1215")  # 3 × legal interest rate by default
    recovery_fee: Money = Decimal("40")  # D441-5 Code de commerce
    invoice_prefix: str = Field("F", pattern=r"^[A-Z0-9-]{1,10}$")
    credit_note_prefix: str = Field("AV", pattern=r"^[A-Z0-9-]{1,10}$")
    loan_invoice_prefix: str = Field("PMD", pattern=r"^[A-Z0-9-]{1,10}$")
    joining_fee: Money = Decimal("0")
    annual_fee: Money = Decimal("0")
    premium_payer: PremiumPayer = PremiumPayer.THRESHOLD_MEMBER
    travel_payer: TravelPayer = TravelPayer.DESTINATION
    idle_bearer: CostBearer = CostBearer.GROUP
    absence_bearer: CostBearer = CostBearer.GROUP
    iban: str | None = Field(None, pattern=r"^[A-Z]{2}\d{2}[A-Z0-9 ]{10,34}$")
    bic: str | None = Field(None, pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")


def _iso_day(value: Any) -> Any:
    """Keep extra days as ISO text (the calendar reads them so) but accept a YAML date and check it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD") from None
    return value


class HolidaySettings(DomainModel):
    """Public holidays: France from the `holidays` package; Alsace-Moselle days for sites there."""

    country: str = "FR"
    extra_days: list[Annotated[str, BeforeValidator(_iso_day)]] = Field(
        default_factory=list, description="ISO dates also treated as holidays"
    )


class Group(DomainModel):
    id: Id
    name: str = Field(min_length=1)
    legal_form: str = "Association loi 1901"
    # R123-237 C. com.: a company prints its RCS registration (the registry's town) and share capital; an
    # association has neither.
    rcs_city: str | None = Field(None, min_length=1, description="town of the RCS registry (greffe)")
    share_capital: Money | None = Field(None, description="share capital in euros, for a company")
    siren: Siren
    vat_number: VatNumber | None = None
    address: Address
    email: str | None = None
    phone: str | None = None
    timezone: str = "Europe/Paris"
    fiscal_year_start_month: int = Field(1, ge=1, le=12)
    holidays: HolidaySettings = Field(default_factory=HolidaySettings)
    billing: BillingSettings = Field(default_factory=BillingSettings)
    pricing_profiles: list[PricingProfile] = Field(default_factory=list)
    default_pricing_profile: Id | None = None
    default_agreement: Id | None = None
    rules: RuleSet = Field(default_factory=RuleSet)
