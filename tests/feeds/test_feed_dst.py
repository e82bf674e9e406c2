"""A month with a DST change (October 2026): local times stay right, durations are right in UTC."""

from __future__ import annotations

import datetime as dt

import icalendar
import vobject

from engine.feeds import Audience, FeedKind
from tests.feeds.helpers import accented_scenario, assign, feed, plan

D = dt.date
PARIS = "Europe/Paris"


def _october():
    s = accented_scenario()
    p = plan(
        "2026-10",
        assign(s, "e1", "n1", D(2026, 10, 24), start="09:00"),  # Saturday before the change (CEST)
        assign(s, "e1", "n1", D(2026, 10, 26), start="09:00"),  # Monday after it (CET)
        assign(s, "e2", "n3", D(2026, 10, 24)),  # night 22:00 → 06:00, no change
        assign(s, "e2", "n3", D(2026, 10, 25)),  # night 25 → 26 Oct: does not cross the change
        assign(s, "e2", "n3", D(2026, 10, 27)),
    )
    return s, p


def _crossing_plan():
    s = accented_scenario()
    # The night from Saturday 24 to Sunday 25 October crosses 03:00 CEST → 02:00 CET: 9 hours of work.
    return s, plan("2026-10", assign(s, "e2", "n3", D(2026, 10, 24)))


def _utc_hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


def test_icalendar_reads_nine_am_on_both_sides_of_the_october_change():
    s, p = _october()
    cal = icalendar.Calendar.from_ical(feed(s, [p], Audience(FeedKind.EMPLOYEE, "e1")).body)
    starts = sorted(e["DTSTART"].dt for e in cal.walk("VEVENT"))
    assert [(d.date(), d.time()) for d in starts] == [
        (D(2026, 10, 24), dt.time(9)),
        (D(2026, 10, 26), dt.time(9)),
    ]
    assert [d.astimezone(dt.UTC).hour for d in starts] == [7, 8]


def test_vobject_reads_nine_am_on_both_sides_of_the_october_change():
    s, p = _october()
    cal = vobject.readOne(feed(s, [p], Audience(FeedKind.EMPLOYEE, "e1")).body.decode("utf-8"))
    starts = sorted(e.dtstart.value for e in cal.vevent_list)
    assert [d.astimezone(dt.UTC).strftime("%d %H:%M") for d in starts] == ["24 07:00", "26 08:00"]


def test_night_shift_across_the_change_lasts_nine_hours_in_icalendar():
    s, p = _crossing_plan()
    event = icalendar.Calendar.from_ical(feed(s, [p]).body).walk("VEVENT")[0]
    assert _utc_hours(event["DTSTART"].dt, event["DTEND"].dt) == 9


def test_night_shift_across_the_change_lasts_nine_hours_in_vobject():
    s, p = _crossing_plan()
    event = vobject.readOne(feed(s, [p]).body.decode("utf-8")).vevent
    assert _utc_hours(event.dtstart.value, event.dtend.value) == 9


def test_march_change_keeps_local_times_in_vobject():
    s = accented_scenario()
    p = plan("2026-03", assign(s, "e1", "n1", D(2026, 3, 26)), assign(s, "e1", "n1", D(2026, 3, 30)))
    cal = vobject.readOne(feed(s, [p]).body.decode("utf-8"))
    utc = sorted(e.dtstart.value.astimezone(dt.UTC).strftime("%d %H:%M") for e in cal.vevent_list)
    assert utc == ["26 07:30", "30 06:30"]  # 08:30 CET, then 08:30 CEST


def test_zone_without_daylight_saving_gets_one_standard_component():
    s = accented_scenario()
    s.group.timezone = "Indian/Reunion"
    p = plan("2026-10", assign(s, "e1", "n1", D(2026, 10, 26), start="09:00"))
    cal = icalendar.Calendar.from_ical(feed(s, [p]).body)
    zone = cal.walk("VTIMEZONE")[0]
    assert [c.name for c in zone.subcomponents] == ["STANDARD"]
    assert cal.walk("VEVENT")[0]["DTSTART"].dt.utcoffset() == dt.timedelta(hours=4)


def test_zone_with_other_daylight_rules_is_refused():
    s = accented_scenario()
    s.group.timezone = "America/New_York"
    p = plan("2026-10", assign(s, "e1", "n1", D(2026, 10, 26), start="09:00"))
    try:
        feed(s, [p])
    except ValueError as exc:
        assert "America/New_York" in str(exc)
    else:
        raise AssertionError("a zone the VTIMEZONE writer cannot describe must be refused")
