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


def test_a_month_refused_by_a_rule_exits_2_as_docs_billing_md_says(tmp_path: Path, capsys):
    """A management fee billed under the art. 261 B exemption: the month is refused, exit 2 (bad input and
    refusals are 2), one clear line, nothing written."""
    from tests.billing.factory import employee, member, scenario

    group = {
        "billing": {"vat_regime": "exempt_261b"},
        "pricing_profiles": [{"id": "p", "default": {"mode": "cost_plus_fee", "fee_percent": "0.05"}}],
        "default_pricing_profile": "p",
    }
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 10}
    sc = scenario(
        [member("mairie", vat_regime="public_interest")], [employee("v", contract, "12.50")], group=group
    )
    path = tmp_path / "ge.json"
    path.write_text(sc.model_dump_json(exclude_none=True), encoding="utf-8")
    hours = tmp_path / "hours.csv"
    hours.write_text("employee,member,date,start,end\nv,mairie,2026-03-03,08:00,18:00\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["bill", str(path), "--month", "2026-03", "--actuals", str(hours), "--out", str(out)])
    assert code == 2
    assert "ge bill: the VAT exemption of art. 261 B CGI is refused" in capsys.readouterr().err
    assert not out.exists()
