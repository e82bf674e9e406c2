"""Writing a plan's outputs builds the employees' timelines once: the check, the page's hours and its coverage
read the same ones (they were built three times before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.checker import build_context
from engine.loader import load_scenario
from engine.report import write_plan_outputs
from engine.timeline import Timelines
from ge.commands import solve
from tests.history.drawn import drawn_plan

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.yaml"


@pytest.fixture
def builds(monkeypatch):
    """The number of times `Timelines.build` (and so `build_context`) runs."""
    count = {"n": 0}
    original = Timelines.build.__func__

    def counted(cls, *args, **kwargs):
        count["n"] += 1
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Timelines, "build", classmethod(counted))
    return count


@pytest.fixture
def month():
    scenario = load_scenario(MINIMAL)
    return scenario, drawn_plan(scenario, "2026-03", 1, None)


def test_writing_the_outputs_builds_the_timelines_once(builds, month, tmp_path):
    scenario, plan = month
    paths = write_plan_outputs(scenario, plan, tmp_path)
    assert len(paths) == 4
    assert builds["n"] == 1


def test_writing_the_outputs_with_the_callers_context_builds_none(builds, month, tmp_path):
    scenario, plan = month
    context = build_context(scenario, plan)
    write_plan_outputs(scenario, plan, tmp_path, context=context)
    assert builds["n"] == 1  # the caller's


def test_ge_solve_checks_and_writes_with_one_build(builds, month, tmp_path, capsys):
    scenario, plan = month
    solve.report(scenario, plan, tmp_path)
    assert "compliance check" in capsys.readouterr().out
    assert (tmp_path / "plan.html").exists()
    assert builds["n"] == 1
