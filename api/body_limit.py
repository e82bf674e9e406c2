"""A limit on the size of request bodies: anything larger is refused with 413 before it is read.

Without it a client could send 200 MiB of JSON and the service would read and parse it all (19 s, 930 MB
in the audit). `BodyLimit` is an ASGI middleware in front of every route:
- a `Content-Length` over the limit is answered 413 at once, before the route runs or a byte is read;
- a body sent without a length (chunked) is counted as it arrives, and reading stops with 413 as soon
  as it passes the limit.
The limit is `Settings.max_body_bytes` (`GE_MAX_BODY_BYTES`, default 1 MiB). A route that takes larger
bodies (a workbook upload) declares its own with `**body_limit(n)` in its decorator; the limit is then
written in the OpenAPI document as `x-max-body-bytes` of the operation, where the middleware finds it.
The 413 is a problem details object like every other error.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.route_table import route_table

MIB = 1024 * 1024
EXTENSION = "x-max-body-bytes"


def body_limit(max_bytes: int) -> dict[str, Any]:
    """Decorator arguments for a route that accepts bodies up to `max_bytes`:
    `@router.post("/workbooks", **body_limit(20 * MIB))`."""
    return {"openapi_extra": {EXTENSION: max_bytes}}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes, the limit of this route")


class BodyLimit:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, max_bytes: int, fastapi_app: FastAPI) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.fastapi_app = fastapi_app

    def limit_for(self, scope: Scope) -> int:
        """The limit of the operation `scope` is for: its own (`body_limit`) or the default."""
        operation = route_table(self.fastapi_app).operations(scope["path"]).get(scope["method"], {})
        return int(operation.get(EXTENSION, self.max_bytes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        limit = self.max_bytes
        if length is not None and length > limit:
            limit = self.limit_for(scope)
            if length > limit:
                await _refuse(scope, receive, send, limit)
                return
        received = 0
        started = False
        looked_up = length is not None and length > self.max_bytes

        async def counting_receive() -> Message:
            nonlocal received, limit, looked_up
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not looked_up:  # the route's own limit, once, if ever needed
                    limit, looked_up = self.limit_for(scope), True
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(scope, receive, send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    from starlette.requests import Request

    from api.errors import problem_response

    response = problem_response(Request(scope, receive), BodyTooLarge(limit))
    response.headers["Connection"] = "close"  # the rest of the body is not read
    await response(scope, receive, send)
