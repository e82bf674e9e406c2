"""An invoice is cancelled at most once, even when the cancellations race (issue 15: on PostgreSQL 20
concurrent POST /invoices/{id}/credit-note on 12 invoices made 20 credit notes). The invoice row is locked
while its note is made, and the database refuses a second note (partial unique index)."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from persistence.db import write_session
from persistence.tables import INVOICE_ISSUED, InvoiceRow
from tests.api.live import live_server

REQUESTS = 20


def _ok(response):
    assert response.status_code < 300, response.text
    return response.json()


@pytest.fixture
def issued(world):
    """March billed and both invoices (members m1, m2) issued."""
    _ok(world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish"))
    _ok(world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"}))
    drafts = _ok(world.call("manager", "GET", "/invoices", params={"status": "draft"}))["data"]
    return [
        _ok(world.call("manager", "POST", f"/invoices/{d['id']}/issue", params={"issue_date": "2026-04-01"}))
        for d in drafts
    ]


def test_concurrent_cancellations_make_exactly_one_credit_note_per_invoice(world, issued):
    barrier = threading.Barrier(REQUESTS)
    answers: list[tuple[int, int, str]] = []
    guard = threading.Lock()

    def cancel(invoice: dict, base: str) -> None:
        with httpx.Client(base_url=base, headers=world.headers("manager"), timeout=120) as client:
            barrier.wait()
            response = client.post(
                f"/invoices/{invoice['id']}/credit-note",
                json={"reason": "erreur d'heures", "issue_date": "2026-04-15"},
            )
        with guard:
            answers.append((invoice["id"], response.status_code, response.text))

    with live_server(world.app) as base:
        threads = [
            threading.Thread(target=cancel, args=(issued[i % len(issued)], base)) for i in range(REQUESTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    created = Counter(invoice for invoice, status, _ in answers if status == 201)
    assert created == {invoice["id"]: 1 for invoice in issued}
    refused = [text for _, status, text in answers if status != 201]
    assert len(refused) == REQUESTS - len(issued)
    assert all('"status":409' in text and "already cancelled" in text for text in refused), refused
    with write_session(world.engine) as session:
        notes = session.exec(select(InvoiceRow).where(InvoiceRow.kind == "credit_note")).all()
    assert sorted(n.credited_invoice_id for n in notes) == sorted(i["id"] for i in issued)


def test_database_refuses_a_second_credit_note_for_one_invoice(world, issued):
    """The constraint alone, without the route's lock: a second note pointing at the same invoice."""
    first = _ok(
        world.call(
            "manager", "POST", f"/invoices/{issued[0]['id']}/credit-note", json={"reason": "erreur d'heures"}
        )
    )
    with pytest.raises(IntegrityError), write_session(world.engine) as session:
        note = session.get(InvoiceRow, first["id"])
        session.add(
            InvoiceRow(
                group_id=note.group_id,
                member_id=note.member_id,
                month=note.month,
                kind="credit_note",
                series=note.series,
                number=note.number + 1,
                number_text=f"{note.series}-{note.number + 1:05d}",
                status=INVOICE_ISSUED,
                credited_invoice_id=note.credited_invoice_id,
                total_excl_vat_cents=note.total_excl_vat_cents,
                vat_cents=note.vat_cents,
                total_incl_vat_cents=note.total_incl_vat_cents,
                data=note.data,
            )
        )
        session.flush()
