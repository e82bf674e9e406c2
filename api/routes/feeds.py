"""Calendar feeds: `GET /feeds/{token}.ics` (the URL is the credential) and the routes that manage tokens.

Answers follow the checklist of docs/feeds.md: `text/calendar; charset=utf-8` whatever the Accept header,
a strong ETag (hash of the body) with 304 on a matching `If-None-Match`, a Last-Modified with a correct
`If-Modified-Since` comparison (ignored when `If-None-Match` is present, RFC 9110 §13.1.3), and 404 for
an unknown or revoked token (never 401/403: the URL must not confirm that a token ever existed).

Tokens: a manager makes one per subscriber (the group, a member, an employee); a member or employee key
may make its own. The plain token is shown once, with its `https://` and `webcal://` links.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from api.deps import AnyRoleDep, ListOf, SessionDep, SettingsDep, get_engine_from
from api.errors import Forbidden, Invalid, NotFound, problem_responses
from persistence.credentials import create_feed_token, revoke_feed_token, rotate_feed_token
from persistence.db import is_sqlite
from persistence.feed_store import RenderedFeed, cached_feed, feed_for, lookup
from persistence.scope import Scope
from persistence.tables import EmployeeRow, FeedTokenRow, MemberRow

router = APIRouter(tags=["feeds"])
CALENDAR_TYPE = "text/calendar; charset=utf-8"


class FeedTokenCreate(BaseModel):
    scope: Literal["group", "member", "employee"]
    member: str | None = Field(None, description="member id, for a member feed")
    employee: str | None = Field(None, description="employee id, for an employee feed")
    label: str = Field("", max_length=200, description="who subscribes (e.g. 'Accueil Boulangerie Martin')")


class FeedTokenPublic(BaseModel):
    id: int
    scope: str
    member: str | None
    employee: str | None
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class FeedTokenIssued(FeedTokenPublic):
    token: str = Field(description="the secret, shown once")
    url: str = Field(description="the feed's link (https:// when the service is published over HTTPS)")
    webcal: str = Field(description="the same link as webcal://, which opens the calendar application")


# --- the feed itself ----------------------------------------------------------------------------------


def _http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` prefixes do not matter."""
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def _not_modified_since(header: str, last_modified: dt.datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored (RFC 9110 §13.1.3)
    if since is None or since.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def _headers(feed: RenderedFeed) -> dict[str, str]:
    return {
        "ETag": feed.etag,
        "Last-Modified": _http_date(feed.last_modified),
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }


_FEED_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/calendar": {}}, "description": "the feed"},
    304: {"description": "not modified since the copy the client holds"},
    **problem_responses(404),
}


@router.get(
    "/feeds/{token}.ics",
    response_class=Response,
    operation_id="get_feed",
    summary="A calendar feed (iCalendar); the token in the URL is the credential",
    responses=_FEED_RESPONSES,
    openapi_extra={"security": []},
)
async def get_feed(
    token: str,
    request: Request,
    if_none_match: Annotated[str | None, Header()] = None,
    if_modified_since: Annotated[str | None, Header()] = None,
) -> Response:
    return await _serve(token, request, if_none_match, if_modified_since)


@router.head(
    "/feeds/{token}.ics",
    response_class=Response,
    operation_id="head_feed",
    summary="The feed's headers (ETag, Last-Modified) without its body",
    responses=_FEED_RESPONSES,
    openapi_extra={"security": []},
)
async def head_feed(
    token: str,
    request: Request,
    if_none_match: Annotated[str | None, Header()] = None,
    if_modified_since: Annotated[str | None, Header()] = None,
) -> Response:
    return await _serve(token, request, if_none_match, if_modified_since)


async def _serve(
    token: str, request: Request, if_none_match: str | None, if_modified_since: str | None
) -> Response:
    """The hot path. On SQLite the token lookup (one indexed query on a local file, well under a
    millisecond, CPU-bound under the GIL anyway) runs on the event loop: handing it to a thread cost more
    than the query. A network database (PostgreSQL) and any re-render run in the thread pool, so that
    the loop never waits on I/O or on a long render."""
    engine = get_engine_from(request)
    found = None
    if 20 <= len(token) <= 100:
        if is_sqlite(engine):
            found = lookup(engine, token)
        else:
            found = await run_in_threadpool(lookup, engine, token)
    if found is None:
        raise NotFound("no calendar feed at this address (the link may have been revoked or replaced)")
    feed = cached_feed(*found)
    if feed is None:
        feed = await run_in_threadpool(feed_for, engine, *found)
    headers = _headers(feed)
    if if_none_match is not None:
        if _etag_matches(if_none_match, feed.etag):
            return Response(status_code=304, headers=headers)
    elif if_modified_since is not None and _not_modified_since(if_modified_since, feed.last_modified):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = 'inline; filename="planning.ics"'
    body = b"" if request.method == "HEAD" else feed.body
    response = Response(content=body, status_code=200, media_type=CALENDAR_TYPE, headers=headers)
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(feed.body))
    return response


# --- tokens -------------------------------------------------------------------------------------------


def _keys(session: SessionDep, row: FeedTokenRow) -> tuple[str | None, str | None]:
    member = session.get(MemberRow, row.member_id).key if row.member_id else None  # type: ignore[union-attr]
    employee = session.get(EmployeeRow, row.employee_id).key if row.employee_id else None  # type: ignore[union-attr]
    return member, employee


def _public(session: SessionDep, row: FeedTokenRow) -> FeedTokenPublic:
    member, employee = _keys(session, row)
    assert row.id is not None
    return FeedTokenPublic(
        id=row.id,
        scope=row.scope,
        member=member,
        employee=employee,
        label=row.label,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def _issued(session: SessionDep, settings: SettingsDep, row: FeedTokenRow, plain: str) -> FeedTokenIssued:
    url = f"{settings.public_url.rstrip('/')}/feeds/{plain}.ics"
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedTokenIssued(**_public(session, row).model_dump(), token=plain, url=url, webcal=webcal)


def _may_manage(caller: Scope, scope: str, member_id: int | None, employee_id: int | None) -> bool:
    """A manager manages every token; a member or employee key only the tokens of its own feed."""
    if caller.role == "manager":
        return True
    if caller.role == "member":
        return scope == "member" and member_id == caller.member_id
    if caller.role == "employee":
        return scope == "employee" and employee_id == caller.employee_id
    return False


def _visible_token(session: SessionDep, caller: Scope, token_id: int) -> FeedTokenRow:
    row = session.get(FeedTokenRow, token_id)
    if (
        row is None
        or row.group_id != caller.group_id
        or not _may_manage(caller, row.scope, row.member_id, row.employee_id)
    ):
        raise NotFound(f"no feed token {token_id} in your scope")
    return row


def _row_id(
    session: SessionDep, caller: Scope, table: type[MemberRow] | type[EmployeeRow], key: str | None, what: str
) -> int:
    if key is None:
        raise Invalid(f"a {what} feed needs `{what}` (the {what}'s id)")
    row_id = session.exec(select(table.id).where(table.group_id == caller.group_id, table.key == key)).first()
    if row_id is None:
        raise NotFound(f"no {what} {key!r} in your scope")
    return row_id


@router.post(
    "/feeds/tokens",
    status_code=201,
    response_model=FeedTokenIssued,
    summary="Create a feed link for the group, a member or an employee (the token is shown once)",
    responses=problem_responses(401, 403, 404, 422),
)
def create_token(
    body: FeedTokenCreate, session: SessionDep, settings: SettingsDep, caller: AnyRoleDep
) -> FeedTokenIssued:
    member_id = employee_id = None
    if body.scope == "member":
        member_id = _row_id(session, caller, MemberRow, body.member, "member")
    elif body.scope == "employee":
        employee_id = _row_id(session, caller, EmployeeRow, body.employee, "employee")
    if not _may_manage(caller, body.scope, member_id, employee_id):
        if caller.role in ("member", "employee") and body.scope != "group":
            raise NotFound(f"no {body.scope} {body.member or body.employee!r} in your scope")
        raise Forbidden(f"the {caller.role} role may only create the feed link of its own {caller.role}")
    row, plain = create_feed_token(
        session, caller.group_id, body.scope, member_id=member_id, employee_id=employee_id, label=body.label
    )
    return _issued(session, settings, row, plain)


@router.get(
    "/feeds/tokens",
    response_model=ListOf[FeedTokenPublic],
    summary="The feed links you manage (without their secrets)",
    responses=problem_responses(401, 403),
)
def list_tokens(
    session: SessionDep, caller: AnyRoleDep, include_revoked: bool = False
) -> ListOf[FeedTokenPublic]:
    query = select(FeedTokenRow).where(FeedTokenRow.group_id == caller.group_id)
    if not include_revoked:
        query = query.where(col(FeedTokenRow.revoked_at).is_(None))
    rows = [
        r
        for r in session.exec(query.order_by(col(FeedTokenRow.id)))
        if _may_manage(caller, r.scope, r.member_id, r.employee_id)
    ]
    return ListOf[FeedTokenPublic](data=[_public(session, r) for r in rows], count=len(rows))


@router.post(
    "/feeds/tokens/{token_id}/rotate",
    response_model=FeedTokenIssued,
    summary="Replace a feed link: the old one stops working at once, the new one is shown once",
    responses=problem_responses(401, 403, 404, 409),
)
def rotate_token(
    token_id: int, session: SessionDep, settings: SettingsDep, caller: AnyRoleDep
) -> FeedTokenIssued:
    row = _visible_token(session, caller, token_id)
    if row.revoked_at is not None:
        raise NotFound(f"feed token {token_id} is revoked: create a new one")
    new_row, plain = rotate_feed_token(session, row)
    return _issued(session, settings, new_row, plain)


@router.delete(
    "/feeds/tokens/{token_id}",
    status_code=204,
    response_class=Response,
    summary="Revoke a feed link (its URL answers 404 from now on)",
    responses=problem_responses(401, 403, 404),
)
def revoke_token(token_id: int, session: SessionDep, caller: AnyRoleDep) -> Response:
    revoke_feed_token(session, _visible_token(session, caller, token_id))
    return Response(status_code=204)
