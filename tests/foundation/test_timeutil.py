"""Time helpers: DST-exact durations, windows crossing midnight, months and legal weeks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.timeutil import (
    local_datetime,
    minutes_between,
    month_bounds,
    month_days,
    next_month,
    parse_month,
    previous_month,
    week_start,
    weeks_touching,
    window,
    zone,
)

PARIS = zone("Europe/Paris")


def test_night_window_on_the_spring_change_lasts_7_hours():
    start, end = window(dt.date(2026, 3, 28), dt.time(22), dt.time(6), PARIS)
    assert minutes_between(start, end) == 7 * 60


def test_night_window_on_the_autumn_change_lasts_9_hours():
    start, end = window(dt.date(2026, 10, 24), dt.time(22), dt.time(6), PARIS)
    assert minutes_between(start, end) == 9 * 60


def test_night_window_on_an_ordinary_night_lasts_8_hours():
    start, end = window(dt.date(2026, 10, 17), dt.time(22), dt.time(6), PARIS)
    assert minutes_between(start, end) == 8 * 60
    assert end.date() == dt.date(2026, 10, 18)


def test_wall_clock_subtraction_would_be_wrong_across_dst():
    start, end = window(dt.date(2026, 10, 24), dt.time(22), dt.time(6), PARIS)
    assert (end - start) != dt.timedelta(minutes=minutes_between(start, end))


def test_a_time_skipped_by_the_spring_change_moves_forward():
    moment = local_datetime(dt.date(2026, 3, 29), dt.time(2, 30), PARIS)
    assert (moment.hour, moment.minute) == (3, 30)


def test_minutes_between_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        minutes_between(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))


@given(
    day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 30)),
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_window_length_is_its_wall_length_give_or_take_one_dst_hour(day, start, end):
    begin, finish = window(day, start, end, PARIS)
    wall = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % 1440 or 1440
    assert abs(minutes_between(begin, finish) - wall) in (0, 60)
    assert finish > begin


def test_parse_month_rejects_a_bad_month_with_the_expected_form():
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("2026-13")


def test_month_days_of_february_in_a_leap_year():
    assert len(month_days("2028-02")) == 29
    assert month_bounds("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_previous_and_next_month_cross_the_year():
    assert previous_month("2026-01") == "2025-12"
    assert next_month("2026-12") == "2027-01"


def test_legal_week_starts_on_monday():
    assert week_start(dt.date(2026, 10, 25)) == dt.date(2026, 10, 19)


def test_weeks_touching_a_month_include_partial_weeks():
    weeks = weeks_touching("2026-10")
    assert weeks[0] == dt.date(2026, 9, 28) and weeks[-1] == dt.date(2026, 10, 26)
    assert len(weeks) == 5
