"""Daily rest and amplitude (L3131-1), weekly rest and 6 days (L3132-1/2), Sunday (L3132-3), across months."""

import datetime as dt

from tests.checker.factories import assign, at, days, found, history, need, plan, scenario

TUE, WED = dt.date(2026, 3, 10), dt.date(2026, 3, 11)


def evening_then_morning(evening: tuple[dt.date, str, str], morning: tuple[dt.date, str, str]):
    """e2 works an evening then a morning, each (date, start, end)."""
    (eve, eve_start, eve_end), (morn, morn_start, morn_end) = evening, morning
    sc = scenario(
        needs=[
            need("eve", eve_start, eve_end, [eve], skill="maintenance"),
            need("morn", morn_start, morn_end, [morn], skill="maintenance"),
        ]
    )
    return sc, plan("2026-03", [assign(sc, "e2", "eve", eve), assign(sc, "e2", "morn", morn)])


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


def test_sunday_work_without_derogation_is_a_violation():
    sunday = dt.date(2026, 3, 15)
    sc = scenario(needs=[need("sun", "08:00", "12:00", [sunday], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "sun", sunday)]), "sunday")
    assert v.article == "L3132-3"


def test_saturday_night_reaching_into_sunday_breaks_sunday_rest():
    saturday = dt.date(2026, 3, 14)
    sc = scenario(needs=[need("night", "22:00", "02:00", [saturday], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "night", saturday)]), "sunday")
    assert v.date == dt.date(2026, 3, 15)


def test_sunday_work_at_a_site_with_derogation_is_legal():
    sunday = dt.date(2026, 3, 15)
    from tests.checker.factories import base_data

    data = base_data()
    data["members"][1]["sites"][0]["sunday_derogation"] = True
    sc = scenario(
        data=data,
        needs=[need("sun", "08:00", "12:00", [sunday], skill="maintenance", site="m2-s1", member="m2")],
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "sun", sunday)]), "sunday") == []


def test_minor_works_no_minute_between_22_and_6():
    sc = scenario(
        needs=[need("late", "17:00", "22:15", [TUE], skill="maintenance")], employee={"minor": True}
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "late", TUE)]), "minor_night")
    assert v.article == "L3163-2"


def test_minor_finishing_at_22_is_legal():
    sc = scenario(
        needs=[need("late", "17:00", "22:00", [TUE], skill="maintenance")], employee={"minor": True}
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "late", TUE)]), "minor_night") == []


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


def saturday_then_monday(saturday_end: str, monday_start: str):
    """Saturday 14 March until `saturday_end`, Monday 16 March from `monday_start`, nothing else: the week
    of 9 March has 35 h of rest on other days."""
    sat, mon = dt.date(2026, 3, 14), dt.date(2026, 3, 16)
    return evening_then_morning((sat, "14:30", saturday_end), (mon, monday_start, "12:00"))


def test_a_free_sunday_with_31_hours_around_it_is_a_violation_even_with_35_hours_elsewhere():
    sc, p = saturday_then_monday("22:30", "05:30")
    [v] = found(sc, p, "sunday_rest")
    assert v.article == "L3132-3" and v.date == dt.date(2026, 3, 15) and "31 h" in v.message
    assert [v for v in found(sc, p, "weekly_rest") if v.date == dt.date(2026, 3, 9)] == []


def test_a_free_sunday_with_35_hours_around_it_is_legal():
    sc, p = saturday_then_monday("21:00", "08:00")
    assert found(sc, p, "sunday_rest") == []


def _at_a_derogated_site(days_by_need: list[tuple[str, str, str, dt.date, bool]]):
    """A plan of e2 over needs (id, start, end, date, at the site with a Sunday derogation)."""
    from tests.checker.factories import base_data

    data = base_data()
    data["members"][1]["sites"][0]["sunday_derogation"] = True
    needs = [
        need(n, a, b, [d], skill="maintenance", **({"site": "m2-s1", "member": "m2"} if derogated else {}))
        for n, a, b, d, derogated in days_by_need
    ]
    sc = scenario(data=data, needs=needs)
    return sc, plan("2026-03", [assign(sc, "e2", n, d) for n, _, _, d, _ in days_by_need])


def test_a_sunday_worked_under_a_derogation_leaves_the_rest_to_another_day():
    sat, sun, mon = dt.date(2026, 3, 14), dt.date(2026, 3, 15), dt.date(2026, 3, 16)
    sc, p = _at_a_derogated_site(
        [
            ("sat", "14:30", "22:30", sat, True),
            ("sun", "08:00", "12:00", sun, True),
            ("mon", "05:30", "12:00", mon, True),
        ]
    )
    assert found(sc, p, "sunday_rest") == []


def test_working_a_site_with_a_derogation_on_other_days_keeps_the_free_sunday_as_the_rest():
    wed, sat, mon = dt.date(2026, 3, 11), dt.date(2026, 3, 14), dt.date(2026, 3, 16)
    sc, p = _at_a_derogated_site(
        [
            ("wed", "08:00", "12:00", wed, True),
            ("sat", "14:30", "22:30", sat, False),
            ("mon", "05:30", "12:00", mon, False),
        ]
    )
    [v] = found(sc, p, "sunday_rest")
    assert v.date == dt.date(2026, 3, 15)
