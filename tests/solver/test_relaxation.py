"""The instance's linear relaxation (engine.solver.bound.relaxation) never exceeds the cost of a proven optimum."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import HealthCheck, assume, given, settings

from engine.loader import load_scenario
from engine.model import Plan, Scenario
from engine.solver.bound.programme import LinearProgram
from engine.solver.bound.relaxation import relaxation_bound
from engine.solver.model.build import build
from engine.solver.model.instance import Instance
from engine.solver.options import SolveOptions
from engine.solver.search.run import relaxation_floor
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, member, need, scenario, site, solve_small
from tests.solver.test_property_checker import small_groups

TWO_SITES = [
    member(
        "m", [site("a", 45.75, 4.83, sunday_derogation=True), site("b", 45.95, 4.83, sunday_derogation=True)]
    )
]
WITH_IDLE = {"idle_hour_factor": 1}
CENT = 0.01  # plans report their objective rounded to the cent


def euros(sc: Scenario, month: str = "2026-03") -> float:
    """The relaxation's bound in euros (the fixed part of the terms it prices included)."""
    value = relaxation_bound(Instance(sc, *month_bounds(month)), None)
    assert value is not None
    return value / 10_000


def optimum(sc: Scenario, **kwargs: Any) -> float:
    plan: Plan = solve_small(sc, **kwargs)
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    return float(plan.solver.objective)


def test_the_bound_of_the_minimal_scenario_is_below_its_optimum_and_close_to_it() -> None:
    sc = load_scenario("tests/data/minimal.yaml")
    best = optimum(sc)
    assert best * 0.9 <= euros(sc) <= best + CENT


def test_the_bound_is_strictly_above_the_fixed_part_alone() -> None:
    # the trivial bound is the data's fixed part (weeks with nothing to work are idle whatever the plan);
    # the relaxation also prices the idle hours of the week whose only needs are shorter than the week
    sc = scenario([employee("e")], [need("x", "08:00", "12:00", [day(2), day(3)])], objective=WITH_IDLE)
    built = build(sc, *month_bounds("2026-03"), SolveOptions(greedy_hint=False))
    trivial = built.fixed_units / 10_000
    assert trivial + 100 < euros(sc) <= optimum(sc) + CENT


def test_travel_counted_as_work_does_not_break_the_bound() -> None:
    # morning at a, afternoon at b (35 minutes away): the travel is paid and lowers the idle time
    needs = [
        need("x", "08:00", "12:00", [day(d) for d in range(2, 7)]),
        need("y", "13:00", "17:00", [day(d) for d in range(2, 7)], site_id="b"),
    ]
    sc = scenario([employee("e"), employee("f", hours=24)], needs, members=TWO_SITES, objective=WITH_IDLE)
    assert euros(sc) <= optimum(sc) + CENT


def test_travel_cheaper_than_idle_time_keeps_the_bound_valid() -> None:
    # travel minutes free while idle minutes cost: the relaxation counts travel through a weekly variable
    needs = [
        need("x", "08:00", "11:00", [day(d) for d in range(2, 7)]),
        need("y", "12:00", "15:00", [day(d) for d in range(2, 7)], site_id="b"),
    ]
    objective = {**WITH_IDLE, "travel_time_factor": 0, "mileage_per_km": 0}
    sc = scenario([employee("e", hours=24)], needs, members=TWO_SITES, objective=objective)
    assert euros(sc) <= optimum(sc) + CENT


def test_a_night_shift_across_monday_midnight_is_split_between_the_weeks() -> None:
    # Sunday 8 March 22:00 to Monday 06:00: 2 h in one week, 6 h in the next
    needs = [
        need("night", "22:00", "06:00", [day(8), day(15)]),
        need("day", "09:00", "17:00", [day(d) for d in (9, 10, 11, 16, 17)]),
    ]
    sc = scenario([employee("e"), employee("f", hours=28)], needs, objective=WITH_IDLE)
    assert euros(sc) <= optimum(sc) + CENT


def test_part_time_caps_and_interruptions_keep_the_bound_valid() -> None:
    # a 20 h part-timer may work 22 h a week, with at most one interruption of at most 2 h a day
    needs = [
        need("a", "08:00", "12:00", [day(d) for d in range(2, 7)], headcount=2),
        need("b", "14:30", "18:00", [day(d) for d in range(2, 7)]),
        need("c", "12:30", "14:00", [day(d) for d in range(2, 7)]),
    ]
    sc = scenario([employee("e", hours=20), employee("f", hours=30)], needs, objective=WITH_IDLE)
    assert euros(sc) <= optimum(sc) + CENT


def test_the_history_of_the_first_week_is_counted() -> None:
    # 36 h worked from Monday 23 February: Sunday 1 March is in the same legal week (overtime premium)
    tz = dt.timezone(dt.timedelta(hours=1))
    shifts = [
        {
            "start": dt.datetime(2026, 2, 23 + k, 8, 0, tzinfo=tz).isoformat(),
            "end": dt.datetime(2026, 2, 23 + k, 17, 0, tzinfo=tz).isoformat(),
            "site": "a",
        }
        for k in range(4)
    ]
    history = {
        "month": "2026-02",
        "employees": [{"employee": "e", "recent_shifts": shifts, "weekly_minutes": [2400] * 11}],
    }
    needs = [need("x", "08:00", "18:00", [day(1), day(2), day(3)], headcount=2)]
    sc = scenario([employee("e"), employee("f")], needs, history=history, objective=WITH_IDLE)
    assert euros(sc) <= optimum(sc) + CENT


def test_the_solver_gets_the_bound_of_the_variable_part() -> None:
    # the second head has no candidate (a fixed cost); a 24 h employee with 20 h of needs a week is idle
    # 4 h a week whatever the plan: the bound of the variable part is above 0 and below the optimum
    sc = scenario(
        [employee("e", hours=24)],
        [need("x", "08:00", "12:00", [day(d) for d in range(2, 14)], headcount=2)],
        objective=WITH_IDLE,
    )
    options = SolveOptions(
        time_limit=None, deterministic_time=20.0, workers=1, seed=1, greedy_hint=False, relaxation_bound=True
    )
    built = build(sc, *month_bounds("2026-03"), options)
    floor = relaxation_floor(built, options)
    plan = solve_small(sc)
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    assert built.fixed_units > 0
    assert floor is not None
    assert 0 < floor <= float(plan.solver.objective) * 10_000 - built.fixed_units + 100  # a cent


def test_the_dual_bound_holds_for_any_multipliers() -> None:
    # min x + y, x + y ≥ 1, x, y in [0, 1]: 1 at the optimum multiplier, less for any other
    lp = LinearProgram()
    x, y = lp.var(0, 1, 1.0), lp.var(0, 1, 1.0)
    lp.row([x, y], [1.0, 1.0], 1.0, float("inf"))
    assert abs(lp.dual_bound(np.array([1.0])) - 1.0) < 1e-6
    for lam in (-3.0, 0.0, 0.5, 2.0):
        assert lp.dual_bound(np.array([lam])) <= 1.0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_groups())
def test_the_bound_never_exceeds_the_optimum_of_a_random_small_group(sc: Any) -> None:
    plan = solve_small(sc, options={"deterministic_time": 5.0})
    assert plan.solver is not None
    assume(plan.solver.status == "OPTIMAL")
    assert euros(sc) <= float(plan.solver.objective) + CENT
