"""Breaks (L3121-16) as read from gaps, the minor's break (L3162-3) and part-time interruptions (L3123-30)."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)
MINOR = {"minor": True}


def day_plan(windows: list[tuple[str, str, str]], employee: str = "e2"):
    needs = [
        need(f"p{i}", a, b, [TUE], site=site, member=site.split("-")[0])
        for i, (a, b, site) in enumerate(windows)
    ]
    sc = scenario(needs=needs)
    return sc, plan("2026-03", [assign(sc, employee, f"p{i}", TUE) for i in range(len(windows))])


def test_two_shifts_chained_with_a_ten_minute_gap_over_six_hours_lack_a_break():
    sc, p = day_plan([("08:00", "11:30", "m1-s1"), ("11:40", "15:10", "m1-s1")])
    [v] = found(sc, p, "break")
    assert v.article == "L3121-16" and v.date == TUE
    assert "6 h 60" not in v.message and "7 h" in v.message


def test_a_twenty_minute_gap_is_a_break():
    sc, p = day_plan([("08:00", "11:30", "m1-s1"), ("11:50", "15:20", "m1-s1")])
    assert found(sc, p, "break") == []


def test_a_single_shift_of_six_hours_or_more_holds_its_own_break():
    sc, p = day_plan([("08:00", "16:00", "m1-s1")])
    assert found(sc, p, "break") == []


def test_chained_work_reaching_exactly_six_hours_needs_a_break():
    sc, p = day_plan([("08:00", "11:00", "m1-s1"), ("11:10", "14:10", "m1-s1")])
    [v] = found(sc, p, "break")
    assert "6 h de travail" in v.message


def test_chained_work_under_six_hours_needs_no_break():
    sc, p = day_plan([("08:00", "11:00", "m1-s1"), ("11:10", "14:09", "m1-s1")])
    assert found(sc, p, "break") == []


def test_travel_filling_the_gap_between_members_is_not_a_break():
    # 25 minutes between the sites, of which the travel m1-s1 → m2-s1 (about 7 min) is work: 18 free minutes.
    sc, p = day_plan([("08:00", "11:30", "m1-s1"), ("11:55", "15:00", "m2-s1")])
    [v] = found(sc, p, "break")
    assert v.employee == "e2"


def test_part_timer_gets_at_most_one_interruption_a_day():
    sc, p = day_plan(
        [("08:00", "09:00", "m1-s1"), ("10:00", "11:00", "m1-s1"), ("12:00", "13:00", "m1-s1")], "e1"
    )
    [v] = found(sc, p, "part_time_interruptions")
    assert v.article == "L3123-30" and "2 interruptions" in v.message


def test_part_timer_interruption_above_two_hours_is_a_violation():
    sc, p = day_plan([("08:00", "10:00", "m1-s1"), ("12:01", "14:00", "m1-s1")], "e1")
    [v] = found(sc, p, "part_time_interruptions")
    assert "2 h 01" in v.message


def test_part_timer_split_day_across_two_members_with_one_short_interruption_is_legal():
    sc, p = day_plan([("08:30", "12:30", "m1-s1"), ("13:30", "17:30", "m2-s1")], "e1")
    assert found(sc, p, "part_time_interruptions") == []


def test_full_timer_may_have_several_interruptions():
    sc, p = day_plan(
        [("08:00", "09:00", "m1-s1"), ("10:00", "11:00", "m1-s1"), ("12:00", "13:00", "m1-s1")], "e2"
    )
    assert found(sc, p, "part_time_interruptions") == []


def test_home_legs_that_count_as_work_stay_out_of_the_break_spans():
    import copy

    from tests.checker.factories import base_data

    data = base_data()
    employee = next(e for e in data["employees"] if e["id"] == "e2")
    employee["contract"] = {**copy.deepcopy(employee["contract"]), "home_travel_is_work": True}
    employee["home"] = {"lat": 48.30, "lon": 6.90}  # far from the sites: a long commute each way
    tue = dt.date(2026, 3, 10)
    sc = scenario(data=data, needs=[need("pm", "13:30", "17:00", [tue], skill="maintenance")])
    p = plan("2026-03", [assign(sc, "e2", "pm", tue)])
    assert found(sc, p, "break") == []


def test_two_shifts_chained_by_twenty_minutes_past_four_and_a_half_hours_break_the_rule():
    sc = scenario(
        needs=[
            need("am", "08:00", "11:00", [TUE], skill="maintenance"),
            need("late", "11:20", "13:20", [TUE], skill="maintenance"),
        ],
        employee=MINOR,
    )
    [v] = found(
        sc, plan("2026-03", [assign(sc, "e2", "am", TUE), assign(sc, "e2", "late", TUE)]), "minor_break"
    )
    assert v.article == "L3162-3"
    assert "4 h 30" in v.message


def test_thirty_free_minutes_between_the_shifts_are_the_break():
    sc = scenario(
        needs=[
            need("am", "08:00", "11:00", [TUE], skill="maintenance"),
            need("late", "11:30", "13:30", [TUE], skill="maintenance"),
        ],
        employee=MINOR,
    )
    p = plan("2026-03", [assign(sc, "e2", "am", TUE), assign(sc, "e2", "late", TUE)])
    assert found(sc, p, "minor_break") == []


def test_exactly_four_and_a_half_hours_without_a_break_is_legal():
    # the law speaks of work *beyond* 4 h 30
    sc = scenario(
        needs=[
            need("am", "08:00", "10:30", [TUE], skill="maintenance"),
            need("late", "10:40", "12:40", [TUE], skill="maintenance"),
        ],
        employee=MINOR,
    )
    p = plan("2026-03", [assign(sc, "e2", "am", TUE), assign(sc, "e2", "late", TUE)])
    assert found(sc, p, "minor_break") == []


def test_a_single_seven_hour_window_holds_its_own_break():
    sc = scenario(needs=[need("day", "08:00", "15:00", [TUE], skill="maintenance")], employee=MINOR)
    assert found(sc, plan("2026-03", [assign(sc, "e2", "day", TUE)]), "minor_break") == []


def test_an_adult_is_not_held_to_the_minors_break():
    sc = scenario(
        needs=[
            need("am", "08:00", "11:00", [TUE], skill="maintenance"),
            need("late", "11:20", "13:20", [TUE], skill="maintenance"),
        ]
    )
    p = plan("2026-03", [assign(sc, "e2", "am", TUE), assign(sc, "e2", "late", TUE)])
    assert found(sc, p, "minor_break") == []
