"""A feed is rendered again only when something it shows changed, and from its own rows alone
(persistence.feed_audience): an absence or another member's site leaves it as stored; a new name in it
renders it again, keeping its events' UIDs and SEQUENCE."""

from __future__ import annotations

import icalendar
import pytest

import persistence.feed_store as feed_store
import persistence.scenario_io as scenario_io

ABSENCE = {"employee": "e1", "kind": "training", "start": "2026-04-20", "end": "2026-04-20"}


@pytest.fixture
def feed(world, monkeypatch):
    """m1's feed of the published small plan, and a count of the renders."""
    feed_store.clear_cache()
    plan = world.ids["draft_plan"]
    assert world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    renders = []
    real = feed_store.render

    def counted(*args, **kwargs):
        renders.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(feed_store, "render", counted)
    body = {"scope": "member", "member": "m1"}
    token = world.call("manager", "POST", "/feeds/tokens", json=body).json()["token"]
    yield world, f"/feeds/{token}.ics", renders
    feed_store.clear_cache()


def _get(world, path):
    response = world.client.get(path)
    assert response.status_code == 200, response.text
    return response


def _events(response):
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def test_an_absence_leaves_the_feed_as_stored(feed):
    world, path, renders = feed
    first = _get(world, path)
    assert world.call("manager", "POST", "/absences", json=ABSENCE).status_code == 201
    second = _get(world, path)
    assert len(renders) == 1
    assert second.headers["etag"] == first.headers["etag"]


def test_a_change_to_another_members_site_leaves_the_feed_as_stored(feed):
    world, path, renders = feed
    _get(world, path)
    assert world.call("manager", "PATCH", "/sites/m2-s1", json={"name": "Atelier neuf"}).status_code == 200
    _get(world, path)
    assert len(renders) == 1


def test_renaming_an_employee_of_the_feed_renders_it_again_with_the_name(feed):
    world, path, renders = feed
    first = _events(_get(world, path))
    assert (
        world.call("manager", "PATCH", "/employees/e1", json={"name": "Élodie Renommée"}).status_code == 200
    )
    response = _get(world, path)
    after = _events(response)
    assert len(renders) == 2
    assert "Élodie Renommée" in response.content.decode()
    assert after.keys() == first.keys()
    assert {int(e["SEQUENCE"]) for e in after.values()} == {0}


def test_a_feed_is_rendered_without_reading_the_whole_group(feed, monkeypatch):
    world, path, renders = feed

    def refuse(*_args, **_kwargs):
        raise AssertionError("a feed render read the whole group")

    monkeypatch.setattr(scenario_io, "export_scenario", refuse)
    monkeypatch.setattr(scenario_io, "export_data", refuse)
    assert "BEGIN:VEVENT" in _get(world, path).text
    assert len(renders) == 1


def test_the_group_feed_shows_every_published_assignment(feed):
    world, _, _ = feed
    token = world.call("manager", "POST", "/feeds/tokens", json={"scope": "group"}).json()["token"]
    assert len(_events(_get(world, f"/feeds/{token}.ics"))) == 3
