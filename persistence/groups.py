"""A new group in the database: its data from a scenario, and its first manager key (shown once).

Used by `ge group import` and `ge serve`'s first start; a group is otherwise never created through the
API (an operator with access to the database adds one). The scenario may come from any reader: the
command line picks one by file type (`ge.commands.group.READERS`).
"""

from __future__ import annotations

from sqlmodel import Session

from engine.model import Scenario
from persistence.audit import record
from persistence.credentials import create_api_key
from persistence.scenario_io import import_scenario
from persistence.tables import ApiKeyRow, GroupRow


def create_group(
    session: Session, scenario: Scenario, *, actor: str, key_label: str = "first manager"
) -> tuple[GroupRow, ApiKeyRow, str]:
    """Import `scenario` as a new group with a manager key (flushed, not committed): (group, key row,
    plain key). `DuplicateGroupError` when the database already holds a group with the same id."""
    group = import_scenario(session, scenario, actor=actor)
    assert group.id is not None
    row, plain = create_api_key(session, group.id, "manager", label=key_label)
    record(session, group.id, actor, "api_key.created", "api_key", row.prefix, after={"role": "manager"})
    return group, row, plain
