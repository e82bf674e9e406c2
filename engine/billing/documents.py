"""Invoices and credit notes as immutable documents, with the mentions French law requires.

Code de commerce L441-9 and CGI art. 242 nonies A (annexe II): issue date; a unique number in a continuous
chronological series; date of the service; seller's and client's names, addresses, SIREN and VAT numbers;
for each line the description, quantity, unit price excluding VAT and VAT rate; totals excluding VAT, VAT per
rate, total including VAT; the due date, the late-payment rate and the €40 fixed recovery fee (L441-10,
D441-5); the exemption wording when VAT is not charged ("TVA non applicable, art. 261 B du CGI").
EN 16931 (e-invoicing, mandatory to receive from 1 Sept 2026) adds the nature of the operation (services),
the seller's and buyer's legal identifiers (SIREN, scheme 0002) and VAT numbers: the model carries them all.

A document is a frozen pydantic model: once issued (numbered) it never changes; a correction is a credit
note that references the original (engine.billing.issuing).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from engine.billing.money import fr_amount, to_cents
from engine.model import Address, Group, Member


class DocumentKind(StrEnum):
    INVOICE = "invoice"  # the group's monthly invoice to a member
    CREDIT_NOTE = "credit_note"  # the group's credit note cancelling an invoice
    LOAN_INVOICE = "loan_invoice"  # a lender's invoice to a host (loan of staff, L8241)


TITLES = {
    DocumentKind.INVOICE: "Facture",
    DocumentKind.CREDIT_NOTE: "Avoir",
    DocumentKind.LOAN_INVOICE: "Facture – prêt de main-d'œuvre à but non lucratif",
}

EXEMPTION_261B = "TVA non applicable, art. 261 B du CGI"
NOT_LIABLE_293B = "TVA non applicable, art. 293 B du CGI"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(Frozen):
    """Seller or buyer as printed on the invoice (EN 16931 BG-4 / BG-7)."""

    id: str
    name: str
    street: str
    postcode: str
    city: str
    country: str = "FR"
    siren: str
    vat_number: str | None = None
    legal_form: str = ""
    rcs_city: str | None = None  # a company's RCS registry town (R123-237 C. com.)
    share_capital: Decimal | None = None  # a company's share capital (R123-237 C. com.)

    @classmethod
    def of_group(cls, group: Group) -> Party:
        return cls._of(group, group.address, group.legal_form, group.rcs_city, group.share_capital)

    @classmethod
    def of_member(cls, member: Member) -> Party:
        return cls._of(member, member.address, member.legal_form, member.rcs_city, member.share_capital)

    @classmethod
    def _of(
        cls,
        who: Group | Member,
        address: Address,
        legal_form: str,
        rcs_city: str | None,
        share_capital: Decimal | None,
    ) -> Party:
        return cls(
            id=who.id,
            name=who.name,
            street=address.street,
            postcode=address.postcode,
            city=address.city,
            country=address.country,
            siren=who.siren,
            vat_number=who.vat_number,
            legal_form=legal_form,
            rcs_city=rcs_city,
            share_capital=share_capital,
        )

    def legal_mentions(self) -> list[str]:
        """What an issuer prints of itself (R123-237 C. com.): its legal form with its share capital (a
        company), its RCS registration with the registry's town; an association prints its legal form."""
        out = []
        if self.legal_form:
            capital = ""
            if self.share_capital is not None:
                capital = f" au capital de {fr_amount(to_cents(self.share_capital))}"
            out.append(f"{self.legal_form}{capital}")
        if self.rcs_city:
            out.append(f"RCS {self.rcs_city} {grouped_siren(self.siren)}")
        return out


def grouped_siren(siren: str) -> str:
    """`403 164 361`: a SIREN as it is printed after "RCS <town>"."""
    return " ".join(siren[i : i + 3] for i in range(0, len(siren), 3))


class Line(Frozen):
    """One invoice line: description, quantity, unit, unit price (excl. VAT), amount in cents, VAT rate.

    Printed lines add up: `amount_cents` is quantity × unit price rounded once, half up — for hours,
    `minutes` × unit price / 60 exactly (`quantity` then holds the hours to 4 places, for machines); for a
    lump sum (no unit), 1 × its price.
    """

    description: str
    quantity: Decimal = Decimal("1")
    unit: str = ""
    unit_price: Decimal = Decimal("0")
    amount_cents: int
    minutes: int | None = None  # hours lines: the exact quantity, printed as hours and minutes
    vat_rate: Decimal = Decimal("0")
    employee: str | None = None
    component: str | None = None  # a cost component, "fee", "margin", "membership" or "joining"
    above_cost: bool = False  # a management fee (always above cost)
    coefficient: Decimal | None = None  # priced as cost × coefficient (gross-pay lines)
    account: str = "706000"  # revenue account for the FEC


class Document(Frozen):
    """A draft (number None) or an issued invoice / credit note."""

    kind: DocumentKind
    series_prefix: str
    month: str
    seller: Party
    buyer: Party
    service_start: dt.date
    service_end: dt.date
    lines: tuple[Line, ...]
    vat_exemption: str | None = None  # the wording printed when VAT is not charged
    nature: str = "Prestation de services : mise à disposition de personnel"
    payment_terms_days: int = 30
    late_payment_rate: Decimal = Decimal("0.1215")
    recovery_fee: Decimal = Decimal("40")
    iban: str | None = None
    bic: str | None = None
    notes: tuple[str, ...] = ()
    original_number: str | None = None  # credit notes: the invoice they cancel
    loan: str | None = None  # loan invoices: the secondment id
    number: str | None = None
    issue_date: dt.date | None = None
    due_date: dt.date | None = None
    issued_at: dt.datetime | None = None
    content_hash: str = Field("", description="hash of the draft content, to recognise a re-issue")

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def is_issued(self) -> bool:
        return self.number is not None

    @property
    def total_ht_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    def vat_breakdown(self) -> list[tuple[Decimal, int, int]]:
        """(rate, base cents, VAT cents) per rate; VAT rounded once per rate on the invoice's base."""
        bases: dict[Decimal, int] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, 0) + line.amount_cents
        return [(rate, base, to_cents(Decimal(base) * rate / 100)) for rate, base in sorted(bases.items())]

    @property
    def total_vat_cents(self) -> int:
        return sum(v for _, _, v in self.vat_breakdown())

    @property
    def total_ttc_cents(self) -> int:
        return self.total_ht_cents + self.total_vat_cents

    @property
    def above_cost_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines if line.above_cost)
