"""L3122-1: night work only at sites where the host has set it up (`site.night_derogation`)."""

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small


def test_an_evening_into_the_night_period_is_unfilled_at_a_site_without_night_work() -> None:
    sc = scenario(
        [employee("e")], [need("late", "15:00", "22:00", [day(3)])], members=[member("m", [site("a")])]
    )
    plan = solve_small(sc)
    assert plan.assignments == []
    assert "L3122-1" in plan.unfilled[0].limits


def test_the_same_evening_is_worked_where_night_work_is_organised() -> None:
    sc = scenario(
        [employee("e")],
        [need("late", "15:00", "22:00", [day(3)])],
        members=[member("m", [site("a", night_derogation=True)])],
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_day_ending_at_the_start_of_the_night_period_is_not_night_work() -> None:
    sc = scenario(
        [employee("e")], [need("day", "13:00", "21:00", [day(3)])], members=[member("m", [site("a")])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_the_reason_points_at_the_site_when_nobody_may_work_nights_there() -> None:
    sc = scenario(
        [employee("e"), employee("f")],
        [need("late", "15:00", "22:00", [day(3)])],
        members=[member("m", [site("a")])],
    )
    [unfilled] = solve_small(sc).unfilled
    assert "n'organise pas le travail de nuit" in unfilled.reason
    assert "night_derogation" in unfilled.reason
