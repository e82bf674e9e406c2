"""Weekly rest: 35 consecutive hours (L3132-2), at most 6 working days a week (L3132-1), a minor's two
consecutive rest days (L3164-2)."""

import datetime as dt

from tests.checker.factories import assign, days, found, need, plan, scenario


def week_of_days(count: int, first: dt.date = dt.date(2026, 3, 9), start: str = "08:00", end: str = "12:00"):
    dates = days(first, count)
    sc = scenario(
        needs=[need("d", start, end, dates, skill="maintenance", site="m2-s1", member="m2")],
        rules={"sunday_rest": False},
    )
    return sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in dates])


def test_seven_working_days_in_a_legal_week_is_a_violation():
    sc, p = week_of_days(7)
    [v] = found(sc, p, "max_days_per_week")
    assert v.article == "L3132-1" and "7 jours" in v.message


def test_six_working_days_with_a_35_hour_rest_are_legal():
    sc, p = week_of_days(6)
    assert found(sc, p, "max_days_per_week") == [] and found(sc, p, "weekly_rest") == []


def test_a_week_without_35_consecutive_hours_of_rest_is_a_violation():
    # Work every day of the week of 9 March at 08:00–12:00 and the days around it: the longest rest is 20 h.
    sc, p = week_of_days(21, dt.date(2026, 3, 2))
    violations = found(sc, p, "weekly_rest")
    assert violations and all(v.article == "L3132-2" for v in violations)


def rest_from_saturday_evening(monday_start: str):
    """Mon–Fri mornings, Saturday 13:00–21:00, then Monday 16 March from `monday_start`."""
    weekdays, sat, mon = days(dt.date(2026, 3, 9), 5), dt.date(2026, 3, 14), dt.date(2026, 3, 16)
    sc = scenario(
        needs=[
            need("d", "08:00", "12:00", weekdays, skill="maintenance"),
            need("sat", "13:00", "21:00", [sat], skill="maintenance"),
            need("mon", monday_start, "12:00", [mon], skill="maintenance"),
        ]
    )
    p = plan(
        "2026-03",
        [assign(sc, "e2", "d", d) for d in weekdays]
        + [assign(sc, "e2", "sat", sat), assign(sc, "e2", "mon", mon)],
    )
    return [v for v in found(sc, p, "weekly_rest") if v.date == dt.date(2026, 3, 9)]


def test_exactly_35_hours_of_weekly_rest_is_legal():
    assert rest_from_saturday_evening("08:00") == []  # Saturday 21:00 → Monday 08:00


def test_34_hours_59_of_weekly_rest_is_a_violation():
    [v] = rest_from_saturday_evening("07:59")
    assert v.article == "L3132-2" and "34 h 59" in v.message


def test_minor_needs_two_consecutive_days_of_rest_in_the_week():
    # Mon–Sat except Wednesday: the free days are Wednesday and Sunday, never two in a row.
    dates = [d for d in days(dt.date(2026, 3, 9), 6) if d.weekday() != 2]
    sc = scenario(needs=[need("d", "08:00", "12:00", dates, skill="maintenance")], employee={"minor": True})
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in dates]), "minor_rest_days")
    assert v.article == "L3164-2"


def test_minor_with_saturday_and_sunday_off_is_legal():
    dates = days(dt.date(2026, 3, 9), 5)
    sc = scenario(needs=[need("d", "08:00", "12:00", dates, skill="maintenance")], employee={"minor": True})
    assert found(sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in dates]), "minor_rest_days") == []
