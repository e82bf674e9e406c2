"""Who may work what (`engine.solver.rules.assignment`, decided once per pair): the skill, absences, the
employee's reach, Sunday rest at a site without a derogation (L3132-3), night work only where the site
organises it (L3122-1)."""

from tests.solver.conftest import FAR, check, day, employee, member, need, scenario, site, solve_small


def test_nobody_with_the_skill() -> None:
    plan = solve_small(scenario([employee("e", skills=["x"])], [need("n", "08:00", "12:00", [day(2)])]))
    assert plan.unfilled[0].reason_code == "no_skill"
    assert "compétence" in plan.unfilled[0].reason


def test_everyone_qualified_is_absent() -> None:
    sc = scenario(
        [employee("e", absences=[{"kind": "paid_leave", "start": day(2), "end": day(6)}])],
        [need("n", "08:00", "12:00", [day(2)])],
    )
    plan = solve_small(sc)
    assert plan.unfilled[0].reason_code == "absent"
    assert "E" in plan.unfilled[0].reason


def test_out_of_reach_employee_is_not_sent_and_the_reason_says_so() -> None:
    sc = scenario(
        [employee("e", max_travel_km=5)], [need("y", "08:00", "12:00", [day(2)], site_id="b")], members=FAR
    )
    plan = solve_small(sc)
    assert plan.assignments == []
    assert plan.unfilled[0].reason_code == "out_of_reach"


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


def test_the_reason_points_at_the_site_without_a_sunday_derogation() -> None:
    sc = scenario(
        [employee("e"), employee("f")],
        [need("n", "08:00", "12:00", [day(8)])],
        members=[member("m", [site("a")])],
    )
    [unfilled] = solve_small(sc).unfilled
    assert "dérogation au repos dominical" in unfilled.reason


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
