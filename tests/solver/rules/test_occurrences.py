"""Cover (`engine.solver.rules.occurrences`): each occurrence gets at most its head count; heads nobody takes are
unfilled, at a cost."""

from tests.solver.conftest import day, employee, need, scenario, solve_small


def test_unfilled_cost_follows_priority_and_length() -> None:
    sc = scenario([employee("e", skills=["x"])], [need("n", "08:00", "12:00", [day(2)], priority="critical")])
    plan = solve_small(sc)
    assert plan.cost_terms["unfilled"] == 4 * 250
    assert plan.solver is not None and plan.solver.gap == 0
