"""Exports read back by independent readers (pandas, openpyxl) give the same amounts to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from engine.billing.exports import EURO_FORMAT, by_member, payroll_variables, write_csv, write_month_exports
from engine.billing.fec import COLUMNS, fec_filename, fec_lines, write_fec
from engine.billing.issuing import MemoryDocumentStore, MemoryNumberSequence, credit_note, issue_all
from engine.billing.run import bill_month
from tests.billing.factory import employee, member, scenario, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 24}


def _setup():  # type: ignore[no-untyped-def]
    sc = scenario(
        [member("a"), member("b", joined_on="2026-03-10")],
        [employee("p", CONTRACT, "15.37", employer_contribution_rate="0.4133")],
        group={"billing": {"joining_fee": "150", "annual_fee": "80"}},
    )
    spans = [span("p", "a", "2026-03-02", "08:00", "12:20"), span("p", "b", "2026-03-03", "13:00", "17:45")]
    bill = bill_month(sc, "2026-03", spans)
    store = MemoryDocumentStore()
    issued = issue_all(bill.documents, MemoryNumberSequence(), store, dt.date(2026, 4, 2))
    return sc, bill, issued, store


def _cents(value: float) -> int:
    return round(value * 100)


def test_csv_uses_semicolons_decimal_commas_and_a_bom(tmp_path: Path):
    _sc, bill, issued, _ = _setup()
    path = write_csv(by_member(bill, issued), tmp_path / "m.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert [_cents(x) for x in frame["Total TTC"]] == [d.total_ttc_cents for d in issued]
    assert [_cents(x) for x in frame["Total HT"]] == [d.total_ht_cents for d in issued]


def test_xlsx_stores_numbers_as_numbers_with_the_euro_format(tmp_path: Path):
    sc, bill, issued, _ = _setup()
    paths = write_month_exports(bill, sc, tmp_path, issued)
    workbook = load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    assert workbook.sheetnames == ["Par adhérent", "Par salarié", "Par composante", "Variables de paie"]
    sheet = workbook["Par adhérent"]
    header = [c.value for c in sheet[1]]
    col = header.index("Total HT")
    cells = [row[col] for row in sheet.iter_rows(min_row=2)]
    assert [_cents(c.value) for c in cells] == [d.total_ht_cents for d in issued]
    assert all(isinstance(c.value, int | float) and c.number_format == EURO_FORMAT for c in cells)


def test_membership_dues_are_billed_in_the_joining_month():
    _, _bill, issued, _ = _setup()
    b = next(d for d in issued if d.buyer.id == "b")
    dues = [
        (line.component, line.amount_cents) for line in b.lines if line.component in ("joining", "membership")
    ]
    assert dues == [("joining", 15000), ("membership", 8000)]


def test_payroll_variables_count_hours_by_class():
    sc, bill, _, _ = _setup()
    header, rows, _ = payroll_variables(bill, sc)
    row = dict(zip(header, rows[0], strict=True))
    assert row["Heures travaillées sur site"] == Decimal("9.08")  # 4 h 20 + 4 h 45 = 9 h 05
    assert row["Heures non placées"] == Decimal("14.92")  # 24 h − 9 h 05


def test_fec_reads_back_balanced_with_invoices_and_credit_notes(tmp_path: Path):
    sc, _bill, issued, store = _setup()
    from engine.billing.issuing import MemoryNumberSequence as Seq

    credit_note(issued[0], "erreur", Seq(), store, dt.date(2026, 4, 20), "AV")
    lines = fec_lines(store.all(), sc.group, dt.date(2026, 4, 20))
    path = write_fec(lines, tmp_path / fec_filename(sc.group, dt.date(2026, 4, 20)))
    assert path.name == "123456782FEC20261231.txt"
    frame = pd.read_csv(
        path, sep="|", decimal=",", dtype={"EcritureDate": str, "CompteNum": str}, keep_default_na=False
    )
    assert tuple(frame.columns) == COLUMNS
    assert list(frame["EcritureNum"].unique()) == ["VE000001", "VE000002", "VE000003"]
    assert frame["EcritureDate"].iloc[0] == "20260402"
    for _, entry in frame.groupby("EcritureNum"):
        assert _cents(entry["Debit"].sum()) == _cents(entry["Credit"].sum())
    clients = frame[frame["CompteNum"] == "411000"]
    debit = sum(_cents(x) for x in clients["Debit"]) - sum(_cents(x) for x in clients["Credit"])
    assert debit == sum(d.total_ttc_cents for d in store.all())
