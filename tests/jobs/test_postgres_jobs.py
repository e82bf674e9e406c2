"""Solve jobs on PostgreSQL: a `ge worker` takes a queued solve; one month is never solved twice at once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from jobs import service, store
from jobs.service import SolveRequest
from tests.jobs.conftest import ROOT, import_minimal, job_row

QUICK = SolveRequest(time_limit=None, deterministic_time=2.0, workers=1, seed=1)


def _burst_worker(url: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`ge worker --burst`: takes what is queued, then stops (bounded by a timeout, not a measurement)."""
    return subprocess.run(
        [sys.executable, "-m", "ge", "worker", "--database-url", url, "--burst"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.postgres
def test_worker_on_postgresql_takes_a_queued_solve(pg_engine, postgres_url):
    group = import_minimal(pg_engine)
    job = service.submit_solve(pg_engine, group, "2026-03", QUICK, "manager:test")
    assert (job.backend, job_row(pg_engine, job.id).status) == ("procrastinate", "queued")
    result = _burst_worker(postgres_url)
    assert result.returncode == 0, result.stderr[-2000:]
    done = job_row(pg_engine, job.id)
    assert done.status == "succeeded", done.error
    assert done.plan_id is not None and done.worker


@pytest.mark.postgres
def test_solve_fails_cleanly_while_another_process_holds_the_month_lock(pg_engine, postgres_url):
    """A process still solving the month (holding the advisory lock) makes another solve of it fail."""
    group = import_minimal(pg_engine)
    job = service.submit_solve(pg_engine, group, "2026-03", QUICK, "manager:test")
    with pg_engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": f"ge-solve:{group}:2026-03"})
        holder.commit()
        result = _burst_worker(postgres_url)
    assert result.returncode == 0, result.stderr[-2000:]
    done = job_row(pg_engine, job.id)
    assert done.status == "failed" and "another solve of this month" in done.error
    assert done.plan_id is None


def test_database_refuses_two_active_jobs_for_one_month(db_engine):
    group = import_minimal(db_engine)
    with Session(db_engine) as session:
        store.new_job(session, group, "2026-03", backend="local", options={}, created_by="a")
        session.commit()
        with pytest.raises(IntegrityError):
            store.new_job(session, group, "2026-03", backend="local", options={}, created_by="b")
        session.rollback()
        store.new_job(session, group, "2026-04", backend="local", options={}, created_by="c")
        session.commit()


def test_finished_job_frees_its_month(db_engine):
    group = import_minimal(db_engine)
    with Session(db_engine, expire_on_commit=False) as session:
        first = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="a")
        first.status = "failed"
        session.add(first)
        session.commit()
        second = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="b")
        session.commit()
    assert second.status == "queued"


@pytest.mark.postgres
def test_procrastinate_refuses_a_second_waiting_solve_while_the_first_is_active(pg_engine, postgres_url):
    from jobs.queue import QueueBusy, defer_solve

    group = import_minimal(pg_engine)
    job = service.submit_solve(pg_engine, group, "2026-03", QUICK, "manager:test")  # waiting, active
    with pytest.raises(QueueBusy, match=job.id):
        defer_solve(postgres_url, "b" * 32, group, "2026-03", pg_engine)
