"""Who sees what: an employee her own work, a member who comes to it, the group everything."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from engine.feeds import Audience, FeedKind
from tests.feeds.helpers import accented_scenario, assign, feed, plan

D = dt.date


def _plan():
    s = accented_scenario()
    return s, plan(
        "2026-03",
        assign(s, "e1", "n1", D(2026, 3, 2)),
        assign(s, "e2", "n3", D(2026, 3, 3)),
        assign(s, "e1", "n2", D(2026, 3, 3)),
    )


def _summaries(body: bytes) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_employee_feed_holds_only_her_assignments():
    s, p = _plan()
    cal = icalendar.Calendar.from_ical(feed(s, [p], Audience(FeedKind.EMPLOYEE, "e2")).body)
    assert [e["DTSTART"].dt.date() for e in cal.walk("VEVENT")] == [D(2026, 3, 3)]


def test_member_feed_names_who_comes_and_for_which_need():
    s, p = _plan()
    body = feed(s, [p], Audience(FeedKind.MEMBER, "m2")).body
    assert _summaries(body) == [
        "Bruno Pétit · maintenance",
        "Éléonore-Bénédicte Château-Thierry de Saint-Aignan-sur-Chèr, Réunion; É\\ · comptabilite",
    ]
    description = str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["DESCRIPTION"])
    assert "Salarié·e :" in description and "Besoin :" in description


def test_group_feed_holds_every_assignment():
    s, p = _plan()
    assert len(_summaries(feed(s, [p]).body)) == 3


def test_feed_spans_several_published_months():
    s = accented_scenario()
    march = plan("2026-03", assign(s, "e1", "n1", D(2026, 3, 2)))
    april = plan("2026-04", assign(s, "e1", "n1", D(2026, 4, 2)))
    assert len(_summaries(feed(s, [march, april], Audience(FeedKind.EMPLOYEE, "e1")).body)) == 2


def test_group_audience_with_a_subject_is_refused():
    with pytest.raises(ValueError, match="group feed"):
        Audience(FeedKind.GROUP, "m1")
