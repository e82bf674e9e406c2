"""`ge bill` end to end on the minimal scenario with actual hours."""

from __future__ import annotations

from pathlib import Path

from ge.cli import main

ACTUALS = """employee;member;date;start;end;travel_minutes;travel_km;travel_from
e1;m1;2026-03-02;08:30;12:30;;;
e1;m2;2026-03-02;13:30;17:30;15;6,2;m1-s1
e2;m2;2026-03-03;08:00;16:00;;;
"""


def test_bill_writes_invoices_exports_fec_and_reconciliation(tmp_path: Path, capsys):
    hours = tmp_path / "hours.csv"
    hours.write_text(ACTUALS, encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "bill",
            "tests/data/minimal.yaml",
            "--month",
            "2026-03",
            "--actuals",
            str(hours),
            "--out",
            str(out),
            "--issue-date",
            "2026-04-01",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "reconciliation: OK" in printed
    assert sorted(p.name for p in (out / "factures").iterdir()) == [
        "F-2026-00001.html",
        "F-2026-00001.pdf",
        "F-2026-00002.html",
        "F-2026-00002.pdf",
    ]
    pdf = (out / "factures" / "F-2026-00001.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"SourceSansPro" in pdf
    assert (out / "fec" / "123456782FEC20261231.txt").exists()
    assert (out / "rapprochement_2026-03.md").read_text(encoding="utf-8").count("Rapprochement OK") == 1


def test_bill_rerun_reuses_the_issued_numbers(tmp_path: Path):
    hours = tmp_path / "hours.csv"
    hours.write_text(ACTUALS, encoding="utf-8")
    args = [
        "bill",
        "tests/data/minimal.yaml",
        "--month",
        "2026-03",
        "--actuals",
        str(hours),
        "--out",
        str(tmp_path / "out"),
        "--issue-date",
        "2026-04-01",
        "--no-pdf",
    ]
    assert main(args) == 0 and main(args) == 0
    assert len(list((tmp_path / "out" / "registre" / "documents").iterdir())) == 2


def test_bad_timesheet_exits_2_with_the_line(tmp_path: Path, capsys):
    hours = tmp_path / "hours.csv"
    hours.write_text("employee;member;date;start;end\ne9;m1;2026-03-02;08:30;12:30\n", encoding="utf-8")
    code = main(
        [
            "bill",
            "tests/data/minimal.yaml",
            "--month",
            "2026-03",
            "--actuals",
            str(hours),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert f"{hours}:2: column 'employee': unknown employee 'e9'" in capsys.readouterr().err


def test_a_plan_of_another_month_exits_2_naming_the_file(tmp_path: Path, capsys):
    plan = tmp_path / "plan.json"
    plan.write_text('{"month": "2026-04", "assignments": []}', encoding="utf-8")
    code = main(
        ["bill", "tests/data/minimal.yaml", "--month", "2026-03", "--plan", str(plan), "--out", str(tmp_path)]
    )
    assert code == 2
    assert "the plan is for 2026-04, not 2026-03" in capsys.readouterr().err


def test_a_malformed_plan_exits_2_with_its_line(tmp_path: Path, capsys):
    plan = tmp_path / "plan.json"
    plan.write_text('{"month": "2026-03",\n "assignments": [}', encoding="utf-8")
    code = main(
        ["bill", "tests/data/minimal.yaml", "--month", "2026-03", "--plan", str(plan), "--out", str(tmp_path)]
    )
    assert code == 2
    assert "malformed JSON" in capsys.readouterr().err
