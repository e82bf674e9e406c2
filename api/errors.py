"""RFC 9457 problem details: every error the API returns, in one place.

Routes raise `ApiProblem` (or its subclasses) or let a domain exception through; `install(app)` maps them
all to `application/problem+json` bodies with `type`, `title`, `status`, `detail` and `instance`.
Validation errors list each field path (`errors: [{"path": "body.contract.weekly_hours", "message": …}]`).
Nothing else in the API builds an error response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.errors import DomainError, InputError
from persistence.store import BadReference

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


PAGES_PREFIX = "/app"
"""Paths of the workspace's pages (api/pages): their errors are answered as French HTML pages instead."""


def _response(request: Request, status: int, kind: str, title: str, detail: str, errors: Any = ()) -> Any:
    page = getattr(request.app.state, "page_problem", None)
    if page is not None and request.url.path.startswith(PAGES_PREFIX):
        return page(request, status, detail, list(errors))
    body = Problem(
        type=TYPE_BASE + kind,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=list(errors),
    )
    headers = {"WWW-Authenticate": 'Bearer realm="ge"'} if status == 401 else None
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


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

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        titles = {404: "Not found", 405: "Method not allowed", 401: "Missing or invalid API key"}
        title = titles.get(exc.status_code, "HTTP error")
        kind = title.lower().replace(" ", "-")
        return _response(request, exc.status_code, kind, title, str(exc.detail or ""))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Any:
        log.exception("unexpected error on %s", request.url.path)
        return _response(request, 500, "internal", "Internal error", "an unexpected error occurred")


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem responses a route may return."""
    descriptions = {
        400: "The body could not be read (not JSON, or not UTF-8)",
        401: "Missing or invalid API key",
        403: "The key's role may not use this route",
        404: "No such object in your scope",
        409: "Conflicts with the current state",
        422: "The request is not valid (field paths listed)",
    }
    return {
        s: {
            "model": Problem,
            "description": descriptions.get(s, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
