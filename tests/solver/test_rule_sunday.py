"""L3132-3: Sunday rest unless the site has a derogation."""

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small


def test_sunday_need_at_a_site_without_derogation_stays_unfilled_with_the_article() -> None:
    sc = scenario(
        [employee("e")], [need("n", "08:00", "12:00", [day(8)])], members=[member("m", [site("a")])]
    )
    plan = solve_small(sc)
    assert plan.assignments == []
    assert "L3132-3" in plan.unfilled[0].limits


def test_sunday_need_at_a_site_with_derogation_is_worked() -> None:
    sc = scenario(
        [employee("e")],
        [need("n", "08:00", "12:00", [day(8)])],
        members=[member("m", [site("a", sunday_derogation=True)])],
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_saturday_night_running_into_sunday_counts_as_sunday_work() -> None:
    sc = scenario(
        [employee("e")], [need("n", "20:00", "02:00", [day(7)])], members=[member("m", [site("a")])]
    )
    plan = solve_small(sc)
    assert plan.assignments == []


def test_a_free_sunday_keeps_35_hours_around_it() -> None:
    # Saturday until 22:30 and Monday from 05:30 leave 31 h around the Sunday: one of the two only
    needs = [need("sat", "14:30", "22:30", [day(7)]), need("mon", "05:30", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a", night_derogation=True)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_free_sunday_with_35_hours_around_it_allows_both_days() -> None:
    needs = [need("sat", "14:00", "21:00", [day(7)]), need("mon", "08:00", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a")])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_the_need_left_by_the_sunday_rest_names_it() -> None:
    needs = [need("sat", "14:30", "22:30", [day(7)]), need("mon", "05:30", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a", night_derogation=True)])])
    plan = solve_small(sc)
    [unfilled] = plan.unfilled
    assert "L3132-3" in unfilled.limits


def test_the_reason_points_at_the_site_without_a_sunday_derogation() -> None:
    sc = scenario(
        [employee("e"), employee("f")],
        [need("n", "08:00", "12:00", [day(8)])],
        members=[member("m", [site("a")])],
    )
    [unfilled] = solve_small(sc).unfilled
    assert "dérogation au repos dominical" in unfilled.reason
