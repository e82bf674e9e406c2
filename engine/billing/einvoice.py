"""Factur-X invoices: the PDF a member reads, with the EN 16931 data embedded as CII XML (PDF/A-3).

Built with the `factur-x` package (Akretion, BSD): `generate_cii_xml` writes the Cross Industry Invoice from
a dictionary of EN 16931 business terms (BT-…/BG-…), checked against the Factur-X XSD of the profile
(`xml_check_xsd`); `generate_from_binary` embeds it in our fpdf2 PDF as `factur-x.xml` with the Factur-X
XMP metadata. Profile EN 16931 (the "Comfort" profile: lines, VAT breakdown, exemption codes). The
schematron check of the package needs a Saxon server: it is not run.

What is mapped (docs/billing.md, Factur-X): number, issue and due dates, type (380 invoice, 381 credit note
with its preceding invoice, amounts positive as the standard wants), service period, seller and buyer with
SIREN (scheme 0002) and VAT numbers, the nature of the operation and the notes, payment terms and means
(SEPA transfer with IBAN/BIC when set), every line (quantity in UN/ECE units: HUR, DAY, KMT, C62), the VAT
breakdown per rate with category S (standard), or E with the exemption text and its code (art. 261 B CGI:
VATEX-FR-CGI261B; art. 293 B, the lender's franchise: VATEX-FR-FRANCHISE), and the totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.billing.documents import EXEMPTION_261B, NOT_LIABLE_293B, Document, DocumentKind, Party
from engine.billing.money import euros

LEVEL = "en16931"
UNITS = {"h": "HUR", "j": "DAY", "km": "KMT"}  # UN/ECE Recommendation 20; anything else: C62 (one)
EXEMPTION_CODES = {EXEMPTION_261B: "VATEX-FR-CGI261B", NOT_LIABLE_293B: "VATEX-FR-FRANCHISE"}
SIREN_SCHEME = "0002"  # ISO 6523 ICD of the French SIRENE register
SEPA_TRANSFER = "58"  # UNTDID 4461


class FacturXError(ValueError):
    """The document cannot be expressed as a valid Factur-X invoice (e.g. a draft without a number)."""


def _money(cents: int) -> str:
    """Amounts as the package wants them: decimal strings (never float), two decimals."""
    return str(euros(cents))


def _exact(value: Decimal) -> str:
    """A quantity or price with every significant digit (at least 2 decimals), never rounded."""
    text = f"{value.normalize():f}"
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _number(value: Decimal, places: int) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _party(party: Party, seller: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": party.name,
        "legal_identifier": party.siren,
        "legal_identifier_schemeid": SIREN_SCHEME,
        "country_code": party.country,
        "city": party.city,
        "postcode": party.postcode,
        "addr_l1": party.street,
    }
    if party.vat_number:
        out["vat_identifier"] = party.vat_number
    mentions = party.legal_mentions() if seller else []
    if mentions:
        out["legal_info"] = " – ".join(mentions)  # BT-33: legal form, share capital, RCS (R123-237 C. com.)
    return out


def _category(rate: Decimal, exemption: str | None) -> dict[str, Any]:
    """VAT category of a rate: S (standard), E (exempt, with text and code) or Z (zero rate, no reason)."""
    if rate:
        return {"category": "S"}
    if exemption:
        return {"category": "E", "text": exemption, "code": EXEMPTION_CODES.get(exemption)}
    return {"category": "Z"}


def cii_data(doc: Document) -> dict[str, Any]:
    """The EN 16931 business terms of an issued document, for `facturx.generate_cii_xml`."""
    if not doc.is_issued or doc.issue_date is None or doc.number is None:
        raise FacturXError("only an issued document (numbered and dated) can be a Factur-X invoice")
    sign = -1 if doc.kind is DocumentKind.CREDIT_NOTE else 1  # a credit note's amounts are positive in CII
    notes = [doc.nature, *((doc.vat_exemption,) if doc.vat_exemption else ()), *doc.notes]
    data: dict[str, Any] = {
        "BT-1": doc.number,
        "BT-2": doc.issue_date,
        "BT-3": "381" if doc.kind is DocumentKind.CREDIT_NOTE else "380",
        "BT-5": "EUR",
        "BT-72": doc.service_end,  # the service is done at the end of the period (CII needs a delivery)
        "BT-73": doc.service_start,
        "BT-74": doc.service_end,
        "BG-1": [{"BT-22": text} for text in notes],
        "BG-4": _party(doc.seller, seller=True),
        "BG-7": _party(doc.buyer),
        "BT-20": (
            f"Paiement à {doc.payment_terms_days} jours. Pénalités de retard au taux annuel de "
            f"{doc.late_payment_rate * 100:.2f} % (art. L441-10 C. com.) ; indemnité forfaitaire pour frais "
            f"de recouvrement de {doc.recovery_fee:.2f} € (art. D441-5 C. com.)."
        ),
    }
    if doc.due_date is not None:
        data["BT-9"] = doc.due_date
    if doc.original_number:
        data["BG-3"] = [{"BT-25": doc.original_number}]
    if doc.iban:
        data["BT-81"] = SEPA_TRANSFER
        data["BT-84"] = doc.iban.replace(" ", "")
        if doc.bic:
            data["BT-86"] = doc.bic
    lines = []
    for index, line in enumerate(doc.lines, start=1):
        category = _category(line.vat_rate, doc.vat_exemption)
        amount = sign * line.amount_cents
        entry: dict[str, Any] = {}
        if line.minutes:
            # Hours are exact minutes: the price is per 60 minutes (BT-149/150), so qty × price = amount.
            quantity, unit, price = Decimal(sign * line.minutes), "MIN", line.unit_price
            entry["BT-149"] = "60"
        elif line.unit and line.unit != "€" and line.quantity:
            quantity, unit, price = sign * line.quantity, UNITS.get(line.unit, "C62"), line.unit_price
        else:
            # A lump sum (a rate on gross pay, dues, a fee in % of cost, a reduction) is one unit at its
            # amount; a negative one is minus one unit (a net price is never negative, BR-27).
            quantity, unit, price = Decimal(1 if amount >= 0 else -1), "C62", Decimal(abs(amount)) / 100
        entry.update(
            {
                "BT-126": str(index),
                "BT-129": _exact(quantity),
                "BT-130": unit,
                "BT-131": _money(amount),
                "BT-146": _exact(price),
                "BT-151": category["category"],
                "BT-152": _number(line.vat_rate * 100, 2),
                "BT-153": line.description[:200],
            }
        )
        lines.append(entry)
    data["BG-25"] = lines
    breakdown = []
    for rate, base, vat in doc.vat_breakdown():
        category = _category(rate, doc.vat_exemption)
        entry = {
            "BT-116": _money(sign * base),
            "BT-117": _money(sign * vat),
            "BT-118": category["category"],
            "BT-119": _number(rate * 100, 2),
        }
        if category["category"] == "E":
            entry["BT-120"] = category["text"]
            if category["code"]:
                entry["BT-121"] = category["code"]
        breakdown.append(entry)
    data["BG-23"] = breakdown
    data["BT-106"] = _money(sign * doc.total_ht_cents)
    data["BT-109"] = _money(sign * doc.total_ht_cents)
    data["BT-110"] = _money(sign * doc.total_vat_cents)
    data["BT-112"] = _money(sign * doc.total_ttc_cents)
    data["BT-115"] = _money(sign * doc.total_ttc_cents)
    return data


def cii_xml(doc: Document) -> bytes:
    """The document's CII XML (Factur-X EN 16931), valid against the profile's XSD (else an error)."""
    import facturx

    xml = facturx.generate_cii_xml(cii_data(doc), level=LEVEL, check_xsd=True, check_schematron=False)
    return bytes(xml)


def render_facturx(doc: Document) -> bytes:
    """The invoice PDF (fpdf2, fonts embedded, sRGB output intent) with its CII XML embedded (PDF/A-3)."""
    import facturx

    from engine.billing.render import render_pdf

    pdf = render_pdf(doc, pdfa=True)
    metadata = {
        "author": doc.seller.name,
        "keywords": "Factur-X, facture",
        "title": f"{doc.title} {doc.number}",
        "subject": f"{doc.title} {doc.number} – {doc.buyer.name}",
    }
    out = facturx.generate_from_binary(
        pdf,
        cii_xml(doc),
        flavor="factur-x",
        level=LEVEL,
        check_xsd=True,
        pdf_metadata=metadata,
        lang="fr-FR",
    )
    return bytes(out)
