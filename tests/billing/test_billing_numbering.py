"""Invoice numbers: consecutive per series, no gap and no duplicate, even from concurrent processes."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from engine.billing.issuing import (
    FileDocumentStore,
    FileNumberSequence,
    MemoryDocumentStore,
    MemoryNumberSequence,
    credit_note,
    issue,
    issue_all,
    legacy_content_hash,
)
from engine.billing.run import bill_month
from engine.errors import DomainError
from tests.billing.factory import employee, member, scenario, span

DAY = dt.date(2026, 4, 1)


def _take(args: tuple[str, int]) -> list[int]:
    path, count = args
    seq = FileNumberSequence(path)
    return [seq.next_number("F-2026") for _ in range(count)]


def test_concurrent_processes_get_every_number_once(tmp_path: Path):
    register = str(tmp_path / "numeros.json")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_take, [(register, 25)] * 8)
    numbers = sorted(n for chunk in results for n in chunk)
    assert numbers == list(range(1, 201))
    assert FileNumberSequence(register).last_number("F-2026") == 200


def test_series_are_independent():
    seq = MemoryNumberSequence()
    assert [seq.next_number("F-2026"), seq.next_number("AV-2026"), seq.next_number("F-2026")] == [1, 1, 2]


def _draft(hours_end: str = "12:00"):  # type: ignore[no-untyped-def]
    sc = scenario(
        [member("m")],
        [
            employee(
                "e", {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 4}, "13.00"
            )
        ],
    )
    return bill_month(sc, "2026-03", [span("e", "m", "2026-03-03", "08:00", hours_end)]).documents[0]


def test_issuing_the_same_draft_twice_returns_the_first_invoice(tmp_path: Path):
    seq, store = FileNumberSequence(tmp_path / "n.json"), FileDocumentStore(tmp_path / "docs")
    first = issue(_draft(), seq, store, DAY)
    again = issue(_draft(), seq, store, DAY)
    assert again.number == first.number == "F-2026-00001"
    assert seq.last_number("F-2026") == 1


def test_a_different_draft_for_an_invoiced_month_is_refused_until_a_credit_note(tmp_path: Path):
    seq, store = MemoryNumberSequence(), MemoryDocumentStore()
    first = issue(_draft(), seq, store, DAY)
    with pytest.raises(DomainError, match="credit note"):
        issue(_draft("13:00"), seq, store, DAY)
    note = credit_note(first, "heures corrigées", seq, store, DAY, "AV")
    assert note.number == "AV-2026-00001" and note.original_number == first.number
    assert note.total_ttc_cents == -first.total_ttc_cents
    second = issue(_draft("13:00"), seq, store, DAY)
    assert second.number == "F-2026-00002"


def test_an_issued_invoice_is_never_overwritten(tmp_path: Path):
    store = FileDocumentStore(tmp_path / "docs")
    doc = issue(_draft(), MemoryNumberSequence(), store, DAY)
    with pytest.raises(DomainError, match="cannot change"):
        store.add(doc.model_copy(update={"lines": ()}))
    assert store.get(doc.number) == doc  # type: ignore[arg-type]


def test_an_issued_invoice_is_frozen():
    doc = issue(_draft(), MemoryNumberSequence(), MemoryDocumentStore(), DAY)
    with pytest.raises(Exception, match="frozen"):
        doc.number = "F-2026-99999"  # type: ignore[misc]


def test_an_invoice_issued_with_the_earlier_content_hash_is_recognised():
    """Invoices issued before the faster hash carry the sorted-keys JSON hash: re-issuing the same draft
    must still return them, not refuse them as different."""
    seq, store = MemoryNumberSequence(), MemoryDocumentStore()
    draft = _draft()
    old = issue(draft, seq, MemoryDocumentStore(), DAY)
    store.add(old.model_copy(update={"content_hash": legacy_content_hash(draft)}))
    assert issue(draft, seq, store, DAY).number == old.number
    with pytest.raises(DomainError, match="credit note"):
        issue(_draft("13:00"), seq, store, DAY)


def test_issuing_many_drafts_keeps_refusing_a_second_draft_for_the_same_month():
    """issue_all keeps its view of the active invoices up to date while it issues."""
    seq, store = MemoryNumberSequence(), MemoryDocumentStore()
    with pytest.raises(DomainError, match="credit note"):
        issue_all([_draft(), _draft("13:00")], seq, store, DAY)
    assert len(store.all()) == 1
