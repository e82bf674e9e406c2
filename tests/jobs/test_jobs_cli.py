"""`ge jobs`: an operator sees a stuck job and clears it (docs/jobs.md, "Operating")."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlmodel import Session

from ge.cli import main
from jobs import service, store
from jobs.service import SolveRequest
from persistence.types import utcnow
from tests.jobs.conftest import import_minimal, job_row

QUICK = SolveRequest(time_limit=None, deterministic_time=2.0, workers=1, seed=1)
MONTH = "2026-03"


def _stuck_running_job(engine, group: int) -> str:
    """A job whose solving process died long ago: running, heartbeat an hour old."""
    with Session(engine, expire_on_commit=False) as session:
        row = store.new_job(
            session, group, MONTH, backend="local", options=QUICK.as_options(), created_by="t"
        )
        row.status, row.worker = "running", "gone-host:1234"
        row.started_at = row.heartbeat_at = utcnow() - dt.timedelta(hours=1)
        session.add(row)
        session.commit()
        return row.id


@pytest.fixture
def sqlite_url(sqlite_engine):
    import_minimal(sqlite_engine)
    return sqlite_engine.url.render_as_string(hide_password=False)


def test_list_shows_a_stale_running_job_and_says_so(sqlite_engine, sqlite_url, capsys):
    job = _stuck_running_job(sqlite_engine, 1)
    assert main(["jobs", "list", "--database-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert job in out and "running" in out and "gone-host:1234" in out
    assert "STALE" in out


def test_sweep_abandons_a_job_without_heartbeat_and_frees_its_month(sqlite_engine, sqlite_url, capsys):
    job = _stuck_running_job(sqlite_engine, 1)
    assert main(["jobs", "sweep", "--database-url", sqlite_url]) == 0
    assert "1 more job(s) marked abandoned" in capsys.readouterr().out
    assert job_row(sqlite_engine, job).status == "abandoned"
    assert service.submit_solve(sqlite_engine, 1, MONTH, QUICK, "t", dispatch=False).status == "queued"


def test_clear_ends_a_job_whatever_its_heartbeat_says(sqlite_engine, sqlite_url, capsys):
    job = _stuck_running_job(sqlite_engine, 1)
    with Session(sqlite_engine) as session:  # its heartbeat looks fresh: a sweep would leave it
        session.execute(text("UPDATE solve_job SET heartbeat_at = :now"), {"now": utcnow()})
        session.commit()
    assert main(["jobs", "clear", job, "--database-url", sqlite_url]) == 0
    row = job_row(sqlite_engine, job)
    assert row.status == "abandoned" and "cleared by an operator" in row.error
    assert "can be solved again" in capsys.readouterr().out


def test_retry_queues_a_new_attempt_of_an_abandoned_job(sqlite_engine, sqlite_url, capsys):
    job = _stuck_running_job(sqlite_engine, 1)
    assert main(["jobs", "clear", job, "--database-url", sqlite_url]) == 0
    assert main(["jobs", "retry", job, "--database-url", sqlite_url]) == 0
    with sqlite_engine.connect() as conn:
        retry = conn.execute(
            text("SELECT attempt, status FROM solve_job WHERE retry_of = :j"), {"j": job}
        ).one()
    assert tuple(retry) == (2, "queued")


def test_clear_of_an_unknown_job_exits_1_without_traceback(sqlite_url, capsys):
    assert main(["jobs", "clear", "0" * 32, "--database-url", sqlite_url]) == 1
    err = capsys.readouterr().err
    assert "no solve job" in err and "Traceback" not in err


@pytest.mark.postgres
def test_sweep_releases_the_month_lock_of_a_dead_postgresql_worker(
    pg_engine, postgres_url, monkeypatch, capsys
):
    """The state a worker killed mid-solve leaves: its Procrastinate job `doing` on a worker whose
    heartbeat stopped, holding the month's lock; its solve job running with a stale heartbeat."""
    monkeypatch.setenv("GE_JOB_STALE_SECONDS", "30")
    group = import_minimal(pg_engine)
    job = service.submit_solve(pg_engine, group, MONTH, QUICK, "t")
    with pg_engine.begin() as conn:
        worker = conn.execute(
            text(
                "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
            )
        ).scalar_one()
        conn.execute(text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w"), {"w": worker})
        conn.execute(
            text("UPDATE solve_job SET status = 'running', heartbeat_at = now() - interval '1 hour'"),
        )
    assert main(["jobs", "list", "--database-url", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "doing (its worker stopped sending heartbeats)" in out and "STALE" in out
    assert main(["jobs", "sweep", "--database-url", postgres_url]) == 0
    assert "1 stalled Procrastinate job(s) released" in capsys.readouterr().out
    assert job_row(pg_engine, job.id).status == "abandoned"
    with pg_engine.connect() as conn:
        doing = conn.execute(
            text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")
        ).scalar_one()
    assert doing == 0
    assert service.submit_solve(pg_engine, group, MONTH, QUICK, "t").status == "queued"


@pytest.mark.postgres
def test_clear_of_a_running_postgresql_job_ends_its_procrastinate_job(pg_engine, postgres_url, capsys):
    group = import_minimal(pg_engine)
    job = service.submit_solve(pg_engine, group, MONTH, QUICK, "t")
    with pg_engine.begin() as conn:
        conn.execute(text("UPDATE procrastinate_jobs SET status = 'doing'"))
        conn.execute(text("UPDATE solve_job SET status = 'running', heartbeat_at = now()"))
    assert main(["jobs", "clear", job.id, "--database-url", postgres_url]) == 0
    with pg_engine.connect() as conn:
        states = conn.execute(text("SELECT status FROM procrastinate_jobs")).scalars().all()
    assert states == ["failed"]
    assert job_row(pg_engine, job.id).status == "abandoned"
