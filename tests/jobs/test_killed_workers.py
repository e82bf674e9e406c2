"""A worker killed mid-solve (kill -9) never blocks its month (issue 15: on PostgreSQL its Procrastinate
job stayed "doing" holding the month's lock, the next solve waited 19+ minutes with a fresh worker
running, and after a cancel `POST /months/{m}/solve` answered 500 AlreadyEnqueued).

Real `ge worker` processes are started and killed with SIGKILL: with their solving child (the whole
process group: a machine or container lost) or alone (the solving child outlives it). The stale delay is
shortened to 3 s (`GE_JOB_STALE_SECONDS`, the same in every process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from sqlalchemy import text
from sqlmodel import Session

from jobs import service
from jobs.service import SolveRequest
from tests.jobs.conftest import ROOT, import_minimal, job_row, wait_for

QUICK = SolveRequest(time_limit=None, deterministic_time=2.0, workers=1, seed=1)
STALE = "3"
MONTH = "2026-03"


@pytest.fixture(autouse=True)
def _short_stale_delay(monkeypatch):
    monkeypatch.setenv("GE_JOB_STALE_SECONDS", STALE)


@contextmanager
def worker(url: str, double: str | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """`ge worker` in its own process group (with `double` as its solver); killed at the end."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GE_JOB_STALE_SECONDS": STALE}
    env.pop("GE_SOLVE_FUNCTION", None)
    if double:
        env["GE_SOLVE_FUNCTION"] = f"tests.jobs.doubles:{double}"
    process = subprocess.Popen(
        [sys.executable, "-m", "ge", "worker", "--database-url", url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _running(engine, job_id: str) -> None:
    wait_for(lambda: job_row(engine, job_id).progress.get("objective") is not None, "the solve to run")


def _final(engine, group: int, job_id: str):
    """The job once it ended (looked up through the service, which sweeps stale jobs as the API does)."""
    wait_for(
        lambda: service.get_job(engine, group, job_id).status not in ("queued", "running"),
        f"job {job_id} to end",
    )
    return job_row(engine, job_id)


def _solve_when_free(engine, group: int) -> str:
    """Submit a solve of the month as soon as it is no longer busy (409 until the old job is declared
    dead: that is correct, and bounded by the stale delay)."""
    submitted: list[str] = []

    def attempt() -> bool:
        try:
            submitted.append(
                service.submit_solve(engine, group, MONTH, QUICK, "manager:test", dispatch=False).id
            )
        except service.MonthBusy:
            return False
        return True

    wait_for(attempt, "the month to be free again")
    return submitted[0]


@pytest.mark.postgres
def test_postgresql_worker_killed_with_its_solve_frees_the_month_for_the_next_solve(pg_engine, postgres_url):
    group = import_minimal(pg_engine)
    first = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    with worker(postgres_url, "blocking_solve") as doomed:
        _running(pg_engine, first.id)
        _kill_group(doomed)  # kill -9 of the worker and its solving process
    with worker(postgres_url):
        assert _final(pg_engine, group, first.id).status == "abandoned"
        second = _solve_when_free(pg_engine, group)
        done = _final(pg_engine, group, second)
    assert done.status == "succeeded", done.error
    assert done.plan_id is not None


@pytest.mark.postgres
def test_postgresql_worker_killed_alone_lets_its_solve_finish_and_frees_the_month(
    pg_engine, postgres_url, monkeypatch
):
    monkeypatch.setenv("GE_TEST_SOLVE_SLEEP", "4")
    group = import_minimal(pg_engine)
    first = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    with worker(postgres_url, "sleepy_solve") as doomed:
        _running(pg_engine, first.id)
        os.kill(doomed.pid, signal.SIGKILL)  # the worker alone: its solving child goes on
        doomed.wait()
        with worker(postgres_url):
            assert _final(pg_engine, group, first.id).status == "succeeded"
            second = _solve_when_free(pg_engine, group)
            done = _final(pg_engine, group, second)
    assert done.status == "succeeded", done.error


def test_sqlite_worker_killed_with_its_solve_frees_the_month_for_the_next_solve(tmp_path, monkeypatch):
    from persistence.db import make_engine
    from persistence.tables import metadata

    monkeypatch.setenv("GE_JOB_STALE_SECONDS", STALE)
    url = f"sqlite:///{(tmp_path / 'jobs.db').as_posix()}"
    engine = make_engine(url)
    metadata.create_all(engine)
    group = import_minimal(engine)
    first = service.submit_solve(engine, group, MONTH, QUICK, "manager:test", dispatch=False)
    with worker(url, "blocking_solve") as doomed:
        _running(engine, first.id)
        _kill_group(doomed)
    with worker(url):
        assert _final(engine, group, first.id).status == "abandoned"
        second = _solve_when_free(engine, group)
        done = _final(engine, group, second)
    engine.dispose()
    assert done.status == "succeeded", done.error


@pytest.mark.postgres
def test_after_cancelling_a_waiting_solve_the_month_is_solved_again_without_500(pg_engine, postgres_url):
    """Cancelled while still waiting in Procrastinate (no worker yet): a new solve is accepted and runs."""
    group = import_minimal(pg_engine)
    first = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    assert service.cancel_job(pg_engine, group, first.id).status == "cancelled"
    second = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    with worker(postgres_url):
        done = _final(pg_engine, group, second.id)
    assert done.status == "succeeded", done.error


@pytest.mark.postgres
def test_a_waiting_procrastinate_job_left_by_a_finished_solve_job_does_not_block_the_month(
    pg_engine, postgres_url
):
    """Even when its cancel never reached Procrastinate, a leftover waiting job is cleared, not a 500."""
    from jobs.queue import defer_solve

    group = import_minimal(pg_engine)
    first = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    with Session(pg_engine) as session:  # cancelled behind Procrastinate's back
        session.execute(text("UPDATE solve_job SET status = 'cancelled' WHERE id = :id"), {"id": first.id})
        session.commit()
    second = service.submit_solve(pg_engine, group, MONTH, QUICK, "manager:test")
    assert job_row(pg_engine, second.id).status == "queued"
    with pytest.raises(Exception, match="already waiting"):  # and an active one is never pushed aside
        defer_solve(postgres_url, "f" * 32, group, MONTH, pg_engine)


@pytest.mark.postgres
def test_through_the_api_a_cancelled_month_is_solved_again_with_202(pg_engine):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from persistence.credentials import create_api_key
    from persistence.db import write_session
    from persistence.settings import Settings

    group = import_minimal(pg_engine)
    with write_session(pg_engine) as session:
        _, key = create_api_key(session, group, "manager")
    client = TestClient(create_app(Settings(), engine=pg_engine), raise_server_exceptions=False)
    headers = {"X-API-Key": key}
    body = {"time_limit": None, "deterministic_time": 2.0, "workers": 1}
    first = client.post(f"/months/{MONTH}/solve", json=body, headers=headers)
    assert first.status_code == 202, first.text
    assert client.post(f"/months/{MONTH}/solve", json=body, headers=headers).status_code == 409
    cancelled = client.post(f"/jobs/{first.json()['id']}/cancel", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(f"/months/{MONTH}/solve", json=body, headers=headers)
    assert again.status_code == 202, again.text
