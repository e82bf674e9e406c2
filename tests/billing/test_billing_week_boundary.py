"""A span crossing Monday 00:00 is cut there (L3121-35: the week runs Monday 00:00 to Sunday 24:00)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from engine.hours import HoursContext, WorkedSpan, settle_month
from engine.timeutil import local_datetime, minutes_between, week_start
from tests.billing.factory import TZ, employee, member, scenario, span

FULL = {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}
FORFAIT = {"kind": "forfait_jours", "start": "2025-01-01", "annual_days": 218}


def _week(hours, monday: str):  # type: ignore[no-untyped-def]
    return next(w for w in hours.weeks if w.week_start == dt.date.fromisoformat(monday))


def test_sunday_night_overtime_counts_only_the_hours_before_monday():
    """35 h Mon–Fri 2–6 March 2026, then Sun 8 March 22:00 → Mon 9 March 06:00: the week of 2 March has
    37 h (2 h at +25 %); the 6 h after midnight are the next week's first, normal hours."""
    sc = scenario([member("m")], [employee("e", FULL, "14.00")])
    days = [span("e", "m", f"2026-03-0{d}", "08:00", "15:00") for d in range(2, 7)]
    night = span("e", "m", "2026-03-08", "22:00", "06:00")
    hours = settle_month(sc, "2026-03", [*days, night])["e"]
    first, second = _week(hours, "2026-03-02"), _week(hours, "2026-03-09")
    assert (first.worked_minutes, first.total("ot_low")) == (37 * 60, 2 * 60)
    assert (second.worked_minutes, second.total("ot_low"), second.total("normal")) == (6 * 60, 0, 6 * 60)


def test_the_sunday_part_keeps_its_sunday_and_night_minutes():
    sc = scenario([member("m")], [employee("e", FULL, "14.00")])
    hours = settle_month(sc, "2026-03", [span("e", "m", "2026-03-08", "22:00", "06:00")])["e"]
    first, second = _week(hours, "2026-03-02"), _week(hours, "2026-03-09")
    assert (first.total("sunday"), first.total("night")) == (120, 120)
    assert (second.total("sunday"), second.total("night")) == (0, 360)


def test_travel_stays_with_the_part_before_midnight():
    sc = scenario([member("m"), member("n")], [employee("e", FULL, "14.00")])
    night = span("e", "n", "2026-03-08", "22:00", "06:00", travel=30, km="12", origin="m-s")
    hours = settle_month(sc, "2026-03", [night])["e"]
    first, second = _week(hours, "2026-03-02"), _week(hours, "2026-03-09")
    assert (first.total("travel_minutes"), second.total("travel_minutes")) == (30, 0)
    assert [s.span.travel_km for s in second.spans] == [0]


def test_cut_at_local_midnight_with_utc_durations_across_the_dst_change():
    """Sun 25 Oct 2026 00:30 → Mon 26 Oct 01:30 (clocks go back at 03:00 on the Sunday): 26 h of real time,
    24 h 30 before Monday 00:00 (settled with October, the week ending 25 Oct) and 1 h 30 after it (settled
    with November, from the previous month's spans)."""
    sc = scenario([member("m")], [employee("e", FULL, "14.00")])
    sunday, monday = dt.date(2026, 10, 25), dt.date(2026, 10, 26)
    start, end = local_datetime(sunday, dt.time(0, 30), TZ), local_datetime(monday, dt.time(1, 30), TZ)
    long = WorkedSpan("e", "m", "m-s", sunday, start, end)
    october = settle_month(sc, "2026-10", [long])["e"]
    november = settle_month(sc, "2026-11", [], [long])["e"]
    assert _week(october, "2026-10-19").worked_minutes == 24 * 60 + 30
    assert _week(november, "2026-10-26").worked_minutes == 90


def test_forfait_jours_spans_are_not_cut():
    """Days, not hours (L3121-58): the Sunday-night span is one day of the week of its Sunday."""
    sc = scenario([member("m")], [employee("e", FORFAIT, "30.00")])
    hours = settle_month(sc, "2026-03", [span("e", "m", "2026-03-08", "22:00", "06:00")])["e"]
    assert _week(hours, "2026-03-02").worked_minutes == 8 * 60
    assert _week(hours, "2026-03-09").spans == []


@given(
    day=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    start_minute=st.integers(0, 24 * 60 - 1),
    length=st.integers(1, 3 * 24 * 60),
)
def test_pieces_keep_every_minute_and_each_lies_in_one_legal_week(day, start_minute, length):
    ctx = HoursContext(_SC)
    start = local_datetime(day, dt.time(start_minute // 60, start_minute % 60), TZ)
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=length)).astimezone(TZ)
    pieces = ctx.pieces(WorkedSpan("e", "m", "m-s", start.date(), start, end))
    assert sum(minutes_between(p.start, p.end) for p in pieces) == length
    for p in pieces:
        last_minute = (p.end.astimezone(dt.UTC) - dt.timedelta(minutes=1)).astimezone(TZ)
        assert week_start(p.date) == week_start(last_minute.date()) == week_start(p.start.date())


_SC = scenario([member("m")], [employee("e", FULL, "14.00")])
