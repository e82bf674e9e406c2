"""Weekly maximum (L3121-20) on legal weeks split at Monday 00:00 (L3121-35), the weeks before the month from
the history."""

import datetime as dt

from tests.checker.factories import assign, found, history, interval, need, plan, scenario, week_of

MON = dt.date(2026, 3, 9)


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
