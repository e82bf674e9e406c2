"""Questionable actual hours are flagged, not billed silently; the accountant confirms them or nothing issues."""

from __future__ import annotations

import json
from pathlib import Path

from engine.billing.flags import questionable_hours
from engine.billing.timesheet import parse_timesheet
from ge.cli import main
from tests.billing.factory import employee, member, scenario

PART = {"kind": "cdi_part_time", "start": "2025-01-01", "weekly_hours": 24}
HEADER = "employee,member,date,start,end\n"


def _sc(**agreement_rules: object):  # type: ignore[no-untyped-def]
    contract = {**PART, "agreement": "accord"} if agreement_rules else PART
    night_need = {
        "id": "nuit",
        "member": "n",
        "site": "n-s",
        "skill": "compta",
        "start": "22:00",
        "end": "06:00",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "from_date": "2026-01-01",
        "until_date": "2026-12-31",
    }
    extra = (
        {"agreements": [{"id": "accord", "name": "Accord", "rules": agreement_rules}]}
        if agreement_rules
        else {}
    )
    return scenario(
        [member("m"), member("n", sites=[{**member("n")["sites"][0], "night_derogation": True}])],
        [employee("p", contract, "15.00")],
        needs=[night_need],
        **extra,
    )


def _flags(rows: str, sc=None):  # type: ignore[no-untyped-def]
    sc = sc or _sc()
    spans = parse_timesheet(HEADER + rows, sc, "heures.csv")
    return questionable_hours(sc, "2026-03", spans)


def test_a_shift_ending_before_it_starts_is_flagged_with_its_line():
    flags = _flags("p,m,2026-03-02,08:00,12:00\np,m,2026-03-03,17:00,08:00\n")
    ends = [f for f in flags if f.kind == "ends_before_start"]
    assert [f.sources for f in ends] == [("heures.csv:3",)]
    assert "de 17:00 à 08:00" in ends[0].message and "15 h" in ends[0].message


def test_a_night_at_a_site_whose_needs_cross_midnight_is_not_flagged():
    assert _flags("p,n,2026-03-03,22:00,06:00\n") == []


def test_a_day_over_the_daily_maximum_is_flagged_with_each_row_of_that_day():
    """7 h + 4 h 30 the same day = 11 h 30 > 10 h (L3121-18)."""
    flags = _flags("p,m,2026-03-03,07:00,14:00\np,n,2026-03-03,15:00,19:30\n")
    assert [(f.kind, f.article, f.sources) for f in flags] == [
        ("daily_max", "L3121-18", ("heures.csv:2", "heures.csv:3"))
    ]


WEEK_OF_28_H = "".join(f"p,m,2026-03-0{d},08:00,15:00\n" for d in (2, 3, 4, 5))  # 4 × 7 h = 28 h


def test_complementary_hours_beyond_the_tenth_without_an_agreement_are_flagged():
    """Contract 24 h, cap 1/10 (L3123-28): 26 h 24 at most; 28 h worked."""
    flags = _flags(WEEK_OF_28_H)
    assert [(f.kind, f.article) for f in flags] == [("complementary_cap", "L3123-28")]
    assert flags[0].sources == tuple(f"heures.csv:{n}" for n in (2, 3, 4, 5))


def test_the_same_week_under_an_agreement_allowing_a_third_is_not_flagged():
    assert _flags(WEEK_OF_28_H, _sc(complementary_ratio="0.3333")) == []


def test_a_month_without_hours_says_so():
    flags = questionable_hours(_sc(), "2026-03", [])
    assert [f.kind for f in flags] == ["no_hours"]
    assert "aucune heure travaillée en mars 2026" in flags[0].message


def _scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "ge.json"
    path.write_text(_sc().model_dump_json(exclude_none=True), encoding="utf-8")
    return path


def test_ge_bill_refuses_unconfirmed_warnings_with_exit_2_and_writes_nothing(tmp_path: Path, capsys):
    hours = tmp_path / "heures.csv"
    hours.write_text(HEADER + "p,m,2026-03-03,17:00,08:00\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "bill",
            str(_scenario_file(tmp_path)),
            "--month",
            "2026-03",
            "--actuals",
            str(hours),
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"warning: {hours}:2: p chez m le 03/03/2026 : de 17:00 à 08:00" in err
    assert "--accept-warnings" in err
    assert not out.exists()


def test_ge_bill_with_accept_warnings_issues_and_records_them(tmp_path: Path, capsys):
    hours = tmp_path / "heures.csv"
    hours.write_text(HEADER + "p,m,2026-03-03,17:00,08:00\n", encoding="utf-8")
    out = tmp_path / "out"
    args = [
        "bill",
        str(_scenario_file(tmp_path)),
        "--month",
        "2026-03",
        "--actuals",
        str(hours),
        "--out",
        str(out),
    ]
    assert main([*args, "--accept-warnings", "--no-pdf"]) == 0
    assert "accepted warning" in capsys.readouterr().err
    report = (out / "rapprochement_2026-03.md").read_text(encoding="utf-8")
    assert "## Heures signalées, confirmées avant émission" in report and f"{hours}:2" in report
    assert (
        len(json.loads((out / "rapprochement_2026-03.json").read_text(encoding="utf-8"))["hours_warnings"])
        == 2
    )
