"""The issuer's legal mentions (R123-237 C. com.): a company prints its legal form, share capital and RCS
registration with the registry's town; an association (the usual GE) prints its form and no RCS."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from engine.billing.documents import grouped_siren
from engine.billing.einvoice import cii_xml
from engine.billing.issuing import MemoryDocumentStore, MemoryNumberSequence, issue_all
from engine.billing.render import render_html, render_pdf
from engine.billing.run import bill_month
from engine.errors import ScenarioError
from tests.billing import test_billing_loan as loans
from tests.billing.factory import employee, invoice_for, member, scenario, span

LENDER = {"legal_form": "SAS", "share_capital": Decimal("2400000"), "rcs_city": "Grenoble"}


def _loan_invoice(**lender: object):  # type: ignore[no-untyped-def]
    sc = loans._scenario()
    sc = sc.model_copy(update={"members": [sc.members[0].model_copy(update=lender), *sc.members[1:]]})
    bill = bill_month(sc, "2026-03", loans._spans())
    issued = issue_all(bill.documents, MemoryNumberSequence(), MemoryDocumentStore(), dt.date(2026, 4, 1))
    return next(d for d in issued if d.kind == "loan_invoice")


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_company_lender_prints_its_form_capital_and_rcs():
    doc = _loan_invoice(**LENDER)
    rcs = f"RCS Grenoble {grouped_siren(doc.seller.siren)}"  # e.g. "RCS Grenoble 403 164 361"
    html = render_html(doc)
    assert "SAS au capital de 2\u202f400\u202f000,00\u00a0€" in html
    assert rcs in html
    pdf = _pdf_text(render_pdf(doc))
    assert rcs in pdf and "au capital de" in pdf


def test_the_mentions_go_into_the_factur_x_seller_legal_information():
    doc = _loan_invoice(**LENDER)
    xml = cii_xml(doc).decode()
    rcs = f"RCS Grenoble {grouped_siren(doc.seller.siren)}"
    assert f"SAS au capital de 2\u202f400\u202f000,00\u00a0€ – {rcs}" in xml


def test_an_association_prints_its_form_and_no_rcs():
    sc = scenario(
        [member("m")],
        [employee("e", {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}, "13.00")],
    )
    doc = invoice_for(bill_month(sc, "2026-03", [span("e", "m", "2026-03-02", "08:00", "12:00")]), "m")
    html = render_html(doc)
    assert "Association loi 1901" in html
    assert "RCS" not in html and "capital" not in html


def test_a_company_group_without_its_rcs_and_capital_is_refused_naming_the_fields():
    with pytest.raises(ScenarioError) as caught:
        scenario([member("m")], [], group={"legal_form": "SCOP SA"})
    paths = {p.path for p in caught.value.problems}
    assert {"group.rcs_city", "group.share_capital"} <= paths
    assert all("R123-237" in p.message for p in caught.value.problems if p.path.startswith("group."))


def test_a_company_lender_without_its_rcs_is_refused_naming_the_member():
    sc = loans._scenario(host_created="2021-01-01")
    data = sc.model_dump(mode="json", exclude_none=True)
    data["members"][0].update(legal_form="SAS", share_capital="2400000")
    from engine.loader import scenario_from_data

    with pytest.raises(ScenarioError) as caught:
        scenario_from_data(data)
    assert [p.path for p in caught.value.problems] == ["members[0].rcs_city"]
