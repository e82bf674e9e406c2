"""Publishing through the API is gated by the compliance checker: a stored plan carries the checker's
verdict, a plan with any violation is refused with a problem listing each one, and replacing a newer
published version needs an explicit confirmation (sqlite and postgresql, through `world`)."""

from __future__ import annotations

from typing import Any

from tests.persistence.factories import small_plan

PROBLEM = "application/problem+json"


def _post_plan(world, plan) -> dict[str, Any]:
    response = world.call("manager", "POST", "/plans", json=plan.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return response.json()


def _illegal_plan():
    """e1 on the maintenance need n3 (e1 has no maintenance skill) beside the small plan's assignments."""
    plan = small_plan()
    e2_on_n3 = plan.assignments[2]
    return plan.model_copy(
        update={"assignments": [*plan.assignments[:2], e2_on_n3.model_copy(update={"employee": "e1"})]}
    )


def _sick(world, employee: str, day: str) -> None:
    body = {"employee": employee, "kind": "sickness", "start": day, "end": day}
    assert world.call("manager", "POST", "/absences", json=body).status_code == 201


def test_storing_a_plan_records_the_checkers_verdict_with_the_version(world):
    stored = _post_plan(world, _illegal_plan())
    assert stored["violations"] == 1 and stored["checked_at"] is not None
    found = world.call("manager", "GET", f"/plans/{stored['id']}/violations").json()["data"]
    assert [(v["employee"], v["rule"], v["date"]) for v in found] == [("e1", "qualification", "2026-03-03")]


def test_a_legal_plan_is_stored_with_no_violation(world):
    stored = _post_plan(world, small_plan())
    assert (stored["violations"], stored["warnings"]) == (0, 0)


def test_publishing_a_plan_with_a_violation_is_refused_with_each_violation_listed(world):
    stored = _post_plan(world, _illegal_plan())
    _sick(world, "e1", "2026-03-02")
    response = world.call("manager", "POST", f"/plans/{stored['id']}/publish")
    assert response.status_code == 409
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["type"].endswith("/plan-violations") and problem["plan_id"] == stored["id"]
    listed = {(v["employee"], v["start"], v["article"]) for v in problem["violations"]}
    assert listed == {
        ("e1", "2026-03-03T08:00:00+01:00", "L1253-9"),
        ("e1", "2026-03-02T08:30:00+01:00", "L1226-1"),
        ("e1", "2026-03-02T13:30:00+01:00", "L1226-1"),
    }
    sick = next(v for v in problem["violations"] if v["start"] == "2026-03-02T08:30:00+01:00")
    assert sick["employee_name"] == "Alice Bernard"
    assert sick["message"] == "Affecté pendant une absence (arrêt maladie) le 02/03/2026"


def test_a_refused_plan_stays_a_draft_and_the_month_has_no_published_plan(world):
    stored = _post_plan(world, _illegal_plan())
    world.call("manager", "POST", f"/plans/{stored['id']}/publish")
    assert world.call("manager", "GET", f"/plans/{stored['id']}").json()["status"] == "draft"
    assert world.call("manager", "GET", "/plans", params={"status": "published"}).json()["count"] == 0


def test_an_absence_recorded_after_storing_refuses_the_publication_and_updates_the_verdict(world):
    stored = _post_plan(world, small_plan())
    assert stored["violations"] == 0
    _sick(world, "e2", "2026-03-03")
    problem = world.call("manager", "POST", f"/plans/{stored['id']}/publish").json()
    assert [(v["employee"], v["article"]) for v in problem["violations"]] == [("e2", "L1226-1")]
    assert world.call("manager", "GET", f"/plans/{stored['id']}").json()["violations"] == 1
    events = world.call("manager", "GET", "/audit", params={"entity": "plan"}).json()["data"]
    assert events[0]["action"] == "plan.publish_refused" and events[0]["after"]["violations"] == 1


def test_publishing_an_older_version_over_a_newer_published_one_needs_confirmation(world):
    older = world.ids["draft_plan"]
    newer = _post_plan(world, small_plan())["id"]
    assert world.call("manager", "POST", f"/plans/{newer}/publish").status_code == 200
    response = world.call("manager", "POST", f"/plans/{older}/publish")
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/supersede-newer-version")
    assert problem["published"]["id"] == newer and "newer" in problem["detail"]
    assert world.call("manager", "GET", f"/plans/{newer}").json()["status"] == "published"


def test_a_confirmed_supersede_publishes_the_older_version(world):
    older = world.ids["draft_plan"]
    newer = _post_plan(world, small_plan())["id"]
    world.call("manager", "POST", f"/plans/{newer}/publish")
    response = world.call("manager", "POST", f"/plans/{older}/publish", params={"confirm_supersede": "true"})
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert world.call("manager", "GET", f"/plans/{newer}").json()["status"] == "superseded"


def test_a_newer_version_supersedes_an_older_published_one_without_confirmation(world):
    older = world.ids["draft_plan"]
    world.call("manager", "POST", f"/plans/{older}/publish")
    newer = _post_plan(world, small_plan())["id"]
    assert world.call("manager", "POST", f"/plans/{newer}/publish").status_code == 200
    assert world.call("manager", "GET", f"/plans/{older}").json()["status"] == "superseded"


def test_members_see_no_verdict_of_a_published_plan(world):
    plan = world.ids["draft_plan"]
    world.call("manager", "POST", f"/plans/{plan}/publish")
    seen = world.call("member_m1", "GET", f"/plans/{plan}").json()
    assert (seen["violations"], seen["warnings"], seen["checked_at"]) == (None, None, None)
    assert world.call("member_m1", "GET", f"/plans/{plan}/violations").status_code == 403


def test_the_plan_page_shows_the_versions_true_status(world):
    plan = world.ids["draft_plan"]
    before = world.call("manager", "GET", f"/plans/{plan}/page")
    assert before.status_code == 200 and before.headers["content-type"].startswith("text/html")
    assert "Version 1 · brouillon non publié" in before.text
    world.call("manager", "POST", f"/plans/{plan}/publish")
    assert "Version 1 · plan publié le " in world.call("manager", "GET", f"/plans/{plan}/page").text
    newer = _post_plan(world, small_plan())["id"]
    world.call("manager", "POST", f"/plans/{newer}/publish")
    assert (
        "plan remplacé par une version plus récente"
        in world.call("manager", "GET", f"/plans/{plan}/page").text
    )


def test_the_plan_page_is_the_managers(world):
    plan = world.ids["draft_plan"]
    world.call("manager", "POST", f"/plans/{plan}/publish")
    assert world.call("member_m1", "GET", f"/plans/{plan}/page").status_code == 403
