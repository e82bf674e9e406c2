"""The feed over HTTP: tokens, Content-Type, ETag/304, Last-Modified/If-Modified-Since, revocation."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

import icalendar
import pytest

from tests.feeds.conftest import http_date
from tests.feeds.helpers import assign, plan

D = dt.date


def _token(world, scope="member", **subject):
    response = world.client.post("/feeds/tokens", json={"scope": scope, **subject}, headers=world.auth)
    assert response.status_code == 201, response.text
    return response.json()


def _publish_march(world, start="08:30"):
    s = world.scenario
    return world.publish(
        plan(
            "2026-03",
            assign(s, "e1", "n1", D(2026, 3, 2), start=start),
            assign(s, "e2", "n3", D(2026, 3, 3)),
            assign(s, "e1", "n2", D(2026, 3, 3)),
        )
    )


def _path(issued):
    return f"/feeds/{issued['token']}.ics"


def test_token_creation_offers_https_and_webcal_links(feed_world):
    issued = _token(feed_world, member="m1")
    assert issued["url"] == f"https://planning.example.fr/feeds/{issued['token']}.ics"
    assert issued["webcal"] == f"webcal://planning.example.fr/feeds/{issued['token']}.ics"
    assert len(issued["token"]) >= 22  # 32 random bytes, url-safe: far above 128 bits


def test_token_is_stored_hashed_never_in_clear(feed_world):
    from sqlmodel import Session, select

    from persistence.tables import FeedTokenRow

    issued = _token(feed_world, member="m1")
    with Session(feed_world.engine) as session:
        stored = session.exec(select(FeedTokenRow.token_hash)).all()
    assert issued["token"] not in stored and len(stored[0]) == 64


def test_member_feed_is_served_as_calendar(feed_world):
    _publish_march(feed_world)
    response = feed_world.client.get(_path(_token(feed_world, member="m2")))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 2


@pytest.mark.parametrize(
    "accept",
    ["application/json", "text/html", "*/*", "text/plain;q=0.1", "application/xml, text/calendar;q=0.1", ""],
)
def test_content_type_is_calendar_whatever_the_accept_header(feed_world, accept):
    _publish_march(feed_world)
    response = feed_world.client.get(_path(_token(feed_world, member="m1")), headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"


def test_strong_etag_is_the_hash_of_the_body(feed_world):
    import hashlib

    _publish_march(feed_world)
    response = feed_world.client.get(_path(_token(feed_world, scope="group")))
    etag = response.headers["etag"]
    assert not etag.startswith("W/")
    assert etag.strip('"') == hashlib.sha256(response.content).hexdigest()[:40]


def test_matching_if_none_match_answers_304_without_body(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    first = feed_world.client.get(path)
    again = feed_world.client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_if_none_match_among_several_tags_answers_304(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    etag = feed_world.client.get(path).headers["etag"]
    response = feed_world.client.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert response.status_code == 304


def test_stale_if_none_match_gets_the_new_body(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    old = feed_world.client.get(path)
    _publish_march(feed_world, start="09:30")
    response = feed_world.client.get(path, headers={"If-None-Match": old.headers["etag"]})
    assert response.status_code == 200 and response.headers["etag"] != old.headers["etag"]


def test_if_modified_since_last_modified_answers_304(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    first = feed_world.client.get(path)
    response = feed_world.client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert response.status_code == 304


def test_if_modified_since_before_last_modified_gets_the_body(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    last = parsedate_to_datetime(feed_world.client.get(path).headers["last-modified"])
    earlier = http_date(last - dt.timedelta(seconds=1))
    assert feed_world.client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200


def test_invalid_if_modified_since_is_ignored(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    assert feed_world.client.get(path, headers={"If-Modified-Since": "yesterday"}).status_code == 200


def test_if_none_match_wins_over_if_modified_since(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    first = feed_world.client.get(path)
    headers = {"If-None-Match": '"not-this-one"', "If-Modified-Since": first.headers["last-modified"]}
    assert feed_world.client.get(path, headers=headers).status_code == 200


def test_changed_feed_moves_last_modified_forward_so_an_old_copy_is_not_304(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    first = feed_world.client.get(path)
    _publish_march(feed_world, start="09:30")  # within the same second as the first render, often
    second = feed_world.client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert second.status_code == 200
    assert parsedate_to_datetime(second.headers["last-modified"]) > parsedate_to_datetime(
        first.headers["last-modified"]
    )


def test_republishing_identical_plan_keeps_etag_and_last_modified(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    first = feed_world.client.get(path)
    _publish_march(feed_world)
    second = feed_world.client.get(path)
    assert second.content == first.content
    assert (second.headers["etag"], second.headers["last-modified"]) == (
        first.headers["etag"],
        first.headers["last-modified"],
    )


def test_replan_moving_one_assignment_keeps_uid_and_raises_sequence_in_the_served_feed(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, employee="e1", scope="employee"))
    before = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(feed_world.client.get(path).content).walk("VEVENT")
    }
    _publish_march(feed_world, start="09:30")
    after = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(feed_world.client.get(path).content).walk("VEVENT")
    }
    assert before.keys() == after.keys()
    sequences = {uid: (int(before[uid]["SEQUENCE"]), int(after[uid]["SEQUENCE"])) for uid in before}
    assert sorted(sequences.values()) == [(0, 0), (0, 1)]


def test_empty_feed_before_any_publication_is_valid(feed_world):
    response = feed_world.client.get(_path(_token(feed_world, scope="employee", employee="e2")))
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTIMEZONE")) == 1


def test_revoked_token_answers_404(feed_world):
    issued = _token(feed_world, member="m1")
    assert (
        feed_world.client.delete(f"/feeds/tokens/{issued['id']}", headers=feed_world.auth).status_code == 204
    )
    response = feed_world.client.get(_path(issued))
    assert response.status_code == 404


def test_rotated_token_replaces_the_old_one(feed_world):
    issued = _token(feed_world, member="m1")
    rotated = feed_world.client.post(f"/feeds/tokens/{issued['id']}/rotate", headers=feed_world.auth).json()
    assert feed_world.client.get(_path(issued)).status_code == 404
    assert feed_world.client.get(_path(rotated)).status_code == 200


def test_unknown_token_answers_404(feed_world):
    assert feed_world.client.get("/feeds/" + "x" * 43 + ".ics").status_code == 404


def test_head_gives_headers_without_body(feed_world):
    _publish_march(feed_world)
    path = _path(_token(feed_world, member="m1"))
    response = feed_world.client.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["etag"] == feed_world.client.get(path).headers["etag"]


def test_token_of_an_unknown_member_is_404(feed_world):
    response = feed_world.client.post(
        "/feeds/tokens", json={"scope": "member", "member": "nobody"}, headers=feed_world.auth
    )
    assert response.status_code == 404


def test_creating_tokens_needs_an_api_key(feed_world):
    assert feed_world.client.post("/feeds/tokens", json={"scope": "group"}).status_code == 401


def _member_key(world, member_key):
    from sqlmodel import Session, select

    from persistence.credentials import create_api_key
    from persistence.tables import MemberRow

    with Session(world.engine) as session:
        member_id = session.exec(select(MemberRow.id).where(MemberRow.key == member_key)).one()
        _, key = create_api_key(session, world.group_id, "member", member_id=member_id)
        session.commit()
    return {"Authorization": f"Bearer {key}"}


def test_member_key_may_create_its_own_feed_link(feed_world):
    headers = _member_key(feed_world, "m1")
    response = feed_world.client.post(
        "/feeds/tokens", json={"scope": "member", "member": "m1"}, headers=headers
    )
    assert response.status_code == 201


def test_member_key_cannot_create_another_members_feed_link(feed_world):
    headers = _member_key(feed_world, "m1")
    response = feed_world.client.post(
        "/feeds/tokens", json={"scope": "member", "member": "m2"}, headers=headers
    )
    assert response.status_code == 404


def test_member_key_cannot_revoke_another_members_link(feed_world):
    other = _token(feed_world, member="m2")
    headers = _member_key(feed_world, "m1")
    assert feed_world.client.delete(f"/feeds/tokens/{other['id']}", headers=headers).status_code == 404
    assert feed_world.client.get(_path(other)).status_code == 200
