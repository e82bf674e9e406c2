"""Several problems in one file are all reported, each with its path and line, sorted by line."""

from __future__ import annotations

from engine.errors import ScenarioError
from engine.loader import load_scenario_text
from tests.foundation.helpers import MINIMAL, check_text, errors

BROKEN = (
    MINIMAL.read_text(encoding="utf-8")
    .replace('siren: "111111118"', 'siren: "1111"')  # members[0].siren
    .replace("weekly_hours: 24}", "weekly_hours: 60}")  # employees[0].contract.weekly_hours
    .replace("hourly_wage: 14.00", "hourly_wage: 9.00")  # employees[1].hourly_wage (below SMIC)
    .replace("  - id: n2\n    member: m2", "  - id: n2\n    member: m9")  # needs[1].member
    .replace('end: "16:00"', 'end: "08:00"')  # needs[2]: empty window
)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_every_planted_problem_is_reported():
    paths = {p.path for p in errors(check_text(BROKEN))}
    assert paths == {
        "members[0].siren",
        "employees[0].contract.weekly_hours",
        "employees[1].hourly_wage",
        "needs[1].member",
        "needs[2].start",
    }


def test_each_problem_carries_the_line_of_its_field():
    lines = {p.path: p.line for p in errors(check_text(BROKEN))}
    assert lines["members[0].siren"] == _line_of(BROKEN, 'siren: "1111"')
    assert lines["needs[1].member"] == _line_of(BROKEN, "member: m9")
    assert lines["employees[0].contract.weekly_hours"] == _line_of(BROKEN, "weekly_hours: 60")


def test_problems_are_sorted_by_line():
    lines = [p.line or 0 for p in errors(check_text(BROKEN))]
    assert lines == sorted(lines)


def test_load_raises_one_error_listing_them_all_with_the_file_name():
    try:
        load_scenario_text(BROKEN, "broken.yaml")
    except ScenarioError as exc:
        report = exc.report()
    else:  # pragma: no cover - the file is broken on purpose
        raise AssertionError("a broken scenario loaded")
    assert report.count("broken.yaml:") == 5
    assert report.endswith("5 problems found")
