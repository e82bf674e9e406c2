"""`ge check`: violations grouped by employee with their article, exit 1; "no violation" and exit 0."""

import datetime as dt
import json
from pathlib import Path

from engine.calendar import month_occurrences
from engine.loader import load_scenario
from engine.model import Plan
from engine.report import write_plan
from ge.cli import main
from tests.checker.factories import MINIMAL, assign


def minimal_plan(tmp_path: Path, *, overload: bool) -> Path:
    sc = load_scenario(MINIMAL)
    assignments = [
        assign(sc, "e2" if o.skill == "maintenance" else "e1", o.need, o.date)
        for o in month_occurrences(sc, "2026-03")
    ]
    if overload:  # e2 also takes the Thursday accounting morning, overlapping his maintenance day
        assignments.append(assign(sc, "e2", "n1", dt.date(2026, 3, 12)))
    return write_plan(Plan(month="2026-03", assignments=assignments), tmp_path / "plan.json")


def test_a_legal_plan_says_no_violation_and_exits_0(tmp_path, capsys):
    assert main(["check", str(MINIMAL), "--plan", str(minimal_plan(tmp_path, overload=False))]) == 0
    assert "no violation (aucune infraction)" in capsys.readouterr().out


def test_violations_are_grouped_by_employee_with_articles_and_exit_1(tmp_path, capsys):
    assert main(["check", str(MINIMAL), "--plan", str(minimal_plan(tmp_path, overload=True))]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Bruno Petit (e2)" and "Besoins" in lines[1:]  # need findings come last
    assert "Chevauchement" in out and "[L3121-1]" in out


def test_json_output_has_one_object_per_finding(tmp_path, capsys):
    main(["check", str(MINIMAL), "--plan", str(minimal_plan(tmp_path, overload=True)), "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert lines and all({"employee", "article", "message", "rule"} <= set(item) for item in lines)


def test_a_broken_plan_file_exits_2_with_its_path(tmp_path, capsys):
    bad = tmp_path / "plan.json"
    bad.write_text('{"month": "2026-03", "assignments": [{"employee": "e1"}]}', encoding="utf-8")
    assert main(["check", str(MINIMAL), "--plan", str(bad)]) == 2
    assert "assignments[0].need: required field is missing" in capsys.readouterr().err


def test_month_and_range_together_are_a_bad_argument(tmp_path, capsys):
    plan = minimal_plan(tmp_path, overload=False)
    assert (
        main(["check", str(MINIMAL), "--plan", str(plan), "--month", "2026-03", "--start", "2026-03-01"]) == 2
    )
    assert "give either --month or --start/--end" in capsys.readouterr().err
