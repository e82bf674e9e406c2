"""Weekly maximum (L3121-20), 12-week average (L3121-22, L3122-7), legal week boundaries (L3121-35)."""

import datetime as dt

from tests.checker.factories import assign, days, found, history, interval, need, plan, scenario

MON = dt.date(2026, 3, 9)
JUNE = dt.date(2026, 6, 1)  # a Monday: the history's last week is the one just before


def week_of(hours_per_day: list[tuple[str, str]], first: dt.date = MON) -> tuple[list[dict], list[dt.date]]:
    dates = days(first, len(hours_per_day))
    return [
        need(f"d{i}", a, b, [d], skill="maintenance")
        for i, ((a, b), d) in enumerate(zip(hours_per_day, dates, strict=True))
    ], dates


def test_forty_nine_hours_in_a_legal_week_is_a_violation():
    needs, dates = week_of([("08:00", "17:48")] * 5)  # 5 × 9 h 48 = 49 h
    sc = scenario(needs=needs)
    p = plan("2026-03", [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)])
    [v] = found(sc, p, "weekly_max")
    assert v.article == "L3121-20" and v.date == MON
    assert "49 h" in v.message and "semaine du 09/03/2026 au 15/03/2026" in v.message


def test_exactly_forty_eight_hours_is_legal():
    needs, dates = week_of([("08:00", "17:36")] * 5)  # 5 × 9 h 36 = 48 h
    sc = scenario(needs=needs)
    p = plan("2026-03", [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)])
    assert found(sc, p, "weekly_max") == []


def test_a_sunday_night_shift_is_split_at_monday_midnight():
    # Mon–Fri 9 h 30 (47 h 30) then a Sunday night 22:00–06:00: 2 h fall in this week, 6 h in the next.
    needs, dates = week_of([("08:00", "17:30")] * 5)
    sunday = MON + dt.timedelta(days=6)
    needs.append(need("sun", "22:00", "06:00", [sunday], skill="maintenance"))
    sc = scenario(needs=needs, rules={"sunday_rest": False, "weekly_rest_minutes": None})
    p = plan(
        "2026-03",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)] + [assign(sc, "e2", "sun", sunday)],
    )
    [v] = found(sc, p, "weekly_max")
    assert "49 h 30" in v.message  # 47 h 30 + 2 h, not + 8 h


def test_weekly_totals_of_the_history_are_the_weeks_before_the_first_week():
    # The month starts on Sunday 1 March: the first legal week is 23 Feb – 1 Mar, read from the recent
    # shifts; weekly_minutes[-1] is the week of 16–22 Feb and does not add to it.
    sunday = dt.date(2026, 3, 1)
    sc = scenario(
        needs=[need("sun", "08:00", "13:00", [sunday], skill="maintenance")], rules={"sunday_rest": False}
    )
    p = plan("2026-03", [assign(sc, "e2", "sun", sunday)], history("e2", weekly_minutes=[48 * 60]))
    assert found(sc, p, "weekly_max") == []


def test_the_history_intervals_count_when_weekly_totals_are_missing():
    sunday = dt.date(2026, 3, 1)
    friday = dt.datetime(2026, 2, 27, 0, 0, tzinfo=dt.UTC)
    sc = scenario(
        needs=[need("sun", "08:00", "13:00", [sunday], skill="maintenance")], rules={"sunday_rest": False}
    )
    shifts = [
        interval(friday - dt.timedelta(days=i), friday - dt.timedelta(days=i) + dt.timedelta(hours=11))
        for i in range(4)
    ]
    p = plan("2026-03", [assign(sc, "e2", "sun", sunday)], history("e2", recent_shifts=shifts))
    [v] = found(sc, p, "weekly_max")
    assert "49 h" in v.message


def test_twelve_week_average_above_44_hours_with_history_is_a_violation():
    needs, dates = week_of([("08:00", "17:00")] * 5, JUNE)  # 45 h this week
    sc = scenario(needs=needs)
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[46 * 60] * 12),
    )
    violations = found(sc, p, "rolling_average")
    assert violations and all(v.article == "L3121-22" for v in violations)


def test_twelve_week_average_with_light_history_is_legal():
    needs, dates = week_of([("08:00", "17:00")] * 5, JUNE)
    sc = scenario(needs=needs)
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[35 * 60] * 12),
    )
    assert found(sc, p, "rolling_average") == []


def test_night_worker_average_is_held_to_40_hours():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    needs, dates = week_of([("08:00", "16:00")] * 5, JUNE)  # 40 h this week
    sc = scenario(needs=needs, employee={"contract": contract})
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[42 * 60] * 12),
    )
    violations = found(sc, p, "rolling_average")
    assert {v.article for v in violations} == {"L3122-7"}
