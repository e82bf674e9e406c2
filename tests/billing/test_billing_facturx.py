"""Factur-X: the PDF embeds an EN 16931 CII XML, valid against the profile's XSD, whose totals are the invoice's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import facturx
import pytest
from lxml import etree

from engine.billing.einvoice import FacturXError, cii_xml, render_facturx
from engine.billing.issuing import MemoryDocumentStore, MemoryNumberSequence, credit_note, issue_all
from engine.billing.run import bill_month
from tests.billing.factory import employee, member, scenario, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 10}
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
DAY = dt.date(2026, 4, 2)


def _issued(store: MemoryDocumentStore | None = None):  # type: ignore[no-untyped-def]
    """A VAT-liable member (20 %) and a town hall exempt under art. 261 B, with travel and mileage."""
    sc = scenario(
        [
            member("m", vat_number="FR44111111118"),
            member("mairie", siren="222222226", vat_regime="public_interest"),
        ],
        [employee("e", CONTRACT, "14.00")],
        group={
            "billing": {"vat_regime": "exempt_261b", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}
        },
    )
    spans = [
        span("e", "m", "2026-03-02", "08:00", "12:00"),
        span("e", "mairie", "2026-03-03", "08:00", "12:00", travel=20, km="12.5", origin="m-s"),
    ]
    docs = issue_all(
        bill_month(sc, "2026-03", spans).documents,
        MemoryNumberSequence(),
        store or MemoryDocumentStore(),
        DAY,
    )
    return {d.buyer.id: d for d in docs}


def _xml(pdf: bytes):  # type: ignore[no-untyped-def]
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml"
    return etree.fromstring(xml)


def _amount(root, path: str) -> Decimal:  # type: ignore[no-untyped-def]
    return Decimal(root.findtext(path, namespaces=NS))


def test_the_pdf_embeds_an_xsd_valid_xml_whose_totals_are_the_invoices():
    doc = _issued()["m"]
    root = _xml(render_facturx(doc))
    assert facturx.xml_check_xsd(etree.tostring(root), flavor="factur-x", level="en16931")
    total = ".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    assert _amount(root, total + "ram:TaxBasisTotalAmount") * 100 == doc.total_ht_cents
    assert _amount(root, total + "ram:TaxTotalAmount") * 100 == doc.total_vat_cents
    assert _amount(root, total + "ram:GrandTotalAmount") * 100 == doc.total_ttc_cents
    assert _amount(root, total + "ram:DuePayableAmount") * 100 == doc.total_ttc_cents
    lines = root.findall(".//ram:IncludedSupplyChainTradeLineItem", NS)
    assert sum(_amount(li, ".//ram:LineTotalAmount") for li in lines) * 100 == doc.total_ht_cents
    assert len(lines) == len(doc.lines)


def test_parties_carry_siren_vat_numbers_and_the_nature_of_the_service():
    doc = _issued()["m"]
    root = etree.fromstring(cii_xml(doc))
    seller, buyer = root.find(".//ram:SellerTradeParty", NS), root.find(".//ram:BuyerTradeParty", NS)
    assert seller.findtext(".//ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS) == "123456782"
    assert seller.findtext(".//ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS) == "FR11123456782"
    assert buyer.findtext(".//ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS) == "FR44111111118"
    notes = [n.text for n in root.findall(".//ram:IncludedNote/ram:Content", NS)]
    assert "Prestation de services : mise à disposition de personnel" in notes
    assert root.findtext(".//ram:DueDateDateTime/udt:DateTimeString", namespaces=NS) == doc.due_date.strftime(
        "%Y%m%d"
    )
    assert root.findtext(".//ram:IBANID", namespaces=NS) == "FR7630006000011234567890189"


def test_an_exempt_invoice_has_category_e_with_the_261b_reason_and_code():
    doc = _issued()["mairie"]
    root = etree.fromstring(cii_xml(doc))
    tax = root.find(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    assert tax.findtext("ram:CategoryCode", namespaces=NS) == "E"
    assert tax.findtext("ram:ExemptionReason", namespaces=NS) == "TVA non applicable, art. 261 B du CGI"
    assert tax.findtext("ram:ExemptionReasonCode", namespaces=NS) == "VATEX-FR-CGI261B"
    assert _amount(tax, "ram:CalculatedAmount") == 0
    assert _amount(tax, "ram:BasisAmount") * 100 == doc.total_ht_cents


def test_a_credit_note_is_type_381_with_positive_amounts_and_the_invoice_it_cancels():
    store = MemoryDocumentStore()
    invoice = _issued(store)["m"]
    note = credit_note(invoice, "erreur d'heures", MemoryNumberSequence(), store, DAY, "AV")
    root = _xml(render_facturx(note))
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert _amount(root, ".//ram:GrandTotalAmount") * 100 == invoice.total_ttc_cents
    assert (
        root.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
        == invoice.number
    )


def test_a_draft_cannot_be_a_facturx_invoice():
    doc = _issued()["m"].model_copy(update={"number": None})
    with pytest.raises(FacturXError, match="issued"):
        cii_xml(doc)


def test_bill_command_writes_facturx_pdfs_and_xml(tmp_path: Path):
    from ge.cli import main

    out = tmp_path / "out"
    code = main(["bill", "tests/data/minimal.yaml", "--month", "2026-03", "--out", str(out), "--facturx"])
    pdfs = sorted((out / "factures").glob("*.pdf"))
    assert code == 0 and pdfs
    for pdf in pdfs:
        root = _xml(pdf.read_bytes())
        assert (pdf.with_suffix(".xml")).exists()
        assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == pdf.stem
