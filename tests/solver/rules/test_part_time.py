"""L3123-28: part-timers work their contract plus at most a tenth in complementary hours, below 35 h.

The cap has one reading, `rules.part_time.week_cap`, and every path of the solver holds to it: an annualised
part-time contract counts its hours over the year, so no week of it is capped — not in the model, nor the
greedy, nor the reasons, nor the linear relaxation, nor the month programme — while a weekly part-time
contract is capped in each of them."""

from __future__ import annotations

from typing import Any

import pytest

from engine.model import Scenario
from engine.solver import SolveOptions
from engine.solver.bound import lagrangian
from engine.solver.bound.programme import Builder
from engine.solver.bound.relaxation import ARC_BUDGET, solve_relaxation
from engine.solver.model.build import build
from engine.solver.model.instance import Instance
from engine.solver.readback.reasons import blocking
from engine.solver.rules import part_time, week_cap
from engine.solver.search import greedy
from engine.timeutil import month_bounds
from tests.solver.conftest import check, day, employee, need, scenario, solve_small

MONTH = "2026-03"
ANNUALISED = {"kind": "cdi_part_time", "start": "2020-01-01", "annualised": True, "annual_hours": 1000}
WEEKLY = {"kind": "cdi_part_time", "start": "2020-01-01", "weekly_hours": 20, "part_time_derogation": True}
# 5 mornings of 5 h in the week of Monday 2 March: 25 h, above either contract's weekly cap (about 21-22 h)
WEEK = [need("n", "08:00", "13:00", [day(d) for d in range(2, 7)], unfilled_cost=10_000)]


def group(contract: dict[str, Any]) -> Scenario:
    return scenario([employee("e", contract=contract)], WEEK)


def instance(contract: dict[str, Any]) -> Instance:
    return Instance(group(contract), *month_bounds(MONTH))


def test_the_cap_s_one_reading_exempts_annualised_contracts() -> None:
    [annualised] = instance(ANNUALISED).staff
    [weekly] = instance(WEEKLY).staff
    assert part_time.week_cap(annualised) is None
    assert part_time.week_cap(weekly) == 22 * 60


@pytest.mark.parametrize(("contract", "shifts"), [(ANNUALISED, 5), (WEEKLY, 4)])
def test_the_model_caps_only_the_weekly_contract(contract: dict[str, Any], shifts: int) -> None:
    sc = group(contract)
    plan = solve_small(sc)
    assert len(plan.assignments) == shifts
    assert check(sc, plan) == []


@pytest.mark.parametrize(("contract", "shifts"), [(ANNUALISED, 5), (WEEKLY, 4)])
def test_the_greedy_caps_only_the_weekly_contract(contract: dict[str, Any], shifts: int) -> None:
    built = build(
        group(contract), *month_bounds(MONTH), SolveOptions(time_limit=None, deterministic_time=1.0)
    )
    plan = greedy.greedy(built.ctx)
    assert sum(len(occs) for occs in plan.values()) == shifts


@pytest.mark.parametrize(("contract", "code"), [(ANNUALISED, None), (WEEKLY, "complementary")])
def test_the_reasons_name_the_cap_only_for_the_weekly_contract(
    contract: dict[str, Any], code: str | None
) -> None:
    inst = instance(contract)
    [staff] = inst.staff
    *mine, fifth = sorted(inst.occs, key=lambda o: o.start)
    assert blocking(inst, staff, fifth, mine) == code


@pytest.mark.parametrize(("contract", "holds"), [(ANNUALISED, True), (WEEKLY, False)])
def test_the_relaxation_allows_the_whole_week_only_for_the_annualised_contract(
    contract: dict[str, Any], holds: bool
) -> None:
    inst = instance(contract)
    every_shift = {(0, occ.index) for occ in inst.occs}
    result = solve_relaxation(inst, None, ones=every_shift, months=False)
    assert (result.status == "MPSOLVER_OPTIMAL") is holds


def test_the_month_programme_caps_the_weekly_contract_s_weeks() -> None:
    inst = instance(WEEKLY)
    [staff] = inst.staff
    builder = Builder(inst, set(), set(), ARC_BUDGET)
    builder.build()
    [month] = lagrangian.months(builder, None).values()
    assert {week.cap for week in month.weeks if week.cap} == {week_cap(staff)}


def test_the_month_programme_leaves_the_annualised_contract_to_the_relaxation() -> None:
    inst = instance(ANNUALISED)
    [staff] = inst.staff
    builder = Builder(inst, set(), set(), ARC_BUDGET)
    builder.build()
    assert week_cap(staff) == staff.weekly_max  # the weekly maximum alone
    assert lagrangian.months(builder, None) == {}


def test_a_twenty_hour_contract_works_at_most_twenty_two_hours_a_week() -> None:
    # 5 days × 5 h = 25 h offered in the week of 2 March
    sc = scenario([employee("e", hours=20)], [need("n", "08:00", "13:00", [day(d) for d in range(2, 7)])])
    plan = solve_small(sc)
    assert sum(a.minutes for a in plan.assignments) <= 22 * 60
    assert len(plan.assignments) == 4
    assert plan.cost_terms["complementary_premium"] == 0  # exactly 20 h: no complementary hour
    assert check(sc, plan) == []


def test_a_third_by_agreement_allows_twenty_five_hours() -> None:
    sc = scenario(
        [employee("e", hours=20)],
        [need("n", "08:00", "13:00", [day(d) for d in range(2, 7)])],
        rules={"complementary_ratio": "0.34"},
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 5
    assert plan.cost_terms["complementary_premium"] > 0


def test_a_twenty_hour_contract_works_twenty_two_hours_exactly() -> None:
    # 4 days × 5 h and 2 h on Friday: the contract and its tenth, no more
    needs = [
        need("n", "08:00", "13:00", [day(d) for d in range(2, 6)]),
        need("f", "08:00", "10:00", [day(6)]),
    ]
    sc = scenario([employee("e", hours=20)], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 5
    assert sum(a.minutes for a in plan.assignments) == 22 * 60
    assert plan.cost_terms["complementary_premium"] > 0
    assert check(sc, plan) == []
