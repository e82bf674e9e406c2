"""Members' needs. Managers manage every need; a member key manages its own needs only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, MemberOrManagerDep, PageDep, SessionDep
from api.errors import problem_responses
from api.models import NeedCreate, NeedPublic, NeedUpdate, merge
from api.params import KeyPath, KeyQuery
from engine.model import Need
from persistence.mapping import dump
from persistence.store import GroupStore
from persistence.tables import MemberRow, NeedRow

router = APIRouter(prefix="/needs", tags=["needs"], responses=problem_responses(401, 403, 404))


@router.get("", response_model=ListOf[NeedPublic], summary="List needs")
def list_needs(
    session: SessionDep,
    caller: MemberOrManagerDep,
    page: PageDep,
    member: KeyQuery = Query(None, description="only this member's needs"),
) -> Any:
    store = GroupStore(session, caller)
    query = store.visible(NeedRow)
    if member is not None:
        query = query.join(MemberRow, col(MemberRow.id) == NeedRow.member_id).where(MemberRow.key == member)
    rows, count = store.page(query, page.offset, page.limit, col(NeedRow.id))
    return listing([dump(store.need(r)) for r in rows], count)


@router.post(
    "", response_model=NeedPublic, status_code=status.HTTP_201_CREATED, responses=problem_responses(409, 422)
)
def create_need(session: SessionDep, caller: MemberOrManagerDep, body: NeedCreate) -> Any:  # type: ignore[valid-type]
    need = Need.model_validate(body.model_dump(by_alias=True))
    GroupStore(session, caller).save_need(need)
    return dump(need)


@router.get("/{need_id}", response_model=NeedPublic, summary="Read a need")
def read_need(session: SessionDep, caller: MemberOrManagerDep, need_id: KeyPath) -> Any:
    store = GroupStore(session, caller)
    return dump(store.need(found(store.by_key(NeedRow, need_id), "need", need_id)))


@router.patch("/{need_id}", response_model=NeedPublic, responses=problem_responses(409, 422))
def update_need(session: SessionDep, caller: MemberOrManagerDep, need_id: KeyPath, body: NeedUpdate) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_key(NeedRow, need_id), "need", need_id)
    need = merge(store.need(row), body, Need, id=row.key)
    store.save_need(need, row)
    return dump(need)


@router.delete("/{need_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(409))
def delete_need(session: SessionDep, caller: MemberOrManagerDep, need_id: KeyPath) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_key(NeedRow, need_id), "need", need_id)
    store.delete(row, "need", row.key, store.need(row))
