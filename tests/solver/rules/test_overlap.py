"""One place at a time; travel between two workplaces takes time (Cass. crim. 2 Sept 2014 n°13-80.665); breaks:
20 minutes once work reaches 6 h (L3121-16), a minor's 30 minutes beyond 4 h 30 (L3162-3); the part-timer's day
(at most one break, of at most 2 h)."""

from tests.solver.conftest import FAR, check, day, employee, need, scenario, solve_small

BACK_TO_BACK = [need("am", "08:00", "11:00", [day(3)]), need("late", "11:20", "13:20", [day(3)])]


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


def test_two_shifts_chained_without_a_break_over_six_hours_are_exclusive() -> None:
    sc = scenario(
        [employee("e")], [need("x", "08:00", "11:30", [day(2)]), need("y", "11:40", "15:00", [day(2)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_twenty_minute_gap_is_a_break() -> None:
    sc = scenario(
        [employee("e")], [need("x", "08:00", "11:30", [day(2)]), need("y", "11:50", "15:00", [day(2)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_a_part_timer_takes_at_most_one_break_a_day() -> None:
    needs = [
        need("a", "08:00", "10:00", [day(2)]),
        need("b", "10:30", "12:00", [day(2)]),
        need("c", "13:00", "14:00", [day(2)]),
    ]
    sc = scenario([employee("e", hours=24)], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_a_part_timer_break_is_at_most_two_hours() -> None:
    needs = [need("a", "08:00", "10:00", [day(2)]), need("c", "12:30", "14:00", [day(2)])]
    plan = solve_small(scenario([employee("e", hours=24)], needs))
    assert len(plan.assignments) == 1


def test_a_full_timer_may_have_a_long_break() -> None:
    needs = [need("a", "08:00", "10:00", [day(2)]), need("c", "12:30", "14:00", [day(2)])]
    plan = solve_small(scenario([employee("e")], needs))
    assert len(plan.assignments) == 2


def test_three_short_shifts_chained_without_a_break_over_six_hours_are_not_all_worked() -> None:
    # 07:00-13:10 in three 2-h pieces with 5-minute gaps: each pair is under 6 h, the three reach it
    needs = [
        need("a", "07:00", "09:00", [day(2)]),
        need("b", "09:05", "11:05", [day(2)]),
        need("c", "11:10", "13:10", [day(2)]),
    ]
    sc = scenario([employee("e")], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_three_short_shifts_under_six_hours_are_all_worked() -> None:
    needs = [
        need("a", "07:00", "08:50", [day(2)]),
        need("b", "08:55", "10:45", [day(2)]),
        need("c", "10:50", "12:40", [day(2)]),
    ]
    sc = scenario([employee("e")], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 3
    assert check(sc, plan) == []


def test_travel_into_two_chained_shifts_counts_in_their_span() -> None:
    # 08:30-12:00 at a; 54 min to b, then 13:30-17:00 and 17:00-18:55 there: the travel, placed before the
    # afternoon as the checker reads it, makes 6 h 19 without a break
    from tests.solver.test_relaxation import TWO_SITES

    needs = [
        need("m", "08:30", "12:00", [day(2)]),
        need("p", "13:30", "17:00", [day(2)], site_id="b"),
        need("q", "17:00", "18:55", [day(2)], site_id="b"),
    ]
    sc = scenario([employee("e")], needs, members=TWO_SITES)
    plan = solve_small(sc)
    assert check(sc, plan) == []
    assert len(plan.assignments) == 2


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
