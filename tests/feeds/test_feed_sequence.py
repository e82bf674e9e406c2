"""Stable UIDs and SEQUENCE: a re-plan that moves one assignment changes only that event."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from engine.feeds import Audience, FeedKind, advance_state, event_uid, plan_events
from tests.feeds.helpers import PUBLISHED_AT, accented_scenario, assign, events_by_uid, feed, plan

D = dt.date
LATER = PUBLISHED_AT + dt.timedelta(days=3, hours=2)


def _before_after():
    s = accented_scenario()
    before = plan(
        "2026-03",
        assign(s, "e1", "n1", D(2026, 3, 2)),
        assign(s, "e1", "n1", D(2026, 3, 5)),
        assign(s, "e2", "n3", D(2026, 3, 3)),
    )
    after = plan(
        "2026-03",
        assign(s, "e1", "n1", D(2026, 3, 2), start="09:30"),  # moved by the re-plan
        assign(s, "e1", "n1", D(2026, 3, 5)),
        assign(s, "e2", "n3", D(2026, 3, 3)),
    )
    return s, before, after


def test_uid_is_derived_from_group_need_date_and_employee():
    s, before, _ = _before_after()
    uids = [e.uid for e in plan_events(s, [before])]
    assert event_uid("ge-mini", "n1", D(2026, 3, 2), "e1") in uids
    assert all(u.endswith("@ge-engine") for u in uids)


def test_moved_assignment_keeps_its_uid_and_raises_its_sequence():
    s, before, after = _before_after()
    first = feed(s, [before])
    second = feed(s, [after], state=first.state, changed_at=LATER)
    moved = event_uid("ge-mini", "n1", D(2026, 3, 2), "e1")
    old, new = events_by_uid(first.body)[moved], events_by_uid(second.body)[moved]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == ("0", "1")
    assert new["DTSTART;TZID=Europe/Paris"] == "20260302T093000"
    assert new["LAST-MODIFIED"] == "20260301T194512Z"


def test_re_plan_leaves_unmoved_events_byte_identical():
    s, before, after = _before_after()
    first = feed(s, [before])
    second = feed(s, [after], state=first.state, changed_at=LATER)
    moved = event_uid("ge-mini", "n1", D(2026, 3, 2), "e1")
    old, new = events_by_uid(first.body), events_by_uid(second.body)
    assert old.keys() == new.keys()
    assert all(old[uid] == new[uid] for uid in old if uid != moved)


def test_text_change_moves_last_modified_but_not_sequence():
    s, before, _ = _before_after()
    first = feed(s, [before])
    renamed = accented_scenario()
    renamed.member_by_id["m1"].contact = "M. Paul Durand"
    second = feed(renamed, [before], state=first.state, changed_at=LATER)
    uid = event_uid("ge-mini", "n1", D(2026, 3, 2), "e1")
    event = events_by_uid(second.body)[uid]
    assert event["SEQUENCE"] == "0"
    assert event["LAST-MODIFIED"] == "20260301T194512Z"


def test_removed_assignment_leaves_the_feed_without_a_cancelled_event():
    s, before, _ = _before_after()
    first = feed(s, [before])
    fewer = plan("2026-03", *before.assignments[1:])
    second = feed(s, [fewer], state=first.state, changed_at=LATER)
    assert len(events_by_uid(second.body)) == 2
    assert b"CANCELLED" not in second.body


def test_event_that_comes_back_moved_continues_its_sequence():
    s, before, after = _before_after()
    first = feed(s, [before])
    gone = feed(s, [plan("2026-03")], state=first.state, changed_at=LATER)
    back = feed(s, [after], state=gone.state, changed_at=LATER + dt.timedelta(days=1))
    uid = event_uid("ge-mini", "n1", D(2026, 3, 2), "e1")
    assert events_by_uid(back.body)[uid]["SEQUENCE"] == "1"


def test_state_is_shared_by_every_audience():
    s, before, _ = _before_after()
    group = feed(s, [before])
    member = feed(s, [before], Audience(FeedKind.MEMBER, "m1"), state=group.state)
    assert member.state == group.state


@given(st.lists(st.sampled_from(["08:30", "09:00", "09:30", "10:00"]), min_size=1, max_size=8))
def test_sequence_never_decreases_and_counts_schedule_changes(starts):
    s = accented_scenario()
    state: dict = {}
    previous = None
    changes = 0
    for i, start in enumerate(starts):
        events = plan_events(s, [plan("2026-03", assign(s, "e1", "n1", D(2026, 3, 2), start=start))])
        if previous is not None and start != previous:
            changes += 1
        state = advance_state(events, state, PUBLISHED_AT + dt.timedelta(hours=i))
        previous = start
    (only,) = state.values()
    assert only.sequence == changes
