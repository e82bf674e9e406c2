"""The file itself: RFC 5545 shape, CRLF, folding, escaping, calendar properties, both parsers."""

from __future__ import annotations

import datetime as dt

import icalendar
import vobject

from engine.feeds import Audience, FeedKind
from tests.feeds.helpers import (
    LONG_ACCENTED,
    accented_scenario,
    assign,
    feed,
    plan,
    raw_lines,
    unfolded,
)

D = dt.date


def _month_plan():
    s = accented_scenario()
    p = plan(
        "2026-03",
        assign(s, "e1", "n1", D(2026, 3, 2)),
        assign(s, "e1", "n1", D(2026, 3, 5)),
        assign(s, "e2", "n3", D(2026, 3, 3)),
        assign(s, "e1", "n2", D(2026, 3, 10)),
    )
    return s, p


def test_every_line_ends_in_crlf_and_no_bare_lf_or_cr():
    s, p = _month_plan()
    body = feed(s, [p]).body
    assert body.endswith(b"\r\n")
    assert body.count(b"\n") == body.count(b"\r\n")
    assert body.count(b"\r") == body.count(b"\r\n")


def test_every_line_is_at_most_75_octets():
    s, p = _month_plan()
    assert all(len(line) <= 75 for line in raw_lines(feed(s, [p]).body))


def test_long_accented_lines_are_folded_without_splitting_a_character():
    s, p = _month_plan()
    lines = raw_lines(feed(s, [p], Audience(FeedKind.MEMBER, "m1")).body)
    folded = [line for line in lines if line.startswith(b" ")]
    assert folded, "the long accented names must produce folded lines"
    for line in lines:
        line.decode("utf-8")  # raises if a fold split a multi-byte character


def test_text_is_escaped_and_reads_back_identically():
    s, p = _month_plan()
    body = feed(s, [p], Audience(FeedKind.MEMBER, "m1")).body
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert f"{LONG_ACCENTED} · comptabilite" in summaries
    assert any("\\;" in line and "\\," in line and "\\\\" in line for line in unfolded(body))


def test_calendar_has_the_properties_clients_need():
    s, p = _month_plan()
    lines = unfolded(feed(s, [p], Audience(FeedKind.EMPLOYEE, "e1")).body)
    for expected in (
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-WR-TIMEZONE:Europe/Paris",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
    ):
        assert expected in lines
    assert any(line.startswith("PRODID:") for line in lines)
    names = [line for line in lines if line.startswith(("NAME:", "X-WR-CALNAME:"))]
    assert len(names) == 2 and all("Éléonore" in n for n in names)


def test_vtimezone_uses_yearly_rules_not_one_rdate_per_change():
    s, p = _month_plan()
    lines = unfolded(feed(s, [p]).body)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in lines
    assert not any(line.startswith("RDATE") for line in lines)


def test_event_times_carry_the_tzid_never_floating_or_utc():
    s, p = _month_plan()
    lines = unfolded(feed(s, [p]).body)
    starts = [line for line in lines if line.startswith(("DTSTART", "DTEND")) and "T" in line]
    event_times = [line for line in starts if not line.startswith("DTSTART:19")]
    assert event_times and all(
        line.startswith(("DTSTART;TZID=Europe/Paris:", "DTEND;TZID=Europe/Paris:")) for line in event_times
    )


def test_event_has_location_geo_and_french_description():
    s, p = _month_plan()
    cal = icalendar.Calendar.from_ical(feed(s, [p], Audience(FeedKind.EMPLOYEE, "e1")).body)
    event = next(e for e in cal.walk("VEVENT") if e["DTSTART"].dt.date() == D(2026, 3, 2))
    assert str(event["LOCATION"]) == "Atelier — côté cour, 2 rue A, 69002 Lyon"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (45.75, 4.83)
    description = str(event["DESCRIPTION"])
    assert "Adhérent : Boulangerie Mère Brazier" in description
    assert "Compétence : comptabilite" in description
    assert "Contact sur place : Mme Hélène Müller · helene@example.fr" in description


def test_icalendar_reads_every_event():
    s, p = _month_plan()
    cal = icalendar.Calendar.from_ical(feed(s, [p]).body)
    assert len(cal.walk("VEVENT")) == 4
    assert len(cal.walk("VTIMEZONE")) == 1


def test_vobject_reads_every_event():
    s, p = _month_plan()
    cal = vobject.readOne(feed(s, [p]).body.decode("utf-8"))
    assert len(cal.vevent_list) == 4
    assert {str(e.uid.value) for e in cal.vevent_list} == {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(feed(s, [p]).body).walk("VEVENT")
    }


def test_empty_feed_is_valid_and_keeps_the_vtimezone():
    s = accented_scenario()
    body = feed(s, [plan("2026-03")], Audience(FeedKind.EMPLOYEE, "e2")).body
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTIMEZONE")) == 1
    parsed = vobject.readOne(body.decode("utf-8"))
    assert parsed.vtimezone is not None


def test_regeneration_gives_identical_bytes():
    s, p = _month_plan()
    first = feed(s, [p], Audience(FeedKind.MEMBER, "m2"))
    again = feed(s, [p], Audience(FeedKind.MEMBER, "m2"), state=first.state)
    assert first.body == again.body
    assert first.state == again.state


def test_stamps_come_from_the_change_time_not_the_clock():
    s, p = _month_plan()
    changed = dt.datetime(2026, 2, 1, 8, 0, 0, tzinfo=dt.UTC)
    lines = unfolded(feed(s, [p], changed_at=changed).body)
    stamps = {line for line in lines if line.startswith(("DTSTAMP:", "LAST-MODIFIED:"))}
    assert stamps == {"DTSTAMP:20260201T080000Z", "LAST-MODIFIED:20260201T080000Z"}
