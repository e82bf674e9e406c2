"""Whole employee months against the cover's prices (engine.solver.bound.lagrangian) raise the relaxation's bound
without ever passing a plan's cost."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.solver.bound import lagrangian
from engine.solver.bound.programme import Builder
from engine.solver.bound.relaxation import solve_relaxation
from engine.solver.model.instance import Instance
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario, solve_small
from tests.solver.test_relaxation import CENT, TWO_SITES, WITH_IDLE

MONTH = "2026-03"


def _instance(sc: object) -> Instance:
    return Instance(sc, *month_bounds(MONTH))  # type: ignore[arg-type]


def _optimum(sc: object) -> float:
    plan = solve_small(sc)  # type: ignore[arg-type]
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    return float(plan.solver.objective)


def _seven_hour_days() -> object:
    # a 24-h part-timer and 7-h shifts: 3 days leave 3 h idle, 4 days pay 4 h of complementary hours; the
    # linear relaxation takes 24/7 of the shifts and sees neither
    needs = [need("x", "09:00", "16:00", [day(d) for d in range(2, 28)])]
    return scenario([employee("e", hours=24)], needs, objective=WITH_IDLE)


def test_whole_months_raise_the_bound_above_the_linear_relaxation() -> None:
    result = solve_relaxation(_instance(_seven_hour_days()), None)
    assert result.bound is not None and result.lp_bound is not None
    assert result.bound > result.lp_bound + 10


def test_the_raised_bound_stays_below_the_optimum() -> None:
    sc = _seven_hour_days()
    result = solve_relaxation(_instance(sc), None)
    assert result.bound is not None
    assert result.bound <= _optimum(sc) + CENT


def test_without_months_the_bound_is_the_linear_relaxation() -> None:
    result = solve_relaxation(_instance(_seven_hour_days()), None, months=False)
    assert result.bound == result.lp_bound


def test_travel_between_sites_is_priced_in_the_months_and_the_bound_stays_valid() -> None:
    needs = [
        need("x", "08:00", "12:00", [day(d) for d in range(2, 7)]),
        need("y", "13:00", "17:00", [day(d) for d in range(2, 7)], site_id="b"),
    ]
    sc = scenario([employee("e"), employee("f", hours=24)], needs, members=TWO_SITES, objective=WITH_IDLE)
    result = solve_relaxation(_instance(sc), None, arc_budget=0)  # the LP itself has no day paths
    assert result.bound is not None and result.lp_bound is not None
    assert result.lp_bound <= result.bound <= _optimum(sc) + CENT


def test_a_pinned_employee_keeps_the_linear_part_of_the_bound() -> None:
    inst = _instance(_seven_hour_days())
    builder = Builder(inst, {(0, 0)}, set(), 1_000)
    builder.build()
    assert lagrangian.months(builder, None) == {}


def _month_cost(
    month: lagrangian.EmployeeMonth, builder: Builder, prices: np.ndarray, worked: list[int]
) -> float:
    """The month's cost recomputed from its occurrences (one site: no travel between them)."""
    inst = builder.inst
    total = sum(float(prices[builder.y[0][i]]) for i in worked)
    for week in month.weeks:
        minutes = sum(inst.occs[i].length for i in worked if inst.occs[i].day in week.days)
        assert minutes <= week.cap
        total += float(week.cost[minutes])
    return total


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(min_value=-300, max_value=300), min_size=26, max_size=26))
def test_the_month_read_back_costs_what_the_programme_says(prices_by_day: list[float]) -> None:
    inst = _instance(_seven_hour_days())
    builder = Builder(inst, set(), set(), 1_000)
    lp = builder.build()
    month = lagrangian.months(builder, None)[0]
    prices = np.zeros(lp.n_vars)
    for k, i in enumerate(inst.staff[0].eligible):
        prices[builder.y[0][i]] = prices_by_day[k % len(prices_by_day)]
    found = month.cheapest(prices)
    assert found is not None
    value, worked = found
    assert len({inst.occs[i].day for i in worked}) == len(worked)  # one shift a day: no path between them
    assert abs(_month_cost(month, builder, prices, worked) - value) < 1e-6
