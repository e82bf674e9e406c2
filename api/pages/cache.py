"""What the pages reuse between requests: the group's scenario, plan versions and rendered boards.

Why: the board of a 200 × 60 month reads the whole group (a validated `Scenario`), thousands of assignments
and renders a large table, and a manager opens it again and again while nothing changed. Every change to a
group's data is written to its audit log (persistence.audit; the calendar feeds rely on the same fact,
persistence.feed_store), so the group's newest audit event id is its data revision: an entry is reused only
for the same database, group (and its creation instant, so that a re-created group never meets the old
entries) and revision. Entries are immutable values (a `Scenario`, a `Plan`, an HTML string); a small LRU
per process bounds the memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session

from engine.model import Plan, Scenario
from persistence.plans import plan_from_row
from persistence.scenario_io import export_scenario
from persistence.tables import PlanVersionRow

T = TypeVar("T")
MAX_ENTRIES = 64
_REVISION = text(
    "SELECT g.created_at, (SELECT max(a.id) FROM audit_event a WHERE a.group_id = g.id) "
    "FROM ge_group g WHERE g.id = :group_id"
)
_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def revision(session: Session, group_id: int) -> tuple[str, int, str, int]:
    """The key of the group's current data: database, group, its creation instant, newest audit event."""
    created, newest = session.connection().execute(_REVISION, {"group_id": group_id}).one()
    url = session.get_bind().url.render_as_string(hide_password=True)  # type: ignore[union-attr]
    return (url, group_id, str(created), int(newest or 0))


def remembered(key: Hashable, build: Callable[[], T]) -> T:
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def scenario_of(session: Session, group_id: int) -> Scenario:
    return remembered(("scenario", revision(session, group_id)), lambda: export_scenario(session, group_id))


def plan_of(session: Session, row: PlanVersionRow) -> Plan:
    return remembered(("plan", row.id, revision(session, row.group_id)), lambda: plan_from_row(session, row))


def clear() -> None:
    with _lock:
        _entries.clear()
