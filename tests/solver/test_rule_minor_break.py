"""L3162-3: a minor works no more than 4 h 30 without a break of 30 consecutive minutes."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small

BACK_TO_BACK = [need("am", "08:00", "11:00", [day(3)]), need("late", "11:20", "13:20", [day(3)])]


def test_a_minor_does_not_chain_five_hours_with_twenty_minutes_between() -> None:
    sc = scenario([employee("e", minor=True)], BACK_TO_BACK)
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert "L3162-3" in unfilled.limits
    assert "4 h 30" in unfilled.reason
    assert check(sc, plan) == []


def test_an_adult_chains_the_same_two_shifts() -> None:
    sc = scenario([employee("e")], BACK_TO_BACK)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_a_minor_takes_both_shifts_with_thirty_minutes_between() -> None:
    needs = [need("am", "08:00", "11:00", [day(3)]), need("late", "11:30", "13:30", [day(3)])]
    sc = scenario([employee("e", minor=True)], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_a_minor_takes_a_single_seven_hour_window() -> None:
    sc = scenario([employee("e", minor=True)], [need("day", "08:00", "15:00", [day(3)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []
