"""Credit notes and the FEC through the API: a credit note cancels an issued invoice, numbered in its own
gap-free series; the FEC (month extract and fiscal year file) carries it, numbered over the year."""

from __future__ import annotations

import pytest

ISSUED_ON = "2026-04-01"
CREDITED_ON = "2026-04-15"


def _ok(response):
    assert response.status_code < 300, response.text
    return response.json() if response.headers.get("content-type", "").endswith("json") else response


@pytest.fixture
def issued(world):
    """March billed and both invoices issued on 1 April: {member: invoice}."""
    _ok(world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish"))
    _ok(world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"}))
    drafts = _ok(world.call("manager", "GET", "/invoices", params={"status": "draft"}))["data"]
    return {
        d["member"]: _ok(
            world.call("manager", "POST", f"/invoices/{d['id']}/issue", params={"issue_date": ISSUED_ON})
        )
        for d in drafts
    }


def _credit(world, invoice, reason="erreur d'heures", who="manager"):
    body = {"reason": reason, "issue_date": CREDITED_ON}
    return world.call(who, "POST", f"/invoices/{invoice['id']}/credit-note", json=body)


def _fec_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.endswith("\r\n")
    return [line.split("|") for line in text.split("\r\n")[1:-1]]


def test_credit_note_cancels_the_invoice_in_full_and_names_it(world, issued):
    invoice = issued["m1"]
    note = _ok(_credit(world, invoice))
    assert note["kind"] == "credit_note" and note["status"] == "issued"
    assert note["total_incl_vat_cents"] == -invoice["total_incl_vat_cents"]
    assert note["document"]["original_number"] == invoice["number"]


def test_credit_notes_are_numbered_in_their_own_series_without_gaps(world, issued):
    numbers = [_ok(_credit(world, issued[m]))["number"] for m in ("m1", "m2")]
    assert numbers == ["AV-2026-00001", "AV-2026-00002"]


def test_an_invoice_is_cancelled_only_once(world, issued):
    _ok(_credit(world, issued["m1"]))
    assert _credit(world, issued["m1"]).status_code == 409


def test_a_credit_note_cannot_itself_be_credited(world, issued):
    note = _ok(_credit(world, issued["m1"]))
    assert _credit(world, note).status_code == 409


def test_accountant_issues_a_credit_note_but_a_member_may_not(world, issued):
    assert _credit(world, issued["m1"], who="member_m1").status_code == 403
    assert _credit(world, issued["m1"], who="accountant").status_code == 201


def test_member_sees_the_credit_note_of_its_invoice(world, issued):
    _ok(_credit(world, issued["m1"]))
    kinds = sorted(i["kind"] for i in _ok(world.call("member_m1", "GET", "/invoices"))["data"])
    assert kinds == ["credit_note", "invoice"]


def test_month_can_be_invoiced_again_after_its_invoice_is_credited(world, issued):
    _ok(_credit(world, issued["m1"]))
    _ok(world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"}))
    draft = _ok(world.call("manager", "GET", "/invoices", params={"status": "draft", "month": "2026-03"}))
    m1 = next(d for d in draft["data"] if d["member"] == "m1")
    again = _ok(
        world.call("manager", "POST", f"/invoices/{m1['id']}/issue", params={"issue_date": CREDITED_ON})
    )
    assert again["number"] == "F-2026-00003"


def test_month_fec_extract_includes_the_credit_note_with_the_years_numbering(world, issued):
    _ok(_credit(world, issued["m1"]))
    runs = _ok(world.call("accountant", "GET", "/billing/runs"))["data"]
    extract = _ok(world.call("accountant", "GET", f"/billing/runs/{runs[0]['id']}/exports/fec.txt"))
    year = _ok(world.call("accountant", "GET", "/billing/fec", params={"date": "2026-06-30"}))
    assert _fec_rows(extract.content) == _fec_rows(year.content)  # all of March's documents, same numbers
    assert {r[8] for r in _fec_rows(extract.content)} == {
        issued["m1"]["number"],
        issued["m2"]["number"],
        "AV-2026-00001",
    }


def test_fiscal_year_fec_is_named_after_the_siren_and_closing_date(world, issued):
    response = _ok(world.call("accountant", "GET", "/billing/fec", params={"date": "2026-06-30"}))
    assert 'filename="123456782FEC20261231.txt"' in response.headers["content-disposition"]


def test_fiscal_year_fec_numbers_entries_continuously_in_order_of_issue(world, issued):
    _ok(_credit(world, issued["m1"]))
    rows = _fec_rows(
        _ok(world.call("accountant", "GET", "/billing/fec", params={"date": "2026-01-01"})).content
    )
    entries = sorted({(r[2], r[8]) for r in rows})
    assert [e for e, _ in entries] == ["VE000001", "VE000002", "VE000003"]
    assert entries[-1][1] == "AV-2026-00001"  # issued last (15 April)


def test_fec_of_a_year_without_documents_has_only_the_header(world, issued):
    response = _ok(world.call("accountant", "GET", "/billing/fec", params={"date": "2025-06-30"}))
    assert _fec_rows(response.content) == []


def test_member_may_not_download_the_fec(world, issued):
    assert world.call("member_m1", "GET", "/billing/fec").status_code == 403
