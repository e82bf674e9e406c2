"""L3162-3: a minor works no more than 4 h 30 without a break of 30 consecutive minutes."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)
MINOR = {"minor": True}


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
