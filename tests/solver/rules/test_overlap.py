"""One place at a time; travel between two workplaces takes time and is working time."""

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

FAR = [
    member(
        "m", [site("a", 45.75, 4.83, sunday_derogation=True), site("b", 45.95, 4.83, sunday_derogation=True)]
    )
]


def test_overlapping_needs_are_not_given_to_the_same_person() -> None:
    sc = scenario(
        [employee("e")], [need("x", "08:00", "12:00", [day(2)]), need("y", "10:00", "14:00", [day(2)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert plan.unfilled[0].reason_code == "legal_limit"


def test_back_to_back_needs_at_distant_sites_cannot_both_be_worked() -> None:
    # about 29 km apart by road: 35 minutes at 50 km/h; only 10 minutes between the needs
    needs = [need("x", "08:00", "12:00", [day(2)]), need("y", "12:10", "16:00", [day(2)], site_id="b")]
    plan = solve_small(scenario([employee("e")], needs, members=FAR))
    assert len(plan.assignments) == 1


def test_needs_far_enough_apart_are_both_worked_with_the_travel_recorded() -> None:
    needs = [need("x", "08:00", "12:00", [day(2)]), need("y", "13:00", "16:00", [day(2)], site_id="b")]
    sc = scenario([employee("e")], needs, members=FAR)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    later = max(plan.assignments, key=lambda a: a.start)
    assert later.travel_from == "a" and later.travel_before_minutes > 30
    assert plan.cost_terms["mileage"] > 0 and plan.cost_terms["travel_time"] > 0
    assert check(sc, plan) == []


def test_travel_counts_toward_the_daily_maximum() -> None:
    # 5 h + 4 h 50 = 9 h 50 of shifts; with 35 min of travel it exceeds 10 h
    needs = [need("x", "07:00", "12:00", [day(2)]), need("y", "13:00", "17:50", [day(2)], site_id="b")]
    plan = solve_small(scenario([employee("e")], needs, members=FAR))
    assert len(plan.assignments) == 1


def test_out_of_reach_employee_is_not_sent_and_the_reason_says_so() -> None:
    sc = scenario(
        [employee("e", max_travel_km=5)], [need("y", "08:00", "12:00", [day(2)], site_id="b")], members=FAR
    )
    plan = solve_small(sc)
    assert plan.assignments == []
    assert plan.unfilled[0].reason_code == "out_of_reach"
