"""Working time as every limit reads it (`engine.solver.rules.worktime`): lengths in UTC (a DST night), travel
between sites as work (Cass. crim. 2 Sept 2014 n°13-80.665), a night crossing Sunday midnight counted in each
legal week for the minutes it has there (L3121-35)."""

from tests.solver.conftest import FAR, check, day, employee, need, scenario, solve_small


def test_a_night_across_the_spring_change_lasts_one_hour_less() -> None:
    # 28 March 2026 22:00 -> 29 March 06:00 local: 7 h of work, not 8
    sc = scenario([employee("e")], [need("night", "22:00", "06:00", [day(28)])], rules={"sunday_rest": False})
    plan = solve_small(sc)
    [a] = plan.assignments
    assert a.minutes == 7 * 60
    assert check(sc, plan) == []


def test_travel_counts_toward_the_daily_maximum() -> None:
    # 5 h + 4 h 50 = 9 h 50 of shifts; with 35 min of travel it exceeds 10 h
    needs = [need("x", "07:00", "12:00", [day(2)]), need("y", "13:00", "17:50", [day(2)], site_id="b")]
    plan = solve_small(scenario([employee("e")], needs, members=FAR))
    assert len(plan.assignments) == 1


def test_travel_is_not_counted_when_the_rule_set_says_so() -> None:
    needs = [need("x", "07:00", "12:00", [day(2)]), need("y", "13:00", "17:50", [day(2)], site_id="b")]
    sc = scenario([employee("e")], needs, members=FAR, rules={"travel_between_sites_is_work": False})
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_a_sunday_night_shift_counts_its_monday_hours_in_the_next_week() -> None:
    # 10 h part-time contract: at most 11 h a week (L3123-28). The Sunday 8/03 night puts 6 h in the week of
    # 9/03; with Tuesday's 6 h that week would reach 12 h.
    part_timer = employee("e", hours=10)
    needs = [
        need("sunday_night", "22:00", "06:00", ["2026-03-08"]),
        need("tuesday", "13:00", "19:00", ["2026-03-10"]),
    ]
    sc = scenario([part_timer], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_sunday_night_shift_leaves_room_when_the_next_week_is_light() -> None:
    part_timer = employee("e", hours=10)
    needs = [
        need("sunday_night", "22:00", "06:00", ["2026-03-08"]),
        need("tuesday", "13:00", "17:00", ["2026-03-10"]),
    ]
    sc = scenario([part_timer], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []
