"""The jobs routes: 202 with a job at once, status, 409 on a busy month, cancel, roles and groups."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.jobs.conftest import import_minimal


@pytest.fixture
def api(sqlite_engine, solver_double):
    from api import errors
    from api.routes import jobs
    from persistence.credentials import create_api_key
    from persistence.settings import Settings

    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    with Session(sqlite_engine) as session:
        _, manager = create_api_key(session, group, "manager")
        _, accountant = create_api_key(session, group, "accountant")
        session.commit()
    app = FastAPI()
    app.state.engine, app.state.settings = sqlite_engine, Settings()
    errors.install(app)
    app.include_router(jobs.router)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {manager}"
        client.accountant = {"Authorization": f"Bearer {accountant}"}  # type: ignore[attr-defined]
        yield client


def test_solve_request_returns_202_with_a_job_at_once(api):
    response = api.post("/months/2026-03/solve", json={"deterministic_time": 1, "workers": 1})
    assert response.status_code == 202
    job = response.json()
    assert job["status"] in ("queued", "running") and response.headers["location"] == f"/jobs/{job['id']}"
    api.post(f"/jobs/{job['id']}/cancel")


def test_job_status_is_readable(api):
    job = api.post("/months/2026-03/solve").json()
    body = api.get(f"/jobs/{job['id']}").json()
    assert body["id"] == job["id"] and body["month"] == "2026-03" and "progress" in body
    api.post(f"/jobs/{job['id']}/cancel")


def test_second_solve_of_a_busy_month_is_409_naming_the_job(api):
    job = api.post("/months/2026-03/solve").json()
    response = api.post("/months/2026-03/solve")
    assert response.status_code == 409 and job["id"] in response.json()["detail"]
    api.post(f"/jobs/{job['id']}/cancel")


def test_cancel_route_marks_the_job(api):
    job = api.post("/months/2026-03/solve").json()
    body = api.post(f"/jobs/{job['id']}/cancel").json()
    assert body["cancel_requested"] is True


def test_invalid_month_is_422(api):
    assert api.post("/months/2026-13/solve").status_code == 422


def test_unknown_job_is_404(api):
    assert api.get("/jobs/" + "0" * 32).status_code == 404


def test_accountant_may_not_start_a_solve(api):
    assert api.post("/months/2026-03/solve", headers=api.accountant).status_code == 403


def test_a_season_request_returns_its_job_with_the_last_month(api):
    response = api.post("/months/2026-03/solve", json={"through": "2026-06"})
    assert response.status_code == 202
    job = response.json()
    assert (job["month"], job["through"], job["parameters"]["through"]) == ("2026-03", "2026-06", "2026-06")
    api.post(f"/jobs/{job['id']}/cancel")


def test_a_month_inside_a_running_season_is_409_naming_the_season(api):
    season = api.post("/months/2026-03/solve", json={"through": "2026-06"}).json()
    response = api.post("/months/2026-05/solve")
    assert response.status_code == 409
    assert season["id"] in response.json()["detail"] and "2026-03 to 2026-06" in response.json()["detail"]
    api.post(f"/jobs/{season['id']}/cancel")


@pytest.mark.parametrize(
    ("through", "words"), [("2026-02", "before the month"), ("2027-03", "13 months"), ("2026-13", "")]
)
def test_a_bad_season_is_422_naming_through(api, through, words):
    response = api.post("/months/2026-03/solve", json={"through": through})
    assert response.status_code == 422
    assert "through" in response.text and words in response.text
