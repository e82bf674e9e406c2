"""What the pages reuse between requests: the group's scenario, plan versions and rendered boards.

Why: the board of a 200 × 60 month reads the whole group (a validated `Scenario`), thousands of assignments
and renders a large table, and a manager opens it again and again while nothing changed. Every change to a
group's data is written to its audit log (persistence.audit; the calendar feeds rely on the same fact,
persistence.feed_store), so the group's newest audit event id is its data revision: an entry is reused only
for the same database, group (and its creation instant, so that a re-created group never meets the old
entries) and revision. Entries are immutable values (a `Scenario`, a `Plan`, an HTML string); a small LRU
per process bounds the memory.

A hand edit of a plan, a new draft or a discarded one change no data the group's scenario is read from
(only plan versions, and the group's pins, which are part of the key), so the scenario is keyed by
`data_revision`: the newest audit event other than those, and the group's settings. What a plan edit
leaves as it was is then reused, not read again: the plan's unchanged assignments (`plan_of`, keyed by
their row contents) and the board's unchanged employee rows (api/pages/board.py).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session

from engine.model import Plan, Scenario
from persistence.plans import assignment_basis, plan_reusing
from persistence.scenario_io import export_scenario
from persistence.tables import PlanVersionRow

T = TypeVar("T")
MAX_ENTRIES = 64
_REVISION = text(
    "SELECT g.created_at, (SELECT max(a.id) FROM audit_event a WHERE a.group_id = g.id) "
    "FROM ge_group g WHERE g.id = :group_id"
)
PLAN_ONLY_ACTIONS = ("plan.edited", "plan.drafted", "plan.discarded")
"""Audit actions that change plan versions only (a pin an edit sets is in the group's settings, read too)."""
_DATA_REVISION = text(
    "SELECT g.created_at, g.settings, (SELECT max(a.id) FROM audit_event a WHERE a.group_id = g.id "
    "AND a.action NOT IN (" + ", ".join(f"'{a}'" for a in PLAN_ONLY_ACTIONS) + ")) "
    "FROM ge_group g WHERE g.id = :group_id"
)
_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def revision(session: Session, group_id: int) -> tuple[str, int, str, int]:
    """The key of the group's current data: database, group, its creation instant, newest audit event."""
    created, newest = session.connection().execute(_REVISION, {"group_id": group_id}).one()
    url = session.get_bind().url.render_as_string(hide_password=True)  # type: ignore[union-attr]
    return (url, group_id, str(created), int(newest or 0))


def group_identity(session: Session, group_id: int) -> tuple[str, int, str]:
    """The group as a key, blind to changes of its data: database, group, its creation instant."""
    return revision(session, group_id)[:3]


def data_revision(session: Session, group_id: int) -> tuple[str, int, str, int, str]:
    """The key of the data the group's scenario is read from: as `revision`, but blind to the audit events of
    plan versions alone (PLAN_ONLY_ACTIONS), with the group's settings (its pins) in the key instead."""
    created, settings, newest = session.connection().execute(_DATA_REVISION, {"group_id": group_id}).one()
    url = session.get_bind().url.render_as_string(hide_password=True)  # type: ignore[union-attr]
    canonical = settings if isinstance(settings, str) else json.dumps(settings, sort_keys=True, default=str)
    return (url, group_id, str(created), int(newest or 0), canonical)


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


def peek(key: Hashable) -> Any:
    """The entry under `key`, or None (not counted as a use)."""
    with _lock:
        return _entries.get(key)


def keep(key: Hashable, value: Any) -> None:
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def scenario_of(session: Session, group_id: int) -> Scenario:
    return remembered(
        ("scenario", data_revision(session, group_id)), lambda: export_scenario(session, group_id)
    )


def plan_of(session: Session, row: PlanVersionRow) -> Plan:
    """The plan version, read again after any change to the group's data, but reusing the assignments an
    earlier read of the same version made while what they are read with held (`assignment_basis`: the
    group's time zone, the keys of its employees, members and sites; `plan_reusing`). A change of other
    data (an absence, a contract) leaves them reusable."""

    def read() -> Plan:
        known_key = ("plan-assignments", row.id, group_identity(session, row.group_id))
        basis = assignment_basis(session, row.group_id)
        held = peek(known_key)
        plan, known = plan_reusing(session, row, held[1] if held is not None and held[0] == basis else {})
        keep(known_key, (basis, known))
        return plan

    return remembered(("plan", row.id, revision(session, row.group_id)), read)


def clear() -> None:
    with _lock:
        _entries.clear()
