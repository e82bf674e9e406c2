"""Property: every plan the solver returns for a random small group passes the independent checker."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

pytest.importorskip("engine.checker")

TIMES = ["06:00", "07:30", "08:00", "09:00", "11:50", "12:00", "13:00", "14:00", "17:00", "20:00", "22:00"]


@st.composite
def small_groups(draw: Any) -> Any:
    n_emp = draw(st.integers(1, 3))
    employees = []
    for i in range(n_emp):
        hours = draw(st.sampled_from([20, 24, 30, 35, 39]))
        skills = draw(st.sampled_from([["s"], ["s", "t"], ["t"]]))
        employees.append(employee(f"e{i}", skills=skills, hours=hours))
    needs = []
    for j in range(draw(st.integers(1, 4))):
        start, end = draw(st.sampled_from(TIMES)), draw(st.sampled_from(TIMES))
        if start == end:
            continue
        days = sorted(set(draw(st.lists(st.integers(1, 14), min_size=1, max_size=6))))
        needs.append(
            need(
                f"n{j}",
                start,
                end,
                [day(d) for d in days],
                site_id=draw(st.sampled_from(["a", "b"])),
                skill=draw(st.sampled_from(["s", "t"])),
                headcount=draw(st.integers(1, 2)),
            )
        )
    if not needs:
        needs.append(need("n", "08:00", "12:00", [day(2)]))
    sunday = draw(st.booleans())
    members = [member("m", [site("a", 45.75, 4.83, sunday_derogation=sunday), site("b", 45.80, 4.90)])]
    return scenario(employees, needs, members=members, objective={"idle_hour_factor": 1})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_groups())
def test_every_plan_passes_the_checker(sc: Any) -> None:
    plan = solve_small(sc, options={"deterministic_time": 5.0})
    assert check(sc, plan) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_groups())
def test_every_plan_from_a_guided_greedy_passes_the_checker(sc: Any) -> None:
    # the relaxation solved first steers the greedy's hint (engine.solver.search.guided); its bound is the plan's
    options = {"deterministic_time": 2.0, "greedy_hint": True, "guided": True, "relaxation_bound": True}
    plan = solve_small(sc, options=options)
    assert check(sc, plan) == []
    assert plan.solver is not None and plan.solver.objective is not None
    assert plan.solver.bound is None or plan.solver.bound <= plan.solver.objective
