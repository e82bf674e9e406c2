"""API keys and feed tokens are stored hashed, resolve while live, and stop resolving once revoked."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session, select

from persistence.credentials import (
    authenticate_api_key,
    create_api_key,
    create_feed_token,
    resolve_feed_token,
    revoke_api_key,
    revoke_feed_token,
    rotate_api_key,
    rotate_feed_token,
)
from persistence.db import write_session
from persistence.scenario_io import import_scenario
from persistence.tables import ApiKeyRow, FeedTokenRow
from tests.persistence.factories import minimal


@pytest.fixture
def group_id(db_engine):
    with write_session(db_engine) as session:
        return import_scenario(session, minimal()).id


def test_api_key_is_stored_as_its_sha256_only(db_engine, group_id):
    with write_session(db_engine) as session:
        _, plain = create_api_key(session, group_id, "manager")
    with Session(db_engine) as session:
        rows = session.exec(select(ApiKeyRow)).all()
    assert [r.key_hash for r in rows] == [hashlib.sha256(plain.encode()).hexdigest()]
    assert all(plain not in (r.prefix * 2) for r in rows)


def test_revoked_api_key_no_longer_authenticates(db_engine, group_id):
    with write_session(db_engine) as session:
        row, plain = create_api_key(session, group_id, "accountant")
        assert authenticate_api_key(session, plain) is not None
        revoke_api_key(session, row)
        assert authenticate_api_key(session, plain) is None


def test_rotated_api_key_keeps_role_and_scope_and_retires_the_old_one(db_engine, group_id):
    with write_session(db_engine) as session:
        row, old = create_api_key(session, group_id, "manager", label="bureau")
        new_row, new = rotate_api_key(session, row)
        assert authenticate_api_key(session, old) is None
        assert authenticate_api_key(session, new).id == new_row.id
        assert (new_row.role, new_row.label) == ("manager", "bureau")


def test_member_key_without_member_is_refused(db_engine, group_id):
    with write_session(db_engine) as session, pytest.raises(ValueError, match="member"):
        create_api_key(session, group_id, "member")


def test_feed_token_resolves_until_revoked_and_rotation_replaces_it(db_engine, group_id):
    with write_session(db_engine) as session:
        row, plain = create_feed_token(session, group_id, "group")
        assert resolve_feed_token(session, plain).id == row.id
        new_row, new = rotate_feed_token(session, row)
        assert resolve_feed_token(session, plain) is None
        assert resolve_feed_token(session, new).id == new_row.id
        revoke_feed_token(session, new_row)
        assert resolve_feed_token(session, new) is None
        hashes = [r.token_hash for r in session.exec(select(FeedTokenRow))]
    assert plain not in hashes and new not in hashes
