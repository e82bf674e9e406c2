"""Helpers for foundation tests: the minimal scenario as data, and validation returning problems."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from engine.errors import Problem, Severity
from engine.loader import check_scenario_text
from engine.yamlio import dump_yaml, read_yaml

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def read_data(path: Path) -> dict[str, Any]:
    loaded, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    assert loaded is not None and not problems
    return copy.deepcopy(loaded.data)


def minimal() -> dict[str, Any]:
    """A fresh, valid minimal scenario as data (2 members, 2 employees, 3 needs)."""
    return read_data(MINIMAL)


def check_text(text: str) -> list[Problem]:
    _, problems = check_scenario_text(text, "test.yaml")
    return problems


def check_data(data: dict[str, Any]) -> list[Problem]:
    """Validate data as if it were written to a file (so lines are known)."""
    return check_text(dump_yaml(data))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def error_paths(data: dict[str, Any]) -> set[str]:
    return {p.path for p in errors(check_data(data))}


def only_error(data: dict[str, Any]) -> Problem:
    """The single error of data that should have exactly one; fails with all of them otherwise."""
    found = errors(check_data(data))
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def employee(eid: str = "e9", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": eid,
        "name": "Zoé Martin",
        "contract": {"kind": "cdi_full_time", "start": "2024-01-01", "weekly_hours": 35},
        "hourly_wage": "14.00",
        "skills": ["comptabilite"],
        "home": {"lat": 45.75, "lon": 4.85},
    }
    data.update(changes)
    return data


def need(nid: str = "n9", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": nid,
        "member": "m1",
        "site": "m1-s1",
        "skill": "comptabilite",
        "start": "08:30",
        "end": "12:00",
        "weekdays": ["mon"],
        "from_date": "2026-03-01",
        "until_date": "2026-03-31",
    }
    data.update(changes)
    return data
