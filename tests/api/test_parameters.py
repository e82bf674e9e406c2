"""Every route's parameters and bodies go through the shared checks (api.params, api.models.InputBody):
the route table is walked, so a new route that forgets them fails here."""

from __future__ import annotations

import importlib
import re
from typing import get_args
from urllib.parse import quote

import pytest

from api.main import OPTIONAL_ROUTERS, ROUTERS
from api.models import InputBody
from api.params import MAX_ROW_ID

SAMPLE = {"month": "2026-03", "token": "x" * 43, "name": "par_adherent.csv", "job_id": "0" * 32}


def _operations(app):
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            yield path, method.upper(), operation


def _params(operation, where: str):
    return [p for p in operation.get("parameters", []) if p["in"] == where]


def _schema(parameter) -> dict:
    schema = parameter["schema"]
    return next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)


def test_every_integer_path_parameter_is_bounded_by_the_id_columns(world):
    unbounded = [
        f"{method} {path} {p['name']}"
        for path, method, operation in _operations(world.app)
        for p in _params(operation, "path")
        if _schema(p).get("type") == "integer"
        and (_schema(p).get("minimum") != 1 or _schema(p).get("maximum") != MAX_ROW_ID)
    ]
    assert unbounded == []


def test_every_string_path_parameter_has_a_pattern(world):
    loose = [
        f"{method} {path} {p['name']}"
        for path, method, operation in _operations(world.app)
        for p in _params(operation, "path")
        if _schema(p).get("type") == "string" and "pattern" not in _schema(p) and p["name"] != "token"
    ]
    assert loose == []


def _filled(path: str, overrides: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: overrides.get(m.group(1), SAMPLE.get(m.group(1), "1")), path)


def test_no_route_answers_500_to_an_id_beyond_the_id_columns_or_a_nul_in_a_path(world):
    failures = []
    for path, method, operation in _operations(world.app):
        for p in _params(operation, "path"):
            bad = str(MAX_ROW_ID + 1) if _schema(p).get("type") == "integer" else quote("a\x00b")
            response = world.call("manager", method, _filled(path, {p["name"]: bad}), json={})
            if not 400 <= response.status_code < 500:
                failures.append(f"{method} {path} {p['name']}: {response.status_code}")
    assert failures == []


def test_no_route_answers_500_to_a_nul_in_a_query_parameter(world):
    failures = []
    for path, method, operation in _operations(world.app):
        for p in _params(operation, "query"):
            if _schema(p).get("type") != "string" or "format" in _schema(p):
                continue
            response = world.call("manager", method, _filled(path, {}), params={p["name"]: "a\x00b"}, json={})
            if response.status_code >= 500 or response.status_code < 400:
                failures.append(f"{method} {path} {p['name']}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("name", ROUTERS + OPTIONAL_ROUTERS)
def test_every_request_body_is_an_input_body(name):
    module = importlib.import_module(f"api.routes.{name}")
    loose = [
        f"{sorted(route.methods)} {route.path}: {route.body_field.field_info.annotation}"
        for route in module.router.routes
        if getattr(route, "body_field", None) is not None
        and not all(
            issubclass(t, InputBody)
            for t in (
                get_args(route.body_field.field_info.annotation) or [route.body_field.field_info.annotation]
            )
            if t is not type(None)
        )
    ]
    assert loose == []
