"""A refused billing run issues nothing: numbering, storing and rendering of one run are one transaction.

The refused run: member B's March invoice was issued; B's hours are then corrected while member A is billed
for the first time. B's new draft is refused (a credit note must cancel the first invoice) — and A, whose
draft came first, must not have taken a number, been stored, been written, nor reach the next FEC.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from engine.billing.issuing import FileDocumentStore
from engine.billing.register import FileRegister, MemoryRegister
from engine.billing.run import bill_month
from engine.billing.service import issue_and_write
from engine.errors import DomainError
from ge.cli import main
from tests.billing.factory import employee, member, scenario, span

CONTRACT = {"kind": "cdi_part_time", "start": "2025-01-01", "weekly_hours": 24}
DAY = dt.date(2026, 4, 1)


def _scenario():  # type: ignore[no-untyped-def]
    return scenario([member("a"), member("b")], [employee("e", CONTRACT, "15.00")])


def _refused_setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    """B invoiced for March; then A's hours and B's corrected hours: the corrected draft is refused."""
    sc = _scenario()
    register = FileRegister(tmp_path / "registre")
    first = bill_month(sc, "2026-03", [span("e", "b", "2026-03-03", "08:00", "12:00")])
    issue_and_write(first, sc, register, tmp_path / "out-1", DAY, pdf=False)
    again = bill_month(
        sc,
        "2026-03",
        [span("e", "a", "2026-03-02", "08:00", "12:00"), span("e", "b", "2026-03-03", "08:00", "13:00")],
    )
    return sc, register, again


def test_a_refused_run_takes_no_number_and_stores_nothing(tmp_path: Path):
    sc, register, again = _refused_setup(tmp_path)
    with pytest.raises(DomainError, match="credit note"):
        issue_and_write(again, sc, register, tmp_path / "out-2", DAY, pdf=False)
    assert register.sequence.last_number("F-2026") == 1
    assert [d.number for d in register.store.all()] == ["F-2026-00001"]
    assert sorted(p.name for p in (tmp_path / "out-2").iterdir()) == []  # nothing rendered, no staging left


def test_the_next_months_fec_holds_only_what_was_issued(tmp_path: Path):
    sc, register, again = _refused_setup(tmp_path)
    with pytest.raises(DomainError):
        issue_and_write(again, sc, register, tmp_path / "out-2", DAY, pdf=False)
    april = bill_month(sc, "2026-04", [span("e", "a", "2026-04-06", "08:00", "12:00")])
    issued, outputs = issue_and_write(april, sc, register, tmp_path / "out-3", dt.date(2026, 5, 4), pdf=False)
    assert [d.number for d in issued] == ["F-2026-00002"]
    year = next(p for p in outputs.fec if "extrait" not in p.name).read_text(encoding="utf-8")
    assert "F-2026-00001" in year and "F-2026-00002" in year
    assert "F-2026-00003" not in year


def test_a_document_that_cannot_be_rendered_takes_no_number(tmp_path: Path, monkeypatch):
    import engine.billing.render as render

    def broken(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        if doc.buyer.id == "b":
            raise RuntimeError("font missing")
        return b"%PDF-1.7"

    monkeypatch.setattr(render, "render_pdf", broken)
    sc, register = _scenario(), FileRegister(tmp_path / "registre")
    bill = bill_month(
        sc,
        "2026-03",
        [span("e", "a", "2026-03-02", "08:00", "12:00"), span("e", "b", "2026-03-03", "08:00", "12:00")],
    )
    with pytest.raises(RuntimeError, match="font missing"):
        issue_and_write(bill, sc, register, tmp_path / "out", DAY)
    assert register.sequence.last_number("F-2026") == 0 and register.store.all() == []
    assert list((tmp_path / "out").iterdir()) == []


def test_a_commit_interrupted_after_its_journal_is_completed_by_the_next_run(tmp_path: Path, monkeypatch):
    """The process dies while the journal is applied (after one document): the register shows neither
    half; the next transaction completes the commit before doing anything else."""
    sc, register = _scenario(), FileRegister(tmp_path / "registre")
    bill = bill_month(
        sc,
        "2026-03",
        [span("e", "a", "2026-03-02", "08:00", "12:00"), span("e", "b", "2026-03-03", "08:00", "12:00")],
    )
    real_add, calls = FileDocumentStore.add, []

    def dies_on_the_second(self, document):  # type: ignore[no-untyped-def]
        calls.append(document.number)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_add(self, document)

    monkeypatch.setattr(FileDocumentStore, "add", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        issue_and_write(bill, sc, register, tmp_path / "out", DAY, pdf=False)
    monkeypatch.setattr(FileDocumentStore, "add", real_add)
    assert register.journal.exists() and register.sequence.last_number("F-2026") == 0
    assert FileRegister(tmp_path / "registre").recover()
    assert [d.number for d in register.store.all()] == ["F-2026-00001", "F-2026-00002"]
    assert register.sequence.last_number("F-2026") == 2 and not register.journal.exists()
    # The month billed again is the same invoices, now written out.
    issued, _ = issue_and_write(bill, sc, register, tmp_path / "out", DAY, pdf=False)
    assert [d.number for d in issued] == ["F-2026-00001", "F-2026-00002"]


def test_a_memory_register_drops_a_failed_transaction():
    register = MemoryRegister()
    with pytest.raises(RuntimeError), register.transaction() as (sequence, _store):
        sequence.next_number("F-2026")
        raise RuntimeError
    assert register.sequence.last_number("F-2026") == 0


def test_ge_bill_refuses_with_exit_2_and_issues_nothing(tmp_path: Path, capsys):
    """The CLI over the same story: the second run exits 2, its output directory stays empty."""
    data = json.loads(_scenario().model_dump_json(exclude_none=True))
    scenario_file = tmp_path / "ge.json"
    scenario_file.write_text(json.dumps(data), encoding="utf-8")
    hours = tmp_path / "hours.csv"
    register = tmp_path / "registre"
    args = [
        "bill",
        str(scenario_file),
        "--month",
        "2026-03",
        "--actuals",
        str(hours),
        "--register",
        str(register),
    ]
    hours.write_text("employee,member,date,start,end\ne,b,2026-03-03,08:00,12:00\n", encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "out-1"), "--no-pdf"]) == 0
    hours.write_text(
        "employee,member,date,start,end\ne,a,2026-03-02,08:00,12:00\ne,b,2026-03-03,08:00,13:00\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main([*args, "--out", str(tmp_path / "out-2"), "--no-pdf"]) == 2
    assert "credit note" in capsys.readouterr().err
    assert json.loads((register / "numeros.json").read_text(encoding="utf-8")) == {"F-2026": 1}
    assert list((tmp_path / "out-2").iterdir()) == []
