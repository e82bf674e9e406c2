"""Dependencies shared by every router: database session, caller, roles, pagination.

Stable contract (api/routes/jobs.py and api/routes/feeds.py use these names):
- `SessionDep`: a SQLModel `Session` for the request; committed when the route returns and BEFORE the
  answer is sent (a function-scoped dependency: a client that reads right after a 201 sees what it
  wrote), rolled back on error (a failed commit is answered as such, never after a success). For a
  method that writes (anything but GET, HEAD, OPTIONS) on SQLite it waits for the process's write turn
  on the event loop, then begins with `BEGIN IMMEDIATE` (`persistence.db`). `WriteSessionDep`: always
  the write session. The app's engine is `request.app.state.engine` (`get_engine_from(request)`).
- `CallerDep`: the authenticated caller as a `persistence.scope.Scope` (group id, role, member or
  employee it acts for, `actor` string for the audit log). Keys come in `Authorization: Bearer <key>` or
  `X-API-Key: <key>`; a missing, unknown or revoked key is a 401 problem. A signed-in browser's session
  cookie (`ge_session`, persistence.accounts) gives the same `Scope`, so the workspace's pages (api/pages)
  are authorised by this very code; with a cookie, a request that changes something also needs the
  session's CSRF token.
- Role shortcuts, each a `Scope`: `ManagerDep` (manager only), `BillingReaderDep` (manager, accountant),
  `BillingWriterDep` (the same two: billing runs, issuing, credit notes), `MemberDep`, `EmployeeDep`,
  `PlanReaderDep` (manager, member, employee), `AnyRoleDep` (all four). `require_roles(*roles)` builds
  others. A role outside the list gets 403; an object outside the caller's scope must be answered 404 by
  the route (never 403, which would confirm it exists).
- `PageDep`: `offset` and `limit` query parameters; list routes return `ListOf[T]` = `{data, count}`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Generic, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Engine, or_, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from api.errors import Forbidden, Unauthorized
from persistence.accounts import csrf_matches, resolve_session, scope_of_user
from persistence.credentials import authenticate_api_key
from persistence.db import WRITE_WAIT_SECONDS, DatabaseBusy, write_lock, writer
from persistence.scope import Scope
from persistence.settings import Settings
from persistence.tables import ApiKeyRow
from persistence.types import utcnow

T = TypeVar("T")

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
"""An API key's `last_used_at` is written at most this often (reads should not write)."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("ge.api")


def get_engine_from(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings_from(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _take_turn(lock: threading.Lock) -> None:
    """Wait for the process's SQLite write turn on the event loop: no worker thread is held while
    waiting, so the writer that has the turn always finds a thread to finish on."""
    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    delay = 0.001
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            raise DatabaseBusy(f"the database stayed busy for {WRITE_WAIT_SECONDS:.0f} s; try again")
        await anyio.sleep(delay)
        delay = min(delay * 2, 0.02)


async def _in_thread(function: Callable[[], object]) -> None:
    """Run a session's commit, rollback or close in a thread of its own limiter (never waiting for the
    shared pool, which writers waiting in `persistence.db.write_turn` may fill), shielded from
    cancellation so that a transaction is always ended and the write turn always released."""
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(function, limiter=anyio.CapacityLimiter(1))


@asynccontextmanager
async def _request_session(engine: Engine, *, write: bool) -> AsyncIterator[Session]:
    lock = write_lock(engine) if write else None
    if lock is not None:
        await _take_turn(lock)
    session = Session(bind=writer(engine) if write else engine, expire_on_commit=False)
    try:
        try:
            yield session
        except BaseException:
            await _in_thread(session.rollback)
            raise
        await _in_thread(session.commit)
    finally:
        await _in_thread(session.close)
        if lock is not None:
            lock.release()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session: a write session (see the module's docstring) unless the method is safe."""
    # `async with`, not `async for`: closing this generator must close the inner one at once (an
    # abandoned `async for` would leave it, and the write turn, to the garbage collector)
    async with _request_session(
        get_engine_from(request), write=request.method not in SAFE_METHODS
    ) as session:
        yield session


async def get_write_session(request: Request) -> AsyncIterator[Session]:
    """A write session whatever the method: on SQLite it takes the write lock at its first statement
    (`persistence.db.writer`), so that a commit by another connection in between (a job worker finishing)
    makes it wait its turn instead of failing with "database is locked" on a stale snapshot."""
    async with _request_session(get_engine_from(request), write=True) as session:
        yield session


# scope="function": the session ends (commits) when the route function returns, BEFORE the answer is
# sent; FastAPI's default for yield dependencies ("request") ends it after the answer has gone out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_from)]


SESSION_COOKIE = "ge_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _caller_from_key(engine: Engine, plain: str) -> Scope:
    """The caller of an API key, looked up in its own short transaction (not the route's session): on SQLite
    a route's session that had read before another connection wrote could no longer write (stale snapshot)."""
    with Session(engine, expire_on_commit=False) as session:
        row = authenticate_api_key(session, plain.strip())
        if row is None or row.id is None:
            raise Unauthorized("this API key is unknown or has been revoked")
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        touch_api_key(engine, row.id, now)
    return Scope(
        group_id=row.group_id,
        role=row.role,
        member_id=row.member_id,
        employee_id=row.employee_id,
        actor=f"{row.role}:{row.prefix}" + (f" ({row.label})" if row.label else ""),
        key_id=row.id,
    )


def touch_api_key(engine: Engine, key_id: int, now: dt.datetime) -> None:
    """Record that a key was used: one guarded UPDATE in its own transaction (a write that starts with
    a write, so SQLite's busy timeout applies; two requests racing write it once). It never fails the
    request: a database too busy to take it leaves the older time, which the next use corrects."""
    stale = now - LAST_USED_RESOLUTION
    try:
        with engine.begin() as conn:
            conn.execute(
                update(ApiKeyRow)
                .where(
                    col(ApiKeyRow.id) == key_id,
                    or_(col(ApiKeyRow.last_used_at).is_(None), col(ApiKeyRow.last_used_at) < stale),
                )
                .values(last_used_at=now)
            )
    except OperationalError as exc:
        log.warning("last use of API key %s not recorded: %s", key_id, exc.orig)


def _caller_from_session(engine: Engine, token: str) -> tuple[Scope, str, str]:
    """The caller of a browser session cookie, its CSRF token and the user's e-mail."""
    with Session(engine, expire_on_commit=False) as session:
        found = resolve_session(session, token)
        if found is None:
            raise Unauthorized("your session has ended: sign in again")
        web, user = found
        session.commit()
    return scope_of_user(user, web.id), web.csrf_token, user.email


async def _csrf_sent(request: Request) -> str | None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    return given


async def current_caller(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key_header)],
) -> Scope:
    """Who is calling: an API key (programs) or a browser's session cookie (the workspace's pages).

    Both give the same `Scope`, checked by the same `require_roles` and scoped by the same repositories: the
    pages have no authorisation code of their own. A session cookie authorises a request that changes
    something only with the session's CSRF token (header `X-CSRF-Token` or form field `csrf_token`).
    """
    engine = get_engine_from(request)
    plain = bearer.credentials if bearer is not None else api_key
    if plain:
        return await run_in_threadpool(_caller_from_key, engine, plain)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("send your API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`")
    caller, csrf, email = await run_in_threadpool(_caller_from_session, engine, token)
    if request.method in UNSAFE_METHODS and not csrf_matches(csrf, await _csrf_sent(request)):
        raise Forbidden("the form's security token (CSRF) is missing or wrong: reload the page and try again")
    request.state.csrf_token = csrf
    request.state.user_email = email
    request.state.caller = caller
    return caller


CallerDep = Annotated[Scope, Depends(current_caller)]


def require_roles(*roles: str) -> Callable[[Scope], Scope]:
    allowed = frozenset(roles)

    def dependency(caller: CallerDep) -> Scope:
        if caller.role not in allowed:
            raise Forbidden(
                f"the {caller.role} role may not use this route (allowed: {', '.join(sorted(allowed))})"
            )
        return caller

    return dependency


ManagerDep = Annotated[Scope, Depends(require_roles("manager"))]
BillingReaderDep = Annotated[Scope, Depends(require_roles("manager", "accountant"))]
BillingWriterDep = BillingReaderDep
"""Running a month's billing, issuing invoices and credit notes: the manager's and the accountant's job."""
ActualsReaderDep = Annotated[Scope, Depends(require_roles("manager", "member", "accountant"))]
MemberOrManagerDep = Annotated[Scope, Depends(require_roles("manager", "member"))]
PlanReaderDep = Annotated[Scope, Depends(require_roles("manager", "member", "employee"))]
InvoiceReaderDep = Annotated[Scope, Depends(require_roles("manager", "accountant", "member"))]
MemberDep = Annotated[Scope, Depends(require_roles("member"))]
EmployeeDep = Annotated[Scope, Depends(require_roles("employee"))]
AnyRoleDep = Annotated[Scope, Depends(require_roles("manager", "member", "accountant", "employee"))]


class PageParams(BaseModel):
    offset: int
    limit: int


def page_params(
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="rows to return (at most 500)")] = 100,
) -> PageParams:
    return PageParams(offset=offset, limit=limit)


PageDep = Annotated[PageParams, Depends(page_params)]


class ListOf(BaseModel, Generic[T]):
    """A page of results and the total number of matching rows."""

    data: list[T]
    count: int
