"""Re-planning a large month (engine.solver.search.replan → engine.solver.search.large): the whole month is
re-planned neighbourhood by neighbourhood from the published plan, never built as one model; and a large
month restricted to some candidate pairs solved the same way. Forced on a small generated month under
CP-SAT's deterministic limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.generator import generate_scenario
from engine.model import Plan, Scenario
from engine.solver import SolveOptions, pipeline
from engine.solver.model.instance import Instance
from engine.solver.pipeline import solve_outcome
from engine.solver.search import large
from engine.solver.search import replan as replan_module
from engine.solver.search.replan import ChangeRequest, ReplanResult, apply_change, replan
from engine.timeutil import month_bounds
from tests.solver.conftest import check

MONTH = "2026-03"
TODAY = dt.date(2026, 3, 10)


def deterministic() -> SolveOptions:
    return SolveOptions(time_limit=None, deterministic_time=6.0, workers=1, seed=1, neighbourhood_search=True)


@pytest.fixture(scope="module")
def replanned() -> tuple[Scenario, Plan, ChangeRequest, ReplanResult, list[str]]:
    sc = generate_scenario(12, 5, 1, MONTH)
    published = solve_outcome(sc, MONTH, options=deterministic()).plan
    absent = max(
        {a.employee for a in published.assignments},
        key=lambda e: sum(1 for a in published.assignments if a.employee == e and a.date >= TODAY),
    )
    change = ChangeRequest(absences=[(absent, TODAY, TODAY + dt.timedelta(days=6))], today=TODAY)
    calls: list[str] = []
    original = large.solve_large

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("large")
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(replan_module.large, "solve_large", spy)
        result = replan(sc, published, change, options=deterministic(), scope="month")
    return sc, published, change, result, calls


def test_a_large_month_is_re_planned_by_neighbourhoods(replanned: Any) -> None:
    *_, calls = replanned
    assert calls == ["large"]


def test_a_large_month_s_re_plan_passes_the_checker(replanned: Any) -> None:
    sc, _, change, result, _ = replanned
    assert check(apply_change(sc, change), result.plan) == []


def test_a_large_month_s_re_plan_keeps_the_past_as_published(replanned: Any) -> None:
    _, published, _, result, _ = replanned
    past = {(a.employee, a.occurrence_id) for a in published.assignments if a.date < TODAY}
    assert past == {(a.employee, a.occurrence_id) for a in result.plan.assignments if a.date < TODAY}


def test_a_large_month_s_re_plan_gives_the_absent_employee_nothing_in_the_absence(replanned: Any) -> None:
    _, _, change, result, _ = replanned
    [(absent, first, last)] = change.absences
    assert not [a for a in result.plan.assignments if a.employee == absent and first <= a.date <= last]
    assert any(c.kind == "removed" and c.employee == absent for c in result.changes)


def test_a_large_month_restricted_to_some_candidates_keeps_to_them() -> None:
    sc = generate_scenario(12, 5, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    allowed = {(s.id, inst.occs[i].source.key) for s in inst.staff for i in s.eligible[::2]}
    calls: list[str] = []
    original = large.solve_large

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("large")
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline.large, "solve_large", spy)
        plan = solve_outcome(sc, MONTH, options=deterministic(), allowed=allowed).plan
    assert calls == ["large"]
    assert plan.assignments
    assert {(a.employee, a.occurrence_id) for a in plan.assignments} <= allowed
    assert check(sc, plan) == []
