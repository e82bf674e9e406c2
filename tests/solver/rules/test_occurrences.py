"""Cover (`engine.solver.rules.occurrences`): each occurrence gets at most its head count; heads nobody takes are
unfilled, at a cost."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def test_unfilled_cost_follows_priority_and_length() -> None:
    sc = scenario([employee("e", skills=["x"])], [need("n", "08:00", "12:00", [day(2)], priority="critical")])
    plan = solve_small(sc)
    assert plan.cost_terms["unfilled"] == 4 * 250
    assert plan.solver is not None and plan.solver.gap == 0


def test_a_need_gets_no_more_staff_than_its_head_count() -> None:
    # idle time is priced: both employees would rather work, yet the need asks for one head
    sc = scenario(
        [employee("e"), employee("f")],
        [need("n", "08:00", "12:00", [day(2)])],
        objective={"idle_hour_factor": 1},
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert plan.unfilled == []
    assert check(sc, plan) == []


def test_a_head_count_of_two_takes_both_employees() -> None:
    sc = scenario([employee("e"), employee("f")], [need("n", "08:00", "12:00", [day(2)], headcount=2)])
    plan = solve_small(sc)
    assert sorted(a.employee for a in plan.assignments) == ["e", "f"]
    assert plan.unfilled == []
    assert check(sc, plan) == []


def test_heads_beyond_the_qualified_staff_are_unfilled_at_their_cost() -> None:
    sc = scenario([employee("e"), employee("f")], [need("n", "08:00", "12:00", [day(2)], headcount=3)])
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    [unfilled] = plan.unfilled
    assert unfilled.missing == 1
    assert plan.cost_terms["unfilled"] == 4 * 45  # one head, 4 h at the normal priority's 45 € an hour
    assert check(sc, plan) == []
