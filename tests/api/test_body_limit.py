"""Request bodies over the limit are refused with a 413 problem before they are read (api.body_limit)."""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request

from api.body_limit import MIB, body_limit
from api.route_table import route_table
from persistence.settings import Settings

ABSENCE = {"employee": "e1", "kind": "training", "start": "2026-03-20", "end": "2026-03-20"}


def _padded(size: int) -> bytes:
    """A valid absence body of `size` bytes (the padding is JSON whitespace)."""
    body = json.dumps(ABSENCE).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def _call(app, method: str, path: str, headers: dict[str, str], chunks: list[bytes]):
    """Run one request through the ASGI app; returns (status, headers, body, chunks the app read)."""
    read = 0
    sent: list[dict] = []

    async def receive():
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict((k.decode(), v.decode()) for k, v in start["headers"]), body, read


def test_a_body_declared_over_the_limit_is_refused_before_a_byte_is_read(world):
    chunks = [b" " * 65536] * 64  # 4 MiB announced
    headers = {**world.headers("manager"), "content-type": "application/json", "content-length": str(4 * MIB)}
    status, response_headers, body, read = _call(world.app, "POST", "/absences", headers, chunks)
    assert status == 413 and read == 0
    assert response_headers["content-type"] == "application/problem+json"
    assert json.loads(body)["status"] == 413


def test_a_body_streamed_without_length_stops_being_read_at_the_limit(world):
    chunks = [b" " * 65536] * 64  # 4 MiB, chunked
    headers = {**world.headers("manager"), "content-type": "application/json"}
    status, response_headers, _, read = _call(world.app, "POST", "/absences", headers, chunks)
    assert status == 413 and response_headers["content-type"] == "application/problem+json"
    assert read == MIB // 65536 + 1


def test_a_route_that_reads_no_body_does_not_run_when_one_over_the_limit_is_sent(world):
    plan = world.ids["draft_plan"]
    response = world.client.post(
        f"/plans/{plan}/publish", content=b" " * (MIB + 1), headers=world.headers("manager")
    )
    assert response.status_code == 413
    assert world.call("manager", "GET", f"/plans/{plan}").json()["status"] == "draft"


def test_a_body_just_under_the_limit_is_read(world):
    headers = {**world.headers("manager"), "content-type": "application/json"}
    response = world.client.post("/absences", content=_padded(MIB), headers=headers)
    assert response.status_code == 201, response.text


def test_the_limit_is_a_setting(db_engine):
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(Settings(max_body_bytes=4096), engine=db_engine)
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/absences", content=_padded(5000), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "4096" in response.json()["detail"]


def test_a_route_may_declare_a_larger_limit_of_its_own(world):
    router = APIRouter()

    @router.post("/uploads/{name}", **body_limit(3 * MIB))
    async def upload(name: str, request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    world.app.include_router(router)
    world.app.openapi_schema = None
    route_table(world.app).invalidate()
    assert world.client.post("/uploads/w", content=b"x" * (2 * MIB)).json() == {"size": 2 * MIB}
    assert world.client.post("/uploads/w", content=b"x" * (3 * MIB + 1)).status_code == 413
    assert world.client.post("/absences", content=b"x" * (2 * MIB)).status_code == 413


def test_the_limit_is_declared_in_the_openapi_document(world):
    document = world.app.openapi()
    assert "413" in document["paths"]["/absences"]["post"]["responses"]
