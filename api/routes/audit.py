"""The audit log (managers) and an employee's legal record of assignments (managers, the employee)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, PageDep, SessionDep
from api.errors import problem_responses
from api.models import AuditEventPublic
from api.params import KeyPath, TextQuery
from api.routes.employees import EmployeeReaderDep
from persistence.audit import events
from persistence.store import GroupStore
from persistence.tables import AuditEventRow, EmployeeRow

router = APIRouter(tags=["audit"], responses=problem_responses(401, 403, 404))


def public(row: AuditEventRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "entity": row.entity,
        "entity_key": row.entity_key,
        "employee": row.employee_key,
        "before": row.before,
        "after": row.after,
    }


@router.get("/audit", response_model=ListOf[AuditEventPublic], summary="Who changed what, newest first")
def list_events(
    session: SessionDep,
    caller: ManagerDep,
    page: PageDep,
    entity: TextQuery = Query(None, max_length=32),
    entity_key: TextQuery = Query(None, max_length=200),
    action: TextQuery = Query(None, max_length=64),
) -> Any:
    rows, count = events(
        session,
        caller.group_id,
        entity=entity,
        entity_key=entity_key,
        action=action,
        offset=page.offset,
        limit=page.limit,
    )
    return listing([public(r) for r in rows], count)


@router.get(
    "/employees/{employee_id}/record",
    response_model=ListOf[AuditEventPublic],
    tags=["employees"],
    summary="The employee's legal record: reason, place and duration of every published assignment",
)
def employee_record(
    session: SessionDep, caller: EmployeeReaderDep, employee_id: KeyPath, page: PageDep
) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_key(EmployeeRow, employee_id), "employee", employee_id)
    rows, count = events(
        session,
        caller.group_id,
        employee_key=row.key,
        action="assignment.published",
        offset=page.offset,
        limit=page.limit,
    )
    return listing([public(r) for r in rows], count)
