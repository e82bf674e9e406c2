"""Small value types shared by every part of the domain model.

Money is always `Decimal` (never float): scenario files are read with YAML floats turned into `Decimal`
from their text, so `12.02` stays exactly `12.02`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from stdnum import luhn
from stdnum.eu import vat as eu_vat

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", min_length=1, max_length=64),
]
"""Identifier used for cross references inside a scenario (letters, digits, `_ . -`)."""

Money = Annotated[Decimal, Field(ge=0, le=Decimal("100000000"), decimal_places=4)]
"""An amount in euros, never negative, at most four decimal places."""

Rate = Annotated[Decimal, Field(ge=0, le=Decimal("10"))]
"""A ratio such as 0.45 for 45 % (employer contributions) or 1.87 (a billing coefficient)."""


def _luhn_checked(what: str) -> Any:
    """SIREN and SIRET numbers end with a Luhn check digit (INSEE): a wrong one is a typo, printed on
    invoices and refused by e-invoicing platforms. La Poste's establishments (SIREN 356000000) are numbered
    by another rule, which python-stdnum knows."""

    def check(value: str) -> str:
        from stdnum.fr import siret

        valid = siret.is_valid(value) if what == "SIRET" else luhn.is_valid(value)
        if not valid:
            raise ValueError(f"{what} {value} fails its check digit (Luhn): a typo?")
        return value

    return AfterValidator(check)


def _vat_checked(value: str) -> str:
    """An EU VAT number's key and length are those of its country (python-stdnum); others keep the pattern."""
    country = value[:2].lower()
    if (country in eu_vat.MEMBER_STATES or country == "el") and not eu_vat.is_valid(value):
        raise ValueError(f"VAT number {value} is not valid for its country: wrong check key or length")
    return value


Siren = Annotated[str, StringConstraints(pattern=r"^\d{9}$"), _luhn_checked("SIREN")]
Siret = Annotated[str, StringConstraints(pattern=r"^\d{14}$"), _luhn_checked("SIRET")]
VatNumber = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}[0-9A-Z]{2,13}$"), AfterValidator(_vat_checked)
]


def french_vat_of(siren: str) -> str:
    """The French VAT number of a SIREN: FR, a two-digit key (12 + 3 × (SIREN mod 97)) mod 97, the SIREN."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


class DomainModel(BaseModel):
    """Base of every domain model: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_enum_values=False)


def _parse_weekday(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower()[:3]
        if key in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(key)
        if key in FRENCH_WEEKDAY_NAMES:
            return FRENCH_WEEKDAY_NAMES.index(key)
    return value


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FRENCH_WEEKDAY_NAMES = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
"""French abbreviations (`lun`, `lundi`…) are accepted too: managers write the days they speak."""


class Weekday(IntEnum):
    """ISO weekday minus one, as `datetime.date.weekday()` returns it: Monday is 0."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


WeekdayField = Annotated[Weekday, BeforeValidator(_parse_weekday)]
"""Accepts `mon`, `Monday`, `0`… and gives a `Weekday`."""


_SHORT_TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")


def _parse_time(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(
            f"{value} is a number, not a clock time: write it in quotes as 'HH:MM' (a YAML 1.1 reader "
            "turns an unquoted 8:00 into 480)"
        )
    if isinstance(value, str):
        text = value.strip()
        if text in {"24:00", "24:00:00", "24h", "24h00"}:
            return dt.time(0, 0)
        match = _SHORT_TIME.match(text)
        if match:  # "8:00" (unquoted in the file), "8h30", "14h" as people write them
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_parse_time)]
"""A local wall-clock time `HH:MM` (also `8:00`, `8h30`); `24:00` means midnight at the end of the day."""


class Address(DomainModel):
    street: str = Field(min_length=1)
    postcode: Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
    city: str = Field(min_length=1)
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "FR"

    def one_line(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    @property
    def department(self) -> str:
        return self.postcode[:2]


COMPANY_FORMS = frozenset(
    {
        "SA",
        "SAS",
        "SASU",
        "SARL",
        "EURL",
        "SNC",
        "SCS",
        "SCA",
        "SE",
        "SCOP",
        "SCIC",
        "SCI",
        "SCP",
        "SELARL",
        "SELAS",
        "SELAFA",
        "SELCA",
        "SEL",
    }
)
"""Legal forms (abbreviations) of companies: registered at the RCS, with a share capital (R123-237 C. com.)."""


def is_company(legal_form: str) -> bool:
    """Whether a legal form is a company's (`SAS`, `SARL à capital variable`, `Société coopérative…`): its
    invoices print its RCS registration and share capital (R123-237 C. com.); an association's do not."""
    words = legal_form.replace(",", " ").replace(".", "").split()
    if not words:
        return False
    return words[0].upper() in COMPANY_FORMS or words[0].lower() in ("société", "societe")


class GeoPoint(DomainModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class DateRange(DomainModel):
    """Inclusive range of calendar days."""

    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class StrChoice(StrEnum):
    """Base for string enumerations written in scenario files."""
