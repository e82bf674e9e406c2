"""End to end on the shipped minimal scenario: optimal, legal, costs explained term by term."""

from __future__ import annotations

from decimal import Decimal

from engine.loader import load_scenario
from tests.solver.conftest import check, solve_small


def test_minimal_month_is_solved_to_optimality_and_passes_the_checker() -> None:
    sc = load_scenario("tests/data/minimal.yaml")
    plan = solve_small(sc)
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    assert not plan.unfilled
    assert check(sc, plan) == []


def test_cost_terms_add_up_to_the_objective() -> None:
    sc = load_scenario("tests/data/minimal.yaml")
    plan = solve_small(sc)
    assert plan.solver is not None
    assert sum(plan.cost_terms.values(), Decimal(0)) == plan.solver.objective
    assert plan.solver.gap == 0


def test_travel_between_members_is_recorded_on_the_later_assignment() -> None:
    sc = load_scenario("tests/data/minimal.yaml")
    plan = solve_small(sc)
    moved = [a for a in plan.assignments if a.travel_from is not None]
    assert moved, "e1 works m1 in the morning and m2 in the afternoon on Mondays"
    assert all(a.travel_before_minutes > 0 and a.travel_before_km > 0 for a in moved)
