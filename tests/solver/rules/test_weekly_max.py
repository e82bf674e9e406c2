"""L3121-20 (48 h a week), L3132-1 (6 days a week), L3162-1 (35 h a week under 18)."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def test_six_days_of_nine_hours_are_capped_at_forty_eight_hours() -> None:
    # Monday 2 to Saturday 7 March, 9 h a day = 54 h
    sc = scenario([employee("e")], [need("n", "08:00", "17:00", [day(d) for d in range(2, 8)])])
    plan = solve_small(sc)
    assert sum(a.minutes for a in plan.assignments) <= 48 * 60
    assert len(plan.assignments) == 5
    assert {"L3121-20"} <= {lim for u in plan.unfilled for lim in u.limits}
    assert check(sc, plan) == []


def test_five_days_of_nine_hours_are_all_worked() -> None:
    sc = scenario([employee("e")], [need("n", "08:00", "17:00", [day(d) for d in range(2, 7)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 5


def test_seven_short_days_leave_one_day_of_rest() -> None:
    # Monday 2 to Sunday 8 March at a site with a Sunday derogation, 4 h a day
    sc = scenario([employee("e")], [need("n", "08:00", "12:00", [day(d) for d in range(2, 9)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 6
    assert check(sc, plan) == []


def test_six_days_of_eight_hours_reach_forty_eight_hours_exactly() -> None:
    sc = scenario([employee("e")], [need("n", "08:00", "16:00", [day(d) for d in range(2, 8)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 6
    assert sum(a.minutes for a in plan.assignments) == 48 * 60
    assert check(sc, plan) == []


def test_a_minor_works_at_most_thirty_five_hours_a_week() -> None:
    # Monday 2 to Friday 6 March, 7 h 30 a day = 37 h 30
    sc = scenario([employee("e", minor=True)], [need("n", "08:00", "15:30", [day(d) for d in range(2, 7)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 4
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit" and "L3162-1" in unfilled.limits
    assert check(sc, plan) == []


def test_a_minor_works_thirty_five_hours_exactly() -> None:
    sc = scenario([employee("e", minor=True)], [need("n", "08:00", "15:00", [day(d) for d in range(2, 7)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 5
    assert check(sc, plan) == []
