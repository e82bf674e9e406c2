"""Members (adhérents). Managers create, change and delete them; a member key reads only itself."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, MemberOrManagerDep, PageDep, SessionDep
from api.errors import problem_responses
from api.models import MemberCreate, MemberPublic, MemberUpdate, merge
from api.params import KeyPath
from engine.model import Member
from persistence.mapping import dump
from persistence.store import GroupStore
from persistence.tables import MemberRow

router = APIRouter(prefix="/members", tags=["members"], responses=problem_responses(401, 403, 404))


def public(member: Member) -> dict[str, Any]:
    return dump(member, exclude={"sites"})


@router.get("", response_model=ListOf[MemberPublic], summary="List members")
def list_members(session: SessionDep, caller: MemberOrManagerDep, page: PageDep) -> Any:
    store = GroupStore(session, caller)
    rows, count = store.page(store.visible(MemberRow), page.offset, page.limit, col(MemberRow.id))
    return listing([public(store.member(r, with_sites=False)) for r in rows], count)


@router.post(
    "",
    response_model=MemberPublic,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409, 422),
    summary="Create a member",
)
def create_member(session: SessionDep, caller: ManagerDep, body: MemberCreate) -> Any:  # type: ignore[valid-type]
    member = Member.model_validate({**body.model_dump(by_alias=True), "sites": []})
    GroupStore(session, caller).save_member(member)
    return public(member)


@router.get("/{member_id}", response_model=MemberPublic, summary="Read a member")
def read_member(session: SessionDep, caller: MemberOrManagerDep, member_id: KeyPath) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_key(MemberRow, member_id), "member", member_id)
    return public(store.member(row, with_sites=False))


@router.patch(
    "/{member_id}",
    response_model=MemberPublic,
    responses=problem_responses(409, 422),
    summary="Change a member",
)
def update_member(session: SessionDep, caller: ManagerDep, member_id: KeyPath, body: MemberUpdate) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_key(MemberRow, member_id), "member", member_id)
    current = store.member(row)
    member = merge(current, body, Member, id=row.key)
    store.save_member(member, row)
    return public(member)


@router.delete(
    "/{member_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(409),
    summary="Delete a member (refused while plans, invoices or employees refer to it)",
)
def delete_member(session: SessionDep, caller: ManagerDep, member_id: KeyPath) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_key(MemberRow, member_id), "member", member_id)
    store.delete(row, "member", row.key, store.member(row))
