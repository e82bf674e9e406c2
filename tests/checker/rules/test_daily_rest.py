"""Daily rest (L3131-1; 12 h for minors, L3164-1), across the month boundary, and the working day's amplitude."""

import datetime as dt

from tests.checker.factories import assign, at, evening_then_morning, found, history, need, plan, scenario

TUE, WED = dt.date(2026, 3, 10), dt.date(2026, 3, 11)


def two_days(evening_end: str, morning_start: str):
    return evening_then_morning((TUE, "14:00", evening_end), (WED, morning_start, "12:00"))


def test_ten_hours_fifty_nine_of_rest_is_a_violation():
    sc, p = two_days("21:01", "08:00")
    [v] = found(sc, p, "daily_rest")
    assert v.article == "L3131-1" and v.date == WED
    assert "10 h 59" in v.message


def test_exactly_eleven_hours_of_rest_is_legal():
    sc, p = two_days("21:00", "08:00")
    assert found(sc, p, "daily_rest") == []


def test_rest_across_the_month_boundary_uses_the_history():
    first = dt.date(2026, 3, 2)
    sc = scenario(needs=[need("morn", "06:00", "12:00", [first], skill="maintenance")])
    late = at(dt.date(2026, 3, 1), "22:00")
    [v] = found(
        sc,
        plan("2026-03", [assign(sc, "e2", "morn", first)], history("e2", last_shift_end=late)),
        "daily_rest",
    )
    assert "8 h" in v.message


def test_rest_after_a_long_enough_gap_from_history_is_legal():
    first = dt.date(2026, 3, 2)
    sc = scenario(needs=[need("morn", "09:00", "12:00", [first], skill="maintenance")])
    late = at(dt.date(2026, 3, 1), "22:00")
    assert (
        found(
            sc,
            plan("2026-03", [assign(sc, "e2", "morn", first)], history("e2", last_shift_end=late)),
            "daily_rest",
        )
        == []
    )


def test_a_working_day_spanning_more_than_13_hours_breaks_the_amplitude():
    sc = scenario(
        needs=[
            need("am", "06:00", "09:00", [TUE], skill="maintenance"),
            need("pm", "17:00", "20:00", [TUE], skill="maintenance"),
        ]
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "am", TUE), assign(sc, "e2", "pm", TUE)]), "amplitude")
    assert v.article == "L3131-1" and "14 h" in v.message


def test_minor_needs_twelve_hours_of_rest():
    sc = scenario(
        needs=[
            need("eve", "10:00", "18:00", [TUE], skill="maintenance"),
            need("morn", "05:30", "09:00", [WED], skill="maintenance"),
        ],
        employee={"minor": True},
        rules={"minor_rules": True},
    )
    p = plan("2026-03", [assign(sc, "e2", "eve", TUE), assign(sc, "e2", "morn", WED)])
    [v] = found(sc, p, "daily_rest")
    assert v.article == "L3164-1"
