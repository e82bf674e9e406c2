"""Serving calendar feeds from the database: token → audience → cached body, ETag and Last-Modified.

A feed request must be cheap (clients poll every few hours, ≥ 300 requests/s on 2 cores): the hot path is
two indexed reads — the token's row and the group's *signature* (the published plan versions in the
feed window and the latest audit event id, which every data change writes) — then an in-process cache
keyed by (audience, signature). When the signature moved, in one write transaction:
1. if nothing that changed concerns this feed (`persistence.feed_audience.untouched`: an absence, an
   invoice, another member's site), its stored body is kept and only its signature moves on;
2. else the feed alone is rendered again from what it shows (`persistence.feed_audience`: its
   assignments in the window and the rows they name, never the whole group): the state of its events is
   advanced (`engine.feeds.advance_state`, stamped with the time the change was first seen, so
   DTSTAMP/LAST-MODIFIED stay put afterwards; the state is per event UID and shared by every feed of the
   group) and its HTTP Last-Modified kept unless the bytes changed, in which case it moves to now — and
   always strictly forward, so an `If-Modified-Since` of the old copy never gets a wrong 304
   (ical-feeds.md: a wrong 304 freezes a feed forever).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engine.feeds import Audience, EventState, FeedKind, advance_state, assignment_events, render
from engine.timeutil import parse_month
from persistence.db import is_sqlite, write_session
from persistence.feed_audience import (
    Signature,
    audience_assignments,
    audience_keys,
    directory_for,
    referenced,
    untouched,
    window_plans,
)
from persistence.feed_state import FeedEventStateRow, FeedRenderRow, FeedSyncRow
from persistence.tables import EmployeeRow, GroupRow, MemberRow
from persistence.tokens import hash_secret
from persistence.types import utcnow

CACHE_SIZE = 2048
DEFAULT_PAST_MONTHS = 12
"""Published months kept in feeds before the current month (later months are always included)."""


@dataclass(frozen=True)
class FeedAudience:
    """Who a token's feed is for, in database terms."""

    group_id: int
    scope: str  # group | member | employee
    member_id: int | None
    employee_id: int | None

    @property
    def key(self) -> str:
        if self.scope == "member":
            return f"member:{self.member_id}"
        if self.scope == "employee":
            return f"employee:{self.employee_id}"
        return "group"


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str  # quoted strong entity tag
    last_modified: dt.datetime  # UTC, whole seconds
    event_count: int


_cache: OrderedDict[tuple[int, str, str], RenderedFeed] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


_SIGNATURE_COLUMNS = """
    (SELECT max(a.id) FROM audit_event a WHERE a.group_id = {g}),
    (SELECT count(*) FROM plan_version p
        WHERE p.group_id = {g} AND p.status = 'published' AND p.month >= :since),
    (SELECT max(p.id) FROM plan_version p
        WHERE p.group_id = {g} AND p.status = 'published' AND p.month >= :since)
"""
_LOOKUP = text(
    "SELECT t.group_id, t.scope, t.member_id, t.employee_id,"
    + _SIGNATURE_COLUMNS.format(g="t.group_id")
    + " FROM feed_token t WHERE t.token_hash = :hash AND t.revoked_at IS NULL"
)
_SIGNATURE = text("SELECT" + _SIGNATURE_COLUMNS.format(g=":group_id"))


def _signature_of(since: str, revision: Any, published: Any, newest: Any) -> str:
    """The data revision (every audited change, publications included) and the published versions in
    the window (their count and newest id: a publication, a withdrawal or a return of an old version all
    move one of them), as `Signature.text()`: a later render reads from it what changed since."""
    return Signature(
        since,
        None if revision is None else int(revision),
        int(published or 0),
        None if newest is None else int(newest),
    ).text()


def lookup(engine: Engine, token: str, since: str | None = None) -> tuple[FeedAudience, str] | None:
    """The audience of a live token and its group's current signature, in ONE query (the hot path).

    None for an unknown or revoked token. Plain SQL on a pooled connection: this runs on every poll.
    """
    since = since or window_start()
    params = {"hash": hash_secret(token), "since": since}
    if is_sqlite(engine):
        row = _sqlite_lookup(engine, params)
    else:
        with engine.connect() as conn:
            row = conn.execute(_LOOKUP, params).first()
    if row is None:
        return None
    return FeedAudience(row[0], row[1], row[2], row[3]), _signature_of(since, row[4], row[5], row[6])


def _sqlite_lookup(engine: Engine, params: dict[str, str]) -> Any:
    """The lookup on the pooled sqlite3 connection itself: a quarter of the cost of a SQLAlchemy
    `Connection` (whose BEGIN, ROLLBACK and result machinery took 0.25 ms of a 0.26 ms lookup). The
    connections are in autocommit mode (persistence.db), so this read sees the latest commit."""
    conn = engine.raw_connection()
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(_LOOKUP.text, params)
            return cursor.fetchone()
        finally:
            cursor.close()
    finally:
        conn.close()


def resolve_token(session: Session, token: str) -> FeedAudience | None:
    """The audience of a live token (None for unknown or revoked ones)."""
    found = lookup(session.get_bind(), token)  # type: ignore[arg-type]
    return found[0] if found else None


def window_start(today: dt.date | None = None) -> str:
    """First month in feeds: `GE_FEED_PAST_MONTHS` (default 12) before the current one."""
    today = today or utcnow().date()
    back = int(os.environ.get("GE_FEED_PAST_MONTHS", DEFAULT_PAST_MONTHS))
    index = today.year * 12 + today.month - 1 - back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def signature(session: Session, group_id: int, since: str) -> str:
    """What a group's feeds depend on (the same value `lookup` computes)."""
    row = session.connection().execute(_SIGNATURE, {"group_id": group_id, "since": since}).one()
    return _signature_of(since, row[0], row[1], row[2])


def _domain_audience(session: Session, audience: FeedAudience) -> Audience:
    if audience.scope == "member":
        key = session.exec(select(MemberRow.key).where(MemberRow.id == audience.member_id)).one()
        return Audience(FeedKind.MEMBER, key)
    if audience.scope == "employee":
        key = session.exec(select(EmployeeRow.key).where(EmployeeRow.id == audience.employee_id)).one()
        return Audience(FeedKind.EMPLOYEE, key)
    return Audience(FeedKind.GROUP)


def _from_row(row: FeedRenderRow) -> RenderedFeed:
    return RenderedFeed(row.body, row.etag, row.last_modified, row.event_count)


def _remember(key: tuple[int, str, str], feed: RenderedFeed) -> None:
    with _cache_lock:
        _cache[key] = feed
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def cached_feed(audience: FeedAudience, sig: str) -> RenderedFeed | None:
    """The feed from the in-process cache only (no database): the hot path's fast answer."""
    with _cache_lock:
        return _cache.get((audience.group_id, audience.key, sig))


def feed_for(engine: Engine, audience: FeedAudience, sig: str, since: str | None = None) -> RenderedFeed:
    """The current feed of `audience` for signature `sig` (from `lookup`): from the in-process cache,
    the stored render, or a fresh render."""
    key = (audience.group_id, audience.key, sig)
    cached = cached_feed(audience, sig)
    if cached is not None:
        return cached
    since = since or window_start()
    try:
        feed = _render_stored(engine, audience, since)
    except IntegrityError:  # two first renders of a group raced to create its sync row: the loser retries
        feed = _render_stored(engine, audience, since)
    _remember(key, feed)
    return feed


STATE_BATCH = 500
"""UIDs per query when reading a feed's event state."""


def _render_stored(engine: Engine, audience: FeedAudience, since: str) -> RenderedFeed:
    with write_session(engine, immediate=True) as session:
        gid = audience.group_id
        sync = session.exec(select(FeedSyncRow).where(FeedSyncRow.group_id == gid).with_for_update()).first()
        if sync is None:
            sync = FeedSyncRow(group_id=gid)
            session.add(sync)
            session.flush()
        sig = signature(session, gid, since)
        now = utcnow().replace(microsecond=0)
        sync.signature, sync.synced_at = sig, now
        session.add(sync)
        stored = session.get(FeedRenderRow, (gid, audience.key))
        if stored is not None and stored.signature == sig:
            return _from_row(stored)
        current = Signature.parse(sig)
        before = Signature.parse(stored.signature) if stored is not None else None
        assert current is not None
        if stored is not None and before is not None and untouched(session, gid, before, current, None):
            return _keep(session, stored, sig)  # only what no feed shows changed
        group = session.get(GroupRow, gid)
        assert group is not None
        plans = window_plans(session, gid, since)
        rows = audience_assignments(session, audience, [i for i, _ in plans], ZoneInfo(group.timezone))
        wanted = referenced(rows, audience_keys(session, audience))
        if stored is not None and before is not None and untouched(session, gid, before, current, wanted):
            return _keep(session, stored, sig)  # what changed is not in this feed
        directory = directory_for(session, gid, wanted)
        events = assignment_events(directory, [r.assignment for r in rows])
        state_rows = _state_rows(session, gid, [e.uid for e in events])
        state = {
            uid: EventState(r.sequence, r.schedule_hash, r.content_hash, r.last_modified)
            for uid, r in state_rows.items()
        }
        new_state = advance_state(events, state, now)
        for uid, value in new_state.items():
            if state.get(uid) == value:
                continue
            row = state_rows.get(uid)
            if row is None:
                row = FeedEventStateRow(
                    group_id=gid,
                    uid=uid,
                    sequence=value.sequence,
                    schedule_hash=value.schedule_hash,
                    content_hash=value.content_hash,
                    last_modified=value.last_modified,
                )
            else:
                row.sequence, row.schedule_hash = value.sequence, value.schedule_hash
                row.content_hash, row.last_modified = value.content_hash, value.last_modified
            session.add(row)
        years = {parse_month(month)[0] for _, month in plans} or {now.year}
        domain_audience = _domain_audience(session, audience)
        body = render(directory, events, new_state, domain_audience, years)
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        count = len(events)
        if stored is None:
            stored = FeedRenderRow(
                group_id=gid,
                audience=audience.key,
                signature=sig,
                etag=etag,
                last_modified=now,
                body=body,
                event_count=count,
            )
        elif stored.etag != etag:
            stored.last_modified = max(now, stored.last_modified + dt.timedelta(seconds=1))
            stored.etag, stored.body, stored.event_count = etag, body, count
        stored.signature = sig
        session.add(stored)
        session.flush()
        return _from_row(stored)


def _keep(session: Session, stored: FeedRenderRow, sig: str) -> RenderedFeed:
    """The stored body is still this feed's: it is now valid for `sig` too."""
    stored.signature = sig
    session.add(stored)
    session.flush()
    return _from_row(stored)


def _state_rows(session: Session, group_id: int, uids: list[str]) -> dict[str, FeedEventStateRow]:
    """The stored state of these event UIDs (a feed's; read in batches, never the whole group's)."""
    out: dict[str, FeedEventStateRow] = {}
    for i in range(0, len(uids), STATE_BATCH):
        batch = uids[i : i + STATE_BATCH]
        query = select(FeedEventStateRow).where(
            FeedEventStateRow.group_id == group_id, col(FeedEventStateRow.uid).in_(batch)
        )
        out.update((r.uid, r) for r in session.exec(query))
    return out
