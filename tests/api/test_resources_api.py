"""CRUD, problem details, plan publishing and actual hours through the API."""

from __future__ import annotations


def test_list_endpoints_return_data_and_count_with_paging(world):
    page = world.call("manager", "GET", "/members", params={"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [m["id"] for m in page["data"]] == ["m2"]


def test_validation_error_is_a_problem_listing_field_paths(world):
    body = {
        "id": "e9",
        "name": "X",
        "contract": {"kind": "cdi_part_time", "start": "2024-01-01", "weekly_hours": 40},
        "hourly_wage": "15",
        "home": {"lat": 45, "lon": 4},
    }
    response = world.call("manager", "POST", "/employees", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(problem)
    assert any(e["path"].startswith("body.contract") for e in problem["errors"])


def test_unknown_reference_names_the_field(world):
    need = {
        "id": "n9",
        "member": "m1",
        "site": "ghost",
        "skill": "x",
        "start": "09:00",
        "end": "10:00",
        "dates": ["2026-03-10"],
    }
    problem = world.call("manager", "POST", "/needs", json=need).json()
    assert problem["status"] == 422 and problem["errors"][0]["path"] == "body.site"


def test_patch_changes_only_the_fields_sent_and_is_audited(world):
    response = world.call("manager", "PATCH", "/members/m1", json={"headcount": 13})
    assert response.status_code == 200 and response.json()["headcount"] == 13
    assert response.json()["name"] == "Boulangerie Martin"
    events = world.call("manager", "GET", "/audit", params={"entity": "member", "entity_key": "m1"}).json()[
        "data"
    ]
    assert events[0]["action"] == "member.updated"
    assert events[0]["before"]["headcount"] == 12 and events[0]["after"]["headcount"] == 13


def test_duplicate_id_is_refused(world):
    site = {
        "id": "m1-s1",
        "member": "m1",
        "name": "Bis",
        "address": {"street": "1", "postcode": "69001", "city": "Lyon"},
        "location": {"lat": 45, "lon": 4},
    }
    assert world.call("manager", "POST", "/sites", json=site).status_code == 422


def test_deleting_an_employee_with_published_assignments_is_a_conflict(world):
    world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish")
    response = world.call("manager", "DELETE", "/employees/e1")
    assert response.status_code == 409
    assert world.call("manager", "GET", "/employees/e1").status_code == 200


def test_missing_key_is_401_problem(world):
    response = world.client.get("/members")
    assert response.status_code == 401 and response.json()["status"] == 401


def test_role_outside_a_route_gets_403(world):
    assert world.call("accountant", "GET", "/members").status_code == 403
    assert world.call("member_m1", "POST", "/members", json={}).status_code in (403, 422)


def test_member_sees_a_published_plan_with_only_its_own_assignments(world):
    plan = world.ids["draft_plan"]
    assert world.call("member_m1", "GET", f"/plans/{plan}").status_code == 404  # drafts are the manager's
    world.call("manager", "POST", f"/plans/{plan}/publish")
    rows = world.call("member_m1", "GET", f"/plans/{plan}/assignments").json()["data"]
    assert {r["member"] for r in rows} == {"m1"} and len(rows) == 1


def test_employee_sees_only_its_own_assignments(world):
    plan = world.ids["draft_plan"]
    world.call("manager", "POST", f"/plans/{plan}/publish")
    rows = world.call("employee_e1", "GET", f"/plans/{plan}/assignments").json()["data"]
    assert {r["employee"] for r in rows} == {"e1"} and len(rows) == 2


def test_publishing_twice_is_a_conflict_and_a_new_version_supersedes(world):
    plan = world.ids["draft_plan"]
    assert world.call("manager", "POST", f"/plans/{plan}/publish").json()["status"] == "published"
    assert world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 409
    body = world.call("manager", "GET", "/group/scenario").json()
    assert body["group"]["id"] == "ge-mini"


def test_member_confirms_then_corrects_its_actual_hours(world):
    world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish")
    confirmed = world.call("member_m1", "POST", "/actuals/2026-03/confirm").json()
    assert confirmed["count"] == 1 and confirmed["data"][0]["minutes"] == 240
    line = {
        "employee": "e1",
        "need": "n1",
        "start": "2026-03-02T08:30:00+01:00",
        "end": "2026-03-02T13:00:00+01:00",
    }
    corrected = world.call("member_m1", "PUT", "/actuals/2026-03", json={"lines": [line]}).json()
    assert corrected["data"][0]["minutes"] == 270 and corrected["data"][0]["status"] == "corrected"
    listed = world.call("accountant", "GET", "/actuals", params={"month": "2026-03"}).json()
    assert listed["count"] == 1


def test_member_cannot_report_hours_of_someone_who_did_not_work_for_it(world):
    world.call("manager", "POST", f"/plans/{world.ids['draft_plan']}/publish")
    line = {"employee": "e2", "start": "2026-03-03T08:00:00+01:00", "end": "2026-03-03T16:00:00+01:00"}
    response = world.call("member_m1", "PUT", "/actuals/2026-03", json={"lines": [line]})
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "body.lines[0].employee"


def test_manager_creates_lists_and_rotates_api_keys(world):
    created = world.call(
        "manager", "POST", "/api-keys", json={"role": "member", "member": "m2", "label": "compta m2"}
    ).json()
    assert created["key"].startswith("ge_")
    assert world.client.get("/group", headers={"X-API-Key": created["key"]}).status_code == 200
    rotated = world.call("manager", "POST", f"/api-keys/{created['id']}/rotate").json()
    assert world.client.get("/group", headers={"X-API-Key": created["key"]}).status_code == 401
    assert world.client.get("/group", headers={"X-API-Key": rotated["key"]}).status_code == 200


def test_assignment_times_are_given_in_the_groups_time_zone(world):
    plan = world.ids["draft_plan"]
    rows = world.call("manager", "GET", f"/plans/{plan}/assignments").json()["data"]
    first = next(r for r in rows if r["need"] == "n1")  # Monday 2 March 2026, 08:30 in Lyon (CET)
    assert first["start"] == "2026-03-02T08:30:00+01:00"
