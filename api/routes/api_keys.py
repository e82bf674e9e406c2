"""API keys of the group: managers list, create, rotate and revoke them. A key is shown once.

The group's last active manager key cannot be revoked (409): a group nobody can manage could only be
recovered by an operator (`ge key add`). Rotating it is allowed: the replacement comes in the answer,
which is sent only after the transaction that made it has committed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, PageDep, SessionDep
from api.errors import Conflict, Invalid, problem_responses
from api.models import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from persistence.audit import record
from persistence.credentials import LastManagerKey, create_api_key, revoke_api_key, rotate_api_key
from persistence.mapping import KeyIndex
from persistence.store import GroupStore
from persistence.tables import ApiKeyRow, EmployeeRow, MemberRow

router = APIRouter(prefix="/api-keys", tags=["api keys"], responses=problem_responses(401, 403, 404))


def public(row: ApiKeyRow, index: KeyIndex, key: str | None = None) -> dict[str, Any]:
    out = {
        "id": row.id,
        "prefix": row.prefix,
        "role": row.role,
        "member": index.key_of("member", row.member_id),
        "employee": index.key_of("employee", row.employee_id),
        "label": row.label,
        "created_at": row.created_at,
        "revoked_at": row.revoked_at,
        "last_used_at": row.last_used_at,
    }
    if key is not None:
        out["key"] = key
    return out


@router.get("", response_model=ListOf[ApiKeyPublic], summary="List the group's API keys")
def list_keys(session: SessionDep, caller: ManagerDep, page: PageDep) -> Any:
    store = GroupStore(session, caller)
    query = store.visible(ApiKeyRow)
    rows, count = store.page(query, page.offset, page.limit, col(ApiKeyRow.id))
    return listing([public(r, store.index) for r in rows], count)


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(422),
    summary="Create a key (the response holds the key, once)",
)
def create_key(session: SessionDep, caller: ManagerDep, body: ApiKeyCreate) -> Any:
    store = GroupStore(session, caller)
    member_id = employee_id = None
    if body.role == "member":
        if body.member is None:
            raise Invalid("a member key needs `member`")
        member_id = found(store.by_key(MemberRow, body.member), "member", body.member).id
    if body.role == "employee":
        if body.employee is None:
            raise Invalid("an employee key needs `employee`")
        employee_id = found(store.by_key(EmployeeRow, body.employee), "employee", body.employee).id
    row, plain = create_api_key(
        session, caller.group_id, body.role, member_id=member_id, employee_id=employee_id, label=body.label
    )
    record(
        session,
        caller.group_id,
        caller.actor,
        "api_key.created",
        "api_key",
        row.prefix,
        after={"role": row.role},
    )
    return public(row, store.index, plain)


@router.post(
    "/{key_id}/rotate", response_model=ApiKeyCreated, summary="Revoke a key and issue its replacement"
)
def rotate_key(session: SessionDep, caller: ManagerDep, key_id: int) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_id(ApiKeyRow, key_id), "api key", key_id)
    new, plain = rotate_api_key(session, row)
    record(
        session,
        caller.group_id,
        caller.actor,
        "api_key.rotated",
        "api_key",
        row.prefix,
        after={"new": new.prefix},
    )
    return public(new, store.index, plain)


@router.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(409),
    summary="Revoke a key (never the group's last active manager key: 409)",
)
def revoke_key(session: SessionDep, caller: ManagerDep, key_id: int) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_id(ApiKeyRow, key_id), "api key", key_id)
    try:
        revoke_api_key(session, row)
    except LastManagerKey as exc:
        raise Conflict(str(exc)) from None
    record(session, caller.group_id, caller.actor, "api_key.revoked", "api_key", row.prefix)
