"""Solve jobs on the embedded default: the local process pool, progress, cancel, kills, stale jobs."""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest
from sqlmodel import Session, select

from jobs import service, store
from jobs.service import SolveRequest
from persistence.solve_jobs import SolveJobRow
from persistence.tables import PLAN_DRAFT, PLAN_PUBLISHED, AssignmentRow, PlanVersionRow
from tests.jobs.conftest import import_minimal, job_row, wait_for

QUICK = SolveRequest(time_limit=None, deterministic_time=2.0, workers=1, seed=1)


def _final(engine, job_id):
    wait_for(
        lambda: job_row(engine, job_id).status in ("succeeded", "failed", "cancelled", "abandoned"),
        "the job to end",
    )
    return job_row(engine, job_id)


def _running_with_progress(engine, job_id):
    wait_for(lambda: job_row(engine, job_id).progress.get("objective") is not None, "progress from the solve")


def _plans(engine, group_id):
    with Session(engine) as session:
        return list(session.exec(select(PlanVersionRow).where(PlanVersionRow.group_id == group_id)))


def _publish_a_plan(engine, group_id):
    from engine.loader import load_scenario
    from engine.solver import solve
    from persistence.plans import publish, save_draft
    from persistence.scope import Scope
    from tests.jobs.conftest import MINIMAL

    plan = solve(load_scenario(MINIMAL), "2026-03", options=QUICK_OPTIONS())
    with Session(engine, expire_on_commit=False) as session:
        row = save_draft(session, group_id, plan, source="import")
        publish(session, Scope.system(group_id), row)
        session.commit()
    return row.id, len(plan.assignments)


def QUICK_OPTIONS():
    from engine.solver import SolveOptions

    return SolveOptions(time_limit=None, deterministic_time=2.0, workers=1, seed=1)


def test_solve_job_returns_at_once_queued(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    assert job.status == "queued" and job.backend == "local"
    service.cancel_job(sqlite_engine, group, job.id)


def test_solve_job_on_sqlite_produces_a_draft_plan(sqlite_engine):
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    done = _final(sqlite_engine, job.id)
    assert done.status == "succeeded", done.error
    assert done.progress["status"] == "OPTIMAL" and done.progress["objective"] > 0
    (plan,) = _plans(sqlite_engine, group)
    assert (plan.id, plan.status, plan.job_id) == (done.plan_id, PLAN_DRAFT, job.id)
    with Session(sqlite_engine) as session:
        assert session.exec(select(AssignmentRow).where(AssignmentRow.plan_id == plan.id)).first() is not None


def test_progress_is_written_while_the_solve_runs(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    _running_with_progress(sqlite_engine, job.id)
    row = job_row(sqlite_engine, job.id)
    assert (row.status, row.progress["objective"], row.progress["bound"]) == ("running", 1234.5, 1000.0)
    assert row.heartbeat_at is not None and row.worker
    service.cancel_job(sqlite_engine, group, job.id)


def test_cancel_stops_a_running_solve_and_keeps_nothing(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    _running_with_progress(sqlite_engine, job.id)
    service.cancel_job(sqlite_engine, group, job.id)
    done = _final(sqlite_engine, job.id)
    assert done.status == "cancelled" and done.plan_id is None
    assert _plans(sqlite_engine, group) == []


def test_cancel_of_a_queued_job_is_immediate_and_it_never_runs(sqlite_engine):
    group = import_minimal(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        job = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="t")
        store.request_cancel(session, job)
        session.commit()
    assert job_row(sqlite_engine, job.id).status == "cancelled"
    assert store.claim(sqlite_engine, job.id) is False


def test_failed_solve_is_marked_failed_with_its_reason(sqlite_engine, solver_double):
    solver_double("failing_solve")
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    done = _final(sqlite_engine, job.id)
    assert done.status == "failed" and "no legal plan exists" in done.error
    assert _plans(sqlite_engine, group) == []


def test_killed_solve_leaves_the_published_plan_intact(sqlite_engine, solver_double):
    group = import_minimal(sqlite_engine)
    published_id, count = _publish_a_plan(sqlite_engine, group)
    solver_double("blocking_solve")
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    _running_with_progress(sqlite_engine, job.id)
    pid = service.local_pool(sqlite_engine).pid_of(job.id)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    done = _final(sqlite_engine, job.id)
    assert done.status == "failed" and "signal 9" in done.error
    (plan,) = _plans(sqlite_engine, group)
    assert (plan.id, plan.status) == (published_id, PLAN_PUBLISHED)
    with Session(sqlite_engine) as session:
        rows = session.exec(select(AssignmentRow).where(AssignmentRow.plan_id == published_id)).all()
    assert len(rows) == count


def test_killed_job_can_be_retried(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    job = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    _running_with_progress(sqlite_engine, job.id)
    os.kill(service.local_pool(sqlite_engine).pid_of(job.id), signal.SIGKILL)
    _final(sqlite_engine, job.id)
    retry = service.retry_job(sqlite_engine, group, job.id, "manager:test")
    assert (retry.retry_of, retry.attempt, retry.status) == (job.id, 2, "queued")
    service.cancel_job(sqlite_engine, group, retry.id)


def test_job_whose_worker_stopped_heartbeating_is_abandoned(sqlite_engine):
    group = import_minimal(sqlite_engine)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        job = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="t")
        job.status, job.started_at, job.heartbeat_at = "running", old, old
        session.add(job)
        session.commit()
    row = service.get_job(sqlite_engine, group, job.id)
    assert row.status == "abandoned" and "heartbeat" in row.error


def test_abandoned_job_no_longer_blocks_its_month(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        job = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="t")
        job.status, job.heartbeat_at = "running", old
        session.add(job)
        session.commit()
    fresh = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    assert fresh.status == "queued" and job_row(sqlite_engine, job.id).status == "abandoned"
    service.cancel_job(sqlite_engine, group, fresh.id)


def test_second_solve_of_a_month_is_refused_while_one_is_active(sqlite_engine, solver_double):
    solver_double("blocking_solve")
    group = import_minimal(sqlite_engine)
    first = service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    with pytest.raises(service.MonthBusy) as refused:
        service.submit_solve(sqlite_engine, group, "2026-03", QUICK, "manager:test")
    assert refused.value.job.id == first.id
    service.cancel_job(sqlite_engine, group, first.id)


def test_succeeded_job_cannot_be_retried(sqlite_engine):
    group = import_minimal(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        job = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="t")
        job.status = "succeeded"
        session.add(job)
        session.commit()
    with pytest.raises(service.NotRetryable):
        service.retry_job(sqlite_engine, group, job.id, "manager:test")


def test_job_of_another_group_is_not_found(sqlite_engine):
    group = import_minimal(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        job = store.new_job(session, group, "2026-03", backend="local", options={}, created_by="t")
        session.commit()
    assert service.get_job(sqlite_engine, group + 1, job.id) is None
    assert isinstance(service.get_job(sqlite_engine, group, job.id), SolveJobRow)
