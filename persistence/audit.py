"""The audit log: who changed what (actor, action, entity, before/after, time), per group.

Every write through the API records an event here in the same transaction as the change, so the log and
the data cannot disagree. Publishing a plan also records one `assignment.published` event per assignment
with the employee, the reason (member, need, skill), the place (site and address) and the duration: the
legal record of where each employee was put at whose disposal, kept even after later re-plans.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from persistence.tables import AuditEventRow


def record(
    session: Session,
    group_id: int,
    actor: str,
    action: str,
    entity: str,
    entity_key: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    employee_key: str | None = None,
) -> AuditEventRow:
    row = AuditEventRow(
        group_id=group_id,
        actor=actor,
        action=action,
        entity=entity,
        entity_key=entity_key,
        employee_key=employee_key,
        before=before,
        after=after,
    )
    session.add(row)
    return row


def events(
    session: Session,
    group_id: int,
    *,
    entity: str | None = None,
    entity_key: str | None = None,
    employee_key: str | None = None,
    action: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[AuditEventRow], int]:
    """A page of the group's events, newest first, and the total count."""
    query = select(AuditEventRow).where(AuditEventRow.group_id == group_id)
    if entity is not None:
        query = query.where(AuditEventRow.entity == entity)
    if entity_key is not None:
        query = query.where(AuditEventRow.entity_key == entity_key)
    if employee_key is not None:
        query = query.where(AuditEventRow.employee_key == employee_key)
    if action is not None:
        query = query.where(AuditEventRow.action == action)
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(AuditEventRow.id).desc()).offset(offset).limit(limit)).all()
    return list(rows), int(count)
