"""A DST month (lengths in UTC) and the reasons given for unfilled needs."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def test_a_night_across_the_spring_change_lasts_one_hour_less() -> None:
    # 28 March 2026 22:00 -> 29 March 06:00 local: 7 h of work, not 8
    sc = scenario([employee("e")], [need("night", "22:00", "06:00", [day(28)])], rules={"sunday_rest": False})
    plan = solve_small(sc)
    [a] = plan.assignments
    assert a.minutes == 7 * 60
    assert check(sc, plan) == []


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


def test_unfilled_cost_follows_priority_and_length() -> None:
    sc = scenario([employee("e", skills=["x"])], [need("n", "08:00", "12:00", [day(2)], priority="critical")])
    plan = solve_small(sc)
    assert plan.cost_terms["unfilled"] == 4 * 250
    assert plan.solver is not None and plan.solver.gap == 0
