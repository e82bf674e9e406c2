"""Sites of members. Managers manage them; a member key reads its own sites."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, MemberOrManagerDep, PageDep, SessionDep
from api.errors import problem_responses
from api.models import SiteCreate, SitePublic, SiteUpdate, merge
from api.params import KeyPath, KeyQuery
from engine.model import Site
from persistence.mapping import dump, site_from_row
from persistence.store import GroupStore
from persistence.tables import MemberRow, SiteRow

router = APIRouter(prefix="/sites", tags=["sites"], responses=problem_responses(401, 403, 404))


def public(site: Site, member: str) -> dict[str, Any]:
    return {**dump(site), "member": member}


@router.get("", response_model=ListOf[SitePublic], summary="List sites")
def list_sites(
    session: SessionDep,
    caller: MemberOrManagerDep,
    page: PageDep,
    member: KeyQuery = Query(None, description="only the sites of this member"),
) -> Any:
    store = GroupStore(session, caller)
    query = store.visible(SiteRow)
    if member is not None:
        query = query.join(MemberRow, col(MemberRow.id) == SiteRow.member_id).where(MemberRow.key == member)
    rows, count = store.page(query, page.offset, page.limit, col(SiteRow.id))
    return listing([public(site_from_row(r), store.site_member_key(r)) for r in rows], count)


@router.post(
    "", response_model=SitePublic, status_code=status.HTTP_201_CREATED, responses=problem_responses(409, 422)
)
def create_site(session: SessionDep, caller: ManagerDep, body: SiteCreate) -> Any:  # type: ignore[valid-type]
    data = body.model_dump(by_alias=True)
    member = data.pop("member")
    site = Site.model_validate(data)
    GroupStore(session, caller).save_site(site, member)
    return public(site, member)


@router.get("/{site_id}", response_model=SitePublic, summary="Read a site")
def read_site(session: SessionDep, caller: MemberOrManagerDep, site_id: KeyPath) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_key(SiteRow, site_id), "site", site_id)
    return public(site_from_row(row), store.site_member_key(row))


@router.patch("/{site_id}", response_model=SitePublic, responses=problem_responses(409, 422))
def update_site(session: SessionDep, caller: ManagerDep, site_id: KeyPath, body: SiteUpdate) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_key(SiteRow, site_id), "site", site_id)
    site = merge(site_from_row(row), body, Site, id=row.key)
    member = store.site_member_key(row)
    store.save_site(site, member, row)
    return public(site, member)


@router.delete("/{site_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(409))
def delete_site(session: SessionDep, caller: ManagerDep, site_id: KeyPath) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_key(SiteRow, site_id), "site", site_id)
    store.delete(row, "site", row.key, site_from_row(row))
