"""One home per rule: the linear relaxation and the month programme ask the rule modules, never re-read the law."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from engine.solver import rules
from engine.solver.rules import (
    daily_max,
    hard_rules,
    linear_rules,
    loans,
    month_rules,
    occurrences,
    part_time,
    weekly_max,
)
from tests.solver.source_scan import attributes_read

ROOT = Path(__file__).resolve().parents[2]
BOUND = [ROOT / "engine/solver/bound/programme.py", ROOT / "engine/solver/bound/lagrangian.py"]
# the limits of the law an employee's plan is held to: only a rule module reads them
LIMIT_FIELDS = {
    "weekly_max",
    "daily_max",
    "complementary_ratio",
    "rolling_avg_max_minutes",
    "night_avg_max_minutes",
    "rolling_avg_weeks",
    "max_days_per_week",
    "annual_hours",
    "forfait_max_days",
    "overtime_annual_quota_minutes",
    "ytd_overtime_minutes",
    "ytd_minutes",
    "ytd_days_worked",
    "part_time_max_breaks",
    "part_time_max_break_minutes",
    "break_threshold_minutes",
    "break_minutes",
    "daily_rest",
}


def name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def test_every_rule_says_whether_it_has_rows_in_the_linear_relaxation() -> None:
    for module in hard_rules():
        assert hasattr(module, "linear"), f"{name(module)} has no `linear` (None: say why beside it)"


def test_the_rules_with_an_employee_s_rows_are_those_the_programme_writes() -> None:
    written = {name(m) for m in hard_rules() if m.linear is not None}
    assert written == {name(m) for m in linear_rules()}


def test_the_month_s_shared_rows_are_cover_and_loans() -> None:
    assert month_rules() == [occurrences, loans]


def test_the_weekly_and_daily_caps_are_read_from_their_rules() -> None:
    assert {name(m) for m in hard_rules() if hasattr(m, "week_cap")} == {name(weekly_max), name(part_time)}
    assert {name(m) for m in hard_rules() if hasattr(m, "day_cap")} == {name(daily_max)}
    assert rules.week_cap.__module__ == rules.__name__


def limits_read(path: Path) -> list[str]:
    return attributes_read(path, LIMIT_FIELDS)


def test_the_bound_reads_no_limit_of_the_law_itself() -> None:
    assert [hit for path in BOUND for hit in limits_read(path)] == []


def test_the_scan_sees_a_limit_read(tmp_path: Path) -> None:
    module = tmp_path / "bound.py"
    module.write_text("def cap(staff):\n    return staff.weekly_max\n")
    assert limits_read(module) == ["bound.py:2 .weekly_max"]
