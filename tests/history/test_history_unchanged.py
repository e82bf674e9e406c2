"""The history derived from a plan stays what it was before the timelines moved out of the checker.

Each case is a shipped scenario (or a `ge generate` month) with a plan made without the solver — every
occurrence of the month given to qualified employees drawn by a seeded generator, lawful or not (the history
records what was worked) — followed by the next month, solved the same way from that history. The expected
histories (`data/history_*.json`) were written by the code before the change; `python -m
tests.history.test_history_unchanged` writes them again (only when the history's meaning changes on purpose).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.generator import generate_scenario
from engine.history import history_after
from engine.loader import load_scenario
from engine.model import Scenario
from tests.history.drawn import drawn_plan, next_month

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
GENERATED = [(12, 5, 7, "2025-12"), (10, 4, 3, "2026-03")]  # employees, members, seed, month: a new fiscal
# year after December; summer time from the last Sunday of March


def cases() -> dict[str, tuple[Scenario, str]]:
    out: dict[str, tuple[Scenario, str]] = {}
    for path in SHIPPED:
        scenario = load_scenario(path)
        assert scenario.month is not None
        out[path.stem] = (scenario, scenario.month)
    for employees, members, seed, month in GENERATED:
        out[f"generated-{employees}-{seed}-{month}"] = (
            generate_scenario(employees, members, seed, month),
            month,
        )
    return out


def two_months(scenario: Scenario, month: str) -> list[dict[str, Any]]:
    """The history after the month (from the scenario's own history) and after the month that follows."""
    first = drawn_plan(scenario, month, 1, None)
    after_first = history_after(scenario, first, None)
    second = drawn_plan(scenario, next_month(month), 2, after_first)
    after_second = history_after(scenario, second, after_first)
    return [after_first.model_dump(mode="json"), after_second.model_dump(mode="json")]


CASES = cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_history_is_the_same_as_before(name):
    expected = json.loads((DATA / f"history_{name}.json").read_text(encoding="utf-8"))
    assert two_months(*CASES[name]) == expected


def write_expected() -> None:
    DATA.mkdir(exist_ok=True)
    for name, (scenario, month) in sorted(CASES.items()):
        months = [json.dumps(h, ensure_ascii=False, sort_keys=True) for h in two_months(scenario, month)]
        (DATA / f"history_{name}.json").write_text("[\n" + ",\n".join(months) + "\n]\n", encoding="utf-8")


if __name__ == "__main__":
    write_expected()
