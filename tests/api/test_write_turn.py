"""The process's SQLite write turn is always given back, whatever way a request ends (an answer, a
refusal, a 404 raised in the route, invalid input): a turn kept would stall every later write."""

from __future__ import annotations

import pytest

from persistence.db import write_lock

ENDINGS = [
    (
        "manager",
        "POST",
        "/absences",
        {"employee": "e1", "kind": "training", "start": "2026-05-04", "end": "2026-05-04"},
    ),
    ("manager", "POST", "/absences", {"employee": "nobody", "kind": "training"}),
    ("manager", "DELETE", "/absences/999999", None),
    ("member_m1", "DELETE", "/absences/999999", None),
    ("manager", "POST", "/feeds/tokens/999999/rotate", None),
    ("member_m1", "POST", "/feeds/tokens/999999/rotate", None),
    ("manager", "PATCH", "/members/m1", {"headcount": -5}),
    ("manager", "POST", "/members", {"id": "m1", "name": "Doublon"}),
]


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: PostgreSQL has no process write turn."""
    return f"sqlite:///{(tmp_path / 'test.db').as_posix()}"


@pytest.mark.parametrize(("who", "method", "path", "body"), ENDINGS)
def test_every_ending_of_a_write_request_gives_the_turn_back(world, who, method, path, body):
    lock = write_lock(world.engine)
    assert lock is not None
    response = world.call(who, method, path, json=body)
    assert response.status_code < 500
    assert not lock.locked(), f"{method} {path} answered {response.status_code} and kept the write turn"
