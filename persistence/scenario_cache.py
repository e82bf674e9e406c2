"""A group's data as scenario JSON, kept per data revision: `GET /group/scenario` without re-reading the group.

Exporting a 10,000-employee group (every row read, the scenario validated with the loader's checks, then
written as JSON) took 14.5 s, and a manager's tool may read it often while nothing changed. Every change of
a group's data records an audit event in the same transaction (`persistence.audit.record`; calendar feeds
rely on this too), so the group's newest audit event (its id and time: a database emptied and filled
again may reuse an id, not both) is its *revision*: the JSON exported at a revision is served again, as
bytes, until a write moves the revision on. Kept in process (a few groups, by database and group),
computed again after a restart.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from persistence.scenario_io import export_scenario
from persistence.tables import AuditEventRow

CACHE_GROUPS = 8
"""Groups whose latest export is kept (one revision each: a write makes the older one useless)."""

_cache: OrderedDict[tuple[str, int], tuple[Any, bytes]] = OrderedDict()
_lock = threading.Lock()


def revision(session: Session, group_id: int) -> Any:
    """The group's data revision: its newest audit event's id and time (None before the first)."""
    query = (
        select(col(AuditEventRow.id), col(AuditEventRow.at))
        .where(col(AuditEventRow.group_id) == group_id)
        .order_by(col(AuditEventRow.id).desc())
        .limit(1)
    )
    row = session.connection().execute(query).first()
    return None if row is None else (row[0], row[1])


def scenario_json(session: Session, group_id: int) -> bytes:
    """The group as validated scenario data in JSON (what `export_scenario` gives, by alias), from the
    cache when the group's revision has not moved since it was exported."""
    current = revision(session, group_id)
    key = (str(session.get_bind().engine.url), group_id)
    with _lock:
        found = _cache.get(key)
        if found is not None and found[0] == current:
            _cache.move_to_end(key)
            return found[1]
    body = export_scenario(session, group_id).model_dump_json(by_alias=True).encode()
    with _lock:
        _cache[key] = (current, body)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_GROUPS:
            _cache.popitem(last=False)
    return body


def clear_cache() -> None:
    with _lock:
        _cache.clear()
