"""What the API asks of jobs: submit a solve, look one up, cancel it, retry it.

The backend follows the database: SQLite → the local process pool living in the API process (started on
first use); PostgreSQL → Procrastinate (`GE_JOBS_BACKEND=local` forces the local pool, e.g. for a single
machine on PostgreSQL). A second solve of a month while one is queued or running is refused with
`MonthBusy` naming the active job (the database's unique index decides, so this holds across machines).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from jobs import store
from jobs.local import LocalPool
from persistence.db import writer
from persistence.solve_jobs import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    JOB_ABANDONED,
    JOB_CANCELLED,
    JOB_FAILED,
    JOB_QUEUED,
    SolveJobRow,
)
from persistence.types import utcnow

log = logging.getLogger("ge.jobs")
_pools: dict[str, LocalPool] = {}
_pools_lock = threading.Lock()


class MonthBusy(Exception):
    """A solve of this month (or of a season holding it) is already queued or running."""

    def __init__(self, job: SolveJobRow):
        months = store.months_of(job)
        what = job.month if len(months) == 1 else f"{months[0]} to {months[-1]}"
        super().__init__(f"a solve of {what} is already {job.status} (job {job.id})")
        self.job = job


class NotRetryable(Exception):
    """Only a failed, cancelled or abandoned job can be retried."""


class QueueRefused(Exception):
    """The job queue could not take the solve (the job is recorded as failed with the reason): `busy`
    when the queue still holds an active solve of the month, else the queue is unreachable."""

    def __init__(self, reason: str, *, busy: bool):
        super().__init__(reason)
        self.busy = busy


@dataclass(frozen=True)
class SolveRequest:
    time_limit: float | None = 60.0
    deterministic_time: float | None = None
    workers: int = 2
    seed: int = 1
    relative_gap: float = 0.0
    through: str | None = None  # a season: the job's month through this one (YYYY-MM), one problem

    def as_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "time_limit": self.time_limit,
            "deterministic_time": self.deterministic_time,
            "workers": self.workers,
            "seed": self.seed,
            "relative_gap": self.relative_gap,
        }
        if self.through is not None:
            options["through"] = self.through
        return options


@dataclass(frozen=True)
class Replan:
    """What a re-plan job needs besides the solve options: the published version and the change (JSON,
    `jobs.changes`)."""

    base_plan_id: int
    change: dict[str, Any]


def backend_for(engine: Engine) -> str:
    forced = os.environ.get("GE_JOBS_BACKEND")
    if forced in ("local", "procrastinate"):
        return forced
    return "procrastinate" if engine.dialect.name == "postgresql" else "local"


def local_pool(engine: Engine) -> LocalPool:
    """The process's pool for this database (one per URL), started."""
    key = engine.url.render_as_string(hide_password=False)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            concurrency = int(os.environ.get("GE_SOLVE_CONCURRENCY", "1"))
            pool = _pools[key] = LocalPool(engine, concurrency=concurrency)
    return pool.start()


def submit_solve(
    engine: Engine,
    group_id: int,
    month: str,
    request: SolveRequest,
    actor: str,
    *,
    retry_of: SolveJobRow | None = None,
    replan: Replan | None = None,
    dispatch: bool = True,
) -> SolveJobRow:
    """Insert the job (committed) and hand it to its backend; returns at once.

    With `replan`, the job re-plans that published version after its change instead of solving afresh;
    it shares the month's lock with solves (one computation of a month at a time). A season
    (`request.through`) is refused while any of its months has an active job, and holds them all. `dispatch=False`
    (a command line that exits at once) leaves a local job to the pools of `ge serve` or `ge worker`."""
    backend = backend_for(engine)
    with Session(writer(engine), expire_on_commit=False) as session:
        store.sweep_stale(session, group_id)  # a dead solve must not block this month forever
        session.commit()
        overlapping = store.overlapping_job(session, group_id, store.job_months(month, request.through))
        if overlapping is not None and (request.through is not None or overlapping.month != month):
            raise MonthBusy(overlapping)  # a season's other months (the unique index sees first months)
        try:
            job = store.new_job(
                session,
                group_id,
                month,
                backend=backend,
                options=request.as_options(),
                created_by=actor,
                retry_of=retry_of,
                kind="replan" if replan else "solve",
                base_plan_id=replan.base_plan_id if replan else None,
                change=replan.change if replan else None,
            )
            session.commit()
        except IntegrityError:
            session.rollback()
            active = store.active_job(session, group_id, month)
            if active is not None:
                raise MonthBusy(active) from None
            session.rollback()  # it finished in between: end this read (SQLite's write lock), then retry
            return submit_solve(
                engine, group_id, month, request, actor, retry_of=retry_of, replan=replan, dispatch=dispatch
            )
    if backend == "local":
        if dispatch:
            local_pool(engine).submit()
    else:
        _defer(engine, job, group_id, month)
    return job


def _defer(engine: Engine, job: SolveJobRow, group_id: int, month: str) -> None:
    """Hand the job to Procrastinate; if that fails, the job is failed with the reason (it must not stay
    queued, blocking the month) and `QueueRefused` says why."""
    from jobs.queue import QueueBusy, defer_solve

    try:
        defer_solve(engine.url.render_as_string(hide_password=False), job.id, group_id, month, engine)
    except Exception as exc:
        if isinstance(exc, QueueBusy):
            reason = str(exc)
        else:
            log.exception("could not queue solve job %s", job.id)
            reason = f"could not queue the solve ({type(exc).__name__}): the job queue is unreachable"
        with Session(writer(engine)) as session:
            row = session.get(SolveJobRow, job.id)
            if row is not None and row.status == JOB_QUEUED:
                row.status, row.error, row.finished_at = JOB_FAILED, reason[:500], utcnow()
                session.add(row)
                session.commit()
        raise QueueRefused(reason, busy=isinstance(exc, QueueBusy)) from exc


def get_job(engine: Engine, group_id: int, job_id: str) -> SolveJobRow | None:
    """The job if it belongs to the group (after marking stale jobs abandoned)."""
    store.sweep_stale_now(engine, group_id)
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(SolveJobRow, job_id)
        return row if row is not None and row.group_id == group_id else None


def cancel_job(engine: Engine, group_id: int, job_id: str) -> SolveJobRow | None:
    with Session(writer(engine), expire_on_commit=False) as session:
        row = session.get(SolveJobRow, job_id)
        if row is None or row.group_id != group_id:
            return None
        store.request_cancel(session, row)
        session.commit()
    if row.backend == "procrastinate" and row.status == JOB_CANCELLED:
        _forget_waiting(engine, job_id)
    return row


def _forget_waiting(engine: Engine, job_id: str) -> None:
    """Cancel the job's waiting Procrastinate job, so that it no longer holds the month's queueing lock
    (best effort: a later solve of the month clears it anyway)."""
    from jobs.queue import cancel_waiting

    try:
        cancel_waiting(engine.url.render_as_string(hide_password=False), job_id)
    except Exception:
        log.warning("could not cancel the queued Procrastinate job of %s", job_id, exc_info=True)


def clear_job(engine: Engine, job_id: str, actor: str) -> SolveJobRow | None:
    """An operator's way out for a job stuck queued or running: mark it abandoned whatever its heartbeat
    says and end its Procrastinate job, which frees the month. A solving process still alive sees that its
    job is no longer running and stops without writing anything (`jobs.execute`)."""
    with Session(writer(engine), expire_on_commit=False) as session:
        row = session.get(SolveJobRow, job_id)
        if row is None:
            return None
        if row.status in ACTIVE_STATUSES:
            row.status, row.finished_at = JOB_ABANDONED, utcnow()
            row.cancel_requested = True
            row.error = f"cleared by an operator ({actor})"
            session.add(row)
            session.commit()
    if row.backend == "procrastinate":
        from jobs.queue import end_queue_job

        end_queue_job(engine.url.render_as_string(hide_password=False), job_id)
    return row


def retry_job(
    engine: Engine, group_id: int, job_id: str, actor: str, *, dispatch: bool = True
) -> SolveJobRow | None:
    old = get_job(engine, group_id, job_id)
    if old is None:
        return None
    if old.status not in FINAL_STATUSES or old.status == "succeeded":
        raise NotRetryable(
            f"job {job_id} is {old.status}: only a failed, cancelled or abandoned job is retried"
        )
    replan = Replan(old.base_plan_id, old.change) if old.kind == "replan" and old.base_plan_id else None
    return submit_solve(
        engine,
        group_id,
        old.month,
        SolveRequest(**old.options),
        actor,
        retry_of=old,
        replan=replan,
        dispatch=dispatch,
    )


def stop_pools(*, terminate: bool = False) -> None:
    """Stop this process's local pools (tests, shutdown); `terminate` also ends running solves."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.stop(terminate=terminate)
