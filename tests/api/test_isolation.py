"""Role and group isolation on every route: outsiders get the same answer for another scope's object as
for an object that does not exist (404, or 403 when their role may not use the route at all), and lists
never show another scope's data. The route table is walked, so a new route is covered automatically."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.api.conftest import FOREIGN_NAME

OUTSIDERS = ("member_m1", "employee_e1", "manager_g2")
FOREIGN = {
    "member_id": "zz-foreign",
    "site_id": "zz-site",
    "need_id": "zz-need",
    "employee_id": "zz-emp",
    "loan_id": "zz-loan",
}
MISSING = {
    "member_id": "nope",
    "site_id": "nope",
    "need_id": "nope",
    "employee_id": "nope",
    "loan_id": "nope",
}
BODIES = {"PATCH": {}, "PUT": {"lines": []}, "POST": None}


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]


_ROUTES: list[Route] = []


def _routes(app):
    """Every operation of the app, from its OpenAPI document (FastAPI includes routers lazily); the same
    for every app of the process, so built once (the document takes seconds to generate)."""
    if not _ROUTES:
        paths = app.openapi()["paths"]
        _ROUTES.extend(Route(path, frozenset(m.upper() for m in ops)) for path, ops in paths.items())
    return _ROUTES


def _fill(world, path: str, values: dict, int_value: int | None) -> str:
    params = {
        "plan_id": world.ids["draft_plan"] if int_value is None else int_value,
        "absence_id": world.ids["absence"] if int_value is None else int_value,
        "key_id": world.ids["api_key"] if int_value is None else int_value,
        "run_id": world.ids["billing_run"] if int_value is None else int_value,
        "invoice_id": world.ids["invoice"] if int_value is None else int_value,
        "name": "par_adherent.csv",
        "token_id": 999_999 if int_value is None else int_value,
        "job_id": "0" * 32,
        "token": "x" * 43,
        "month": "2026-03",
        **values,
    }
    return path.format(**params)


def _object_routes(app):
    return [
        (route, method)
        for route in _routes(app)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
        if _names_an_object(route.path)
    ]


def _names_an_object(path: str) -> bool:
    """A route whose path names an object of some scope. A month alone is not one (every group has
    months); the actual-hours routes name their member in the query, which the walk fills in. A feed
    token is its own credential (tested with the feeds)."""
    params = set(re.findall(r"{(\w+)}", path)) - {"month", "token"}
    return bool(params) or path.startswith("/actuals/")


def test_route_table_has_object_routes_for_every_resource(world):
    paths = {r.path for r, _ in _object_routes(world.app)}
    for resource in (
        "members",
        "sites",
        "employees",
        "absences",
        "needs",
        "loans",
        "plans",
        "api-keys",
        "invoices",
        "billing",
    ):
        assert any(p.startswith(f"/{resource}/") for p in paths), resource


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_cannot_tell_another_scopes_object_from_a_missing_one(world, who):
    failures = []
    for route, method in _object_routes(world.app):
        query = {"member": "zz-foreign"} if route.path.startswith("/actuals") else None
        body = BODIES.get(method)
        foreign = world.call(who, method, _fill(world, route.path, FOREIGN, None), params=query, json=body)
        missing = world.call(
            who,
            method,
            _fill(world, route.path, MISSING, 987_654),
            params=query and {"member": "nope"},
            json=body,
        )
        if foreign.status_code < 300 and "/actuals" not in route.path:
            failures.append(f"{method} {route.path}: {foreign.status_code} on a foreign object")
        if foreign.status_code != missing.status_code:
            failures.append(
                f"{method} {route.path}: foreign {foreign.status_code} vs missing {missing.status_code}"
            )
        if FOREIGN_NAME in foreign.text:
            failures.append(f"{method} {route.path}: shows the foreign member's name")
    assert failures == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_lists_never_contain_another_scopes_data(world, who):
    leaks = []
    for route in _routes(world.app):
        if "GET" not in route.methods or "{" in route.path:
            continue
        params = {"month": "2026-03"} if route.path.startswith("/actuals") else None
        response = world.call(who, "GET", route.path, params=params)
        if response.status_code == 200 and ("zz-" in response.text or FOREIGN_NAME in response.text):
            leaks.append(route.path)
    assert leaks == []


def test_manager_sees_the_foreign_objects_that_outsiders_cannot(world):
    for path in (
        "/members/zz-foreign",
        "/sites/zz-site",
        "/needs/zz-need",
        "/employees/zz-emp",
        "/loans/zz-loan",
    ):
        assert world.call("manager", "GET", path).status_code == 200, path
    assert "zz-foreign" in world.call("manager", "GET", "/members").text


def test_member_cannot_update_or_delete_another_members_need(world):
    assert world.call("member_m1", "PATCH", "/needs/n2", json={"description": "x"}).status_code == 404
    assert world.call("member_m1", "DELETE", "/needs/n2").status_code == 404
    assert world.call("manager", "GET", "/needs/n2").json()["description"] == ""


def test_member_cannot_create_a_need_for_another_member(world):
    need = {
        "id": "n9",
        "member": "m2",
        "site": "m2-s1",
        "skill": "comptabilite",
        "start": "09:00",
        "end": "10:00",
        "dates": ["2026-03-10"],
    }
    response = world.call("member_m1", "POST", "/needs", json=need)
    assert response.status_code == 422
    assert world.call("manager", "GET", "/needs/n9").status_code == 404


def test_second_group_manager_sees_only_its_own_group(world):
    members = world.call("manager_g2", "GET", "/members").json()
    assert members["count"] == 2 and FOREIGN_NAME not in str(members)
    assert world.call("manager_g2", "GET", "/group").json()["id"] == "ge-autre"
    assert world.call("manager_g2", "GET", "/plans").json()["count"] == 0
