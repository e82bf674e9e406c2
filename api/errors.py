"""RFC 9457 problem details: every error the API returns, in one place.

Routes raise `ApiProblem` (or its subclasses) or let a domain exception through; `install(app)` maps them
all to `application/problem+json` bodies with `type`, `title`, `status`, `detail` and `instance`.
Validation errors list each field path (`errors: [{"path": "body.contract.weekly_hours", "message": …}]`).
A publication refused for violations lists each of them (`violations: [{employee, start, end, article,
message, …}]`); one that would supersede a newer version names it (`published: {id, version}`).
Nothing else in the API builds an error response.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.errors import DomainError, InputError
from persistence.db import DatabaseBusy
from persistence.store import BadReference
from persistence.verdict import PublishConflict, PublishRefused, SupersedeNotConfirmed

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://ge-engine.org/problems/"
log = logging.getLogger("ge.api")


class FieldProblem(BaseModel):
    path: str = Field(description="where the problem is, e.g. `body.contract.weekly_hours`")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = Field(description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str = ""
    instance: str = Field("", description="the request path that failed")
    errors: list[FieldProblem] = Field(default_factory=list)


class ViolationProblem(BaseModel):
    """A finding of the compliance checker (persistence.verdict)."""

    employee: str | None = None
    employee_name: str | None = None
    rule: str
    article: str
    level: str = Field(description="`error` or `warning`")
    date: str | None = None
    start: str | None = Field(None, description="ISO 8601 with the offset of the group's zone")
    end: str | None = None
    need: str | None = None
    message: str = Field(description="in French")


class PublishRefusedProblem(Problem):
    """409: the plan breaks labour rules and is not published."""

    plan_id: int
    violations: list[ViolationProblem] = Field(description="every finding; those of level `error` refuse")


class PublishedVersion(BaseModel):
    id: int
    version: int


class SupersedeProblem(Problem):
    """409: publishing would replace a newer published version; `confirm_supersede=true` to proceed."""

    plan_id: int
    published: PublishedVersion


class ApiProblem(Exception):
    status = 400
    kind = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str = "", *, errors: list[FieldProblem] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class Unauthorized(ApiProblem):
    status, kind, title = 401, "unauthorized", "Missing or invalid API key"


class Forbidden(ApiProblem):
    status, kind, title = 403, "forbidden", "Your role may not do this"


class NotFound(ApiProblem):
    status, kind, title = 404, "not-found", "Not found"


class Conflict(ApiProblem):
    status, kind, title = 409, "conflict", "Conflict with the current state"


class Invalid(ApiProblem):
    status, kind, title = 422, "validation", "The request is not valid"


class Unavailable(ApiProblem):
    status, kind, title = 503, "unavailable", "A service the request needs is unavailable"


HTTP_TITLES = {
    401: "Missing or invalid API key",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
}


def _printable(text: str) -> str:
    """`text` as UTF-8 can carry it: a lone surrogate the client sent (in a JSON key that an error's path
    names) is written as its escape, so the problem itself can always be sent."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


PAGES_PREFIX = "/app"
"""Paths of the workspace's pages (api/pages): their errors are answered as French HTML pages instead."""


def _response(
    request: Request,
    status: int,
    kind: str,
    title: str,
    detail: str,
    errors: Any = (),
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Any:
    """The problem body; `extra` holds RFC 9457 extension members of a kind (e.g. `violations`). Under
    `/app` (the workspace) the same error is a French page (`app.state.page_problem`)."""
    page = getattr(request.app.state, "page_problem", None)
    if page is not None and request.url.path.startswith(PAGES_PREFIX):
        return page(request, status, detail, list(errors))
    body = Problem(
        type=TYPE_BASE + kind,
        title=title,
        status=status,
        detail=_printable(detail),
        instance=_printable(request.url.path),
        errors=[FieldProblem(path=_printable(e.path), message=_printable(e.message)) for e in errors],
    )
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="ge"'
    content = body.model_dump() | (extra or {})
    return JSONResponse(content, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _path(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def field_problems(exc: ValidationError | RequestValidationError, prefix: str = "") -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        path = _path(((prefix,) if prefix else ()) + loc)
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(FieldProblem(path=path, message=message))
    return problems


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem details response."""

    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> Any:
        return _response(request, exc.status, exc.kind, exc.title, exc.detail, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Any:
        errors = field_problems(exc)
        detail = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        return _response(request, 422, "validation", "The request is not valid", detail, errors)

    @app.exception_handler(ValidationError)
    async def _model_validation(request: Request, exc: ValidationError) -> Any:
        errors = field_problems(exc, "body")
        detail = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        return _response(request, 422, "validation", "The request is not valid", detail, errors)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Any:
        errors = [FieldProblem(path=p.path, message=p.message) for p in exc.problems]
        return _response(request, 422, "invalid-data", "The data is not valid", str(exc), errors)

    @app.exception_handler(BadReference)
    async def _reference(request: Request, exc: BadReference) -> Any:
        errors = [FieldProblem(path=exc.path, message=exc.message)]
        return _response(request, 422, "validation", "The request is not valid", str(exc), errors)

    @app.exception_handler(PublishRefused)
    async def _publish_refused(request: Request, exc: PublishRefused) -> Any:
        extra = {"plan_id": exc.plan_id, "violations": exc.violations}
        title = "The plan breaks labour rules: not published"
        return _response(request, 409, "plan-violations", title, str(exc), extra=extra)

    @app.exception_handler(SupersedeNotConfirmed)
    async def _supersede(request: Request, exc: SupersedeNotConfirmed) -> Any:
        extra = {
            "plan_id": exc.plan_id,
            "published": {"id": exc.current_id, "version": exc.current_version},
        }
        title = "Publishing would supersede a newer version"
        detail = f"{exc}: publish again with confirm_supersede=true"
        return _response(request, 409, "supersede-newer-version", title, detail, extra=extra)

    @app.exception_handler(PublishConflict)
    async def _publish_conflict(request: Request, exc: PublishConflict) -> Any:
        return _response(request, 409, "conflict", "Conflict with the current state", str(exc))

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Any:
        return _response(request, 409, "refused", "The request was refused", str(exc))

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Any:
        log.info("integrity error on %s: %s", request.url.path, exc.orig)
        return _response(
            request,
            409,
            "conflict",
            "Conflict with the current state",
            "the change conflicts with existing data (a duplicate id, or the object is still referenced)",
        )

    @app.exception_handler(DatabaseBusy)
    async def _busy(request: Request, exc: DatabaseBusy) -> JSONResponse:
        return _busy_response(request, str(exc))

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> JSONResponse:
        if not is_lock_timeout(exc):
            log.exception("database error on %s", request.url.path)
            return _response(request, 500, "internal", "Internal error", "an unexpected error occurred")
        log.warning("database busy on %s: %s", request.url.path, exc.orig)
        return _busy_response(request, "the database stayed busy with other writes; try again")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        return problem_response(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Any:
        log.exception("unexpected error on %s", request.url.path)
        return _response(request, 500, "internal", "Internal error", "an unexpected error occurred")


def is_lock_timeout(exc: OperationalError) -> bool:
    """SQLite's "database is locked" / "database is busy" (its busy timeout ran out)."""
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


def _busy_response(request: Request, detail: str) -> JSONResponse:
    """503 with Retry-After: a lock that outlasted the wait is a temporary state, never a server bug."""
    response = _response(request, 503, "busy", "The database is busy", detail)
    response.headers["Retry-After"] = "1"
    return response


def problem_response(request: Request, exc: StarletteHTTPException) -> Any:
    """Starlette's own errors (no route, a method the route does not have — with its `Allow` —, a body
    over the size limit) as problems, keeping their headers."""
    title = HTTP_TITLES.get(exc.status_code, "HTTP error")
    kind = title.lower().replace(" ", "-")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # Starlette names the methods of one route; the path may have several
        from api.route_table import route_table

        headers["Allow"] = ", ".join(route_table(request.app).allowed(request.url.path))
    return _response(request, exc.status_code, kind, title, str(exc.detail or ""), headers=headers)


def publish_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI declaration of a publication's 409: a conflict, violations, or a newer version."""
    schemas = [
        {"$ref": f"#/components/schemas/{m.__name__}"} for m in (PublishRefusedProblem, SupersedeProblem)
    ]
    return {
        409: {
            "model": PublishRefusedProblem | SupersedeProblem | Problem,
            "description": "Refused: the plan breaks labour rules (`violations`), it would supersede a "
            "newer published version (`published`), or it is already published / a stale re-plan",
            "content": {
                PROBLEM_MEDIA_TYPE: {
                    "schema": {"anyOf": [*schemas, {"$ref": "#/components/schemas/Problem"}]}
                }
            },
        }
    }


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem responses a route may return."""
    descriptions = {
        400: "The body could not be read (not JSON, or not UTF-8)",
        401: "Missing or invalid API key",
        403: "The key's role may not use this route",
        404: "No such object in your scope",
        405: "The route does not take this method (`Allow` lists those it takes)",
        409: "Conflicts with the current state",
        413: "The request body is larger than the limit (`GE_MAX_BODY_BYTES`, 1 MiB by default)",
        422: "The request is not valid (field paths listed)",
        503: "The database stayed busy with other writes; retry after the Retry-After delay",
    }
    return {
        s: {
            "model": Problem,
            "description": descriptions.get(s, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
