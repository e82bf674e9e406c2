"""Billing through the API: a run bills the published plan, issuing numbers drafts in sequence, issued
invoices never change, members see only their own issued invoices, exports download."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from persistence.invoices import ImmutableInvoice
from persistence.tables import InvoiceRow


@pytest.fixture
def billed(world):
    plan = world.ids["draft_plan"]
    assert world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    response = world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"})
    assert response.status_code == 201, response.text
    return response.json()


def _drafts(world):
    return world.call("manager", "GET", "/invoices", params={"status": "draft"}).json()["data"]


def test_billing_run_makes_a_draft_per_member_that_had_hours(world, billed):
    members = sorted(d["member"] for d in _drafts(world))
    assert members == ["m1", "m2"]
    assert billed["reconciliation"]["ok"] is True


def test_billing_without_a_published_plan_is_refused(world):
    response = world.call("manager", "POST", "/billing/runs", json={"month": "2026-04"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")


def test_issuing_numbers_invoices_consecutively(world, billed):
    numbers = [
        world.call(
            "manager", "POST", f"/invoices/{d['id']}/issue", params={"issue_date": "2026-04-01"}
        ).json()["number"]
        for d in _drafts(world)
    ]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002"]
    assert all(n.startswith("F-2026-") for n in numbers)


def test_an_issued_invoice_cannot_be_issued_again(world, billed):
    draft = _drafts(world)[0]
    world.call("manager", "POST", f"/invoices/{draft['id']}/issue")
    assert world.call("manager", "POST", f"/invoices/{draft['id']}/issue").status_code == 409


def test_an_issued_invoice_row_refuses_any_change(world, billed):
    draft = _drafts(world)[0]
    world.call("manager", "POST", f"/invoices/{draft['id']}/issue")
    with Session(world.engine) as session:
        row = session.get(InvoiceRow, draft["id"])
        row.total_incl_vat_cents += 1
        session.add(row)
        with pytest.raises(ImmutableInvoice):
            session.flush()


def test_member_sees_only_its_own_issued_invoices(world, billed):
    for d in _drafts(world):
        world.call("manager", "POST", f"/invoices/{d['id']}/issue")
    seen = world.call("member_m1", "GET", "/invoices").json()["data"]
    assert [i["member"] for i in seen] == ["m1"]


def test_member_does_not_see_drafts(world, billed):
    assert world.call("member_m1", "GET", "/invoices").json()["count"] == 0


def test_accountant_downloads_exports_and_pdf(world, billed):
    draft = _drafts(world)[0]
    world.call("manager", "POST", f"/invoices/{draft['id']}/issue")
    run = billed["id"]
    csv = world.call("accountant", "GET", f"/billing/runs/{run}/exports/par_adherent.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    xlsx = world.call("accountant", "GET", f"/billing/runs/{run}/exports/repartition.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    fec = world.call("accountant", "GET", f"/billing/runs/{run}/exports/fec.txt")
    assert fec.status_code == 200 and b"JournalCode" in fec.content
    pdf = world.call("accountant", "GET", f"/invoices/{draft['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_accountant_runs_billing_but_a_member_cannot(world, billed):
    assert world.call("accountant", "POST", "/billing/runs", json={"month": "2026-03"}).status_code == 201
    assert world.call("member_m1", "POST", "/billing/runs", json={"month": "2026-03"}).status_code == 403


def test_issuing_a_whole_run_numbers_every_draft_at_once(world, billed):
    response = world.call(
        "manager", "POST", f"/billing/runs/{billed['id']}/issue", params={"issue_date": "2026-04-01"}
    )
    assert response.status_code == 200, response.text
    numbers = [i["number"] for i in response.json()["data"]]
    assert numbers == ["F-2026-00001", "F-2026-00002"] and _drafts(world) == []


def test_issuing_a_run_without_drafts_left_is_409(world, billed):
    world.call("manager", "POST", f"/billing/runs/{billed['id']}/issue")
    assert world.call("manager", "POST", f"/billing/runs/{billed['id']}/issue").status_code == 409


def test_a_run_whose_invoice_cannot_be_rendered_issues_nothing(world, billed, monkeypatch):
    """Numbering, storing and rendering are one transaction: m2's PDF fails, so m1 takes no number either,
    and the FEC stays empty."""
    import engine.billing.render as render

    real = render.render_pdf

    def broken(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        if doc.buyer.id == "m2":
            raise RuntimeError("cannot render")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(render, "render_pdf", broken)
    response = world.call("manager", "POST", f"/billing/runs/{billed['id']}/issue")
    assert response.status_code == 500
    issued = world.call("manager", "GET", "/invoices", params={"status": "issued"}).json()["data"]
    assert issued == [] and len(_drafts(world)) == 2
    monkeypatch.setattr(render, "render_pdf", real)
    fec = world.call("accountant", "GET", "/billing/fec", params={"date": "2026-04-01"}).text
    assert "F-2026" not in fec
    retried = world.call("manager", "POST", f"/billing/runs/{billed['id']}/issue")
    assert [i["number"] for i in retried.json()["data"]] == ["F-2026-00001", "F-2026-00002"]


def test_a_run_with_questionable_hours_is_refused_until_the_warnings_are_accepted(world):
    """m1 reports e1 from 17:00 to 08:00 the next morning: 15 h, over the daily maximum and across a
    midnight no need of m1 crosses. The run lists both with the actual-hours row, and issues nothing until
    `accept_warnings`."""
    assert world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish").status_code == 200
    line = {
        "employee": "e1",
        "need": "n1",
        "start": "2026-03-02T17:00:00+01:00",
        "end": "2026-03-03T08:00:00+01:00",
    }
    put = world.call("manager", "PUT", "/actuals/2026-03", params={"member": "m1"}, json={"lines": [line]})
    assert put.status_code == 200, put.text
    runs = world.call("manager", "GET", "/billing/runs").json()["count"]
    refused = world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"})
    assert refused.status_code == 409
    errors = refused.json()["errors"]
    assert len(errors) == 2 and all("actuals[" in e["path"] for e in errors)
    assert any("L3121-18" in e["message"] for e in errors)
    assert world.call("manager", "GET", "/billing/runs").json()["count"] == runs  # nothing stored
    accepted = world.call(
        "manager", "POST", "/billing/runs", json={"month": "2026-03", "accept_warnings": True}
    )
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json()["reconciliation"]["hours_warnings"]) == 2
