"""The `solve_job` rows: every state change of a job is one small UPDATE guarded by the state it expects.

Guarded updates (`… WHERE status = 'queued'`) make claiming, cancelling and finishing safe when several
processes (API, local pool, workers on other machines) look at the same job: exactly one wins.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from persistence.solve_jobs import (
    JOB_ABANDONED,
    JOB_CANCELLED,
    JOB_FAILED,
    JOB_QUEUED,
    JOB_RUNNING,
    JOB_SUCCEEDED,
    SolveJobRow,
)
from persistence.types import utcnow

DEFAULT_STALE_SECONDS = 30.0
"""A running job whose heartbeat is older than this is abandoned (its process or machine is gone)."""


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(os.environ.get("GE_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS)))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def new_job(
    session: Session,
    group_id: int,
    month: str,
    *,
    backend: str,
    options: dict[str, Any],
    created_by: str,
    retry_of: SolveJobRow | None = None,
    kind: str = "solve",
    base_plan_id: int | None = None,
    change: dict[str, Any] | None = None,
) -> SolveJobRow:
    """Insert a queued job (flushed). The active-month unique index raises IntegrityError on a clash."""
    row = SolveJobRow(
        id=uuid.uuid4().hex,
        group_id=group_id,
        month=month,
        kind=kind,
        base_plan_id=base_plan_id,
        change=change or {},
        backend=backend,
        options=options,
        created_by=created_by,
        retry_of=retry_of.id if retry_of else None,
        attempt=retry_of.attempt + 1 if retry_of else 1,
    )
    session.add(row)
    session.flush()
    return row


def active_job(session: Session, group_id: int, month: str) -> SolveJobRow | None:
    return session.exec(
        select(SolveJobRow).where(
            SolveJobRow.group_id == group_id,
            SolveJobRow.month == month,
            col(SolveJobRow.status).in_((JOB_QUEUED, JOB_RUNNING)),
        )
    ).first()


def job_months(month: str, through: str | None) -> list[str]:
    """The months a job plans: its month, or a season's months from it through `through` (YYYY-MM)."""
    from engine.timeutil import next_month

    months = [month]
    while through is not None and months[-1] < through:
        months.append(next_month(months[-1]))
    return months


def months_of(row: SolveJobRow) -> list[str]:
    """The months a stored job plans (`options["through"]` for a season)."""
    return job_months(row.month, row.options.get("through"))


def overlapping_job(session: Session, group_id: int, months: list[str]) -> SolveJobRow | None:
    """An active job of the group planning one of `months` (a season's jobs included, whose own month is
    only their first: the unique index sees that one, this sees the others)."""
    wanted = set(months)
    for row in session.exec(
        select(SolveJobRow).where(
            SolveJobRow.group_id == group_id, col(SolveJobRow.status).in_((JOB_QUEUED, JOB_RUNNING))
        )
    ):
        if wanted.intersection(months_of(row)):
            return row
    return None


def _set(engine: Engine, job_id: str, where: Any, **values: Any) -> bool:
    """One guarded UPDATE in its own transaction; True when the row matched."""
    with engine.begin() as conn:
        result = conn.execute(
            update(SolveJobRow).where(col(SolveJobRow.id) == job_id, where).values(**values)
        )
        return bool(result.rowcount)


def claim(engine: Engine, job_id: str) -> bool:
    """queued → running, for the calling process; False if someone else took it or it was cancelled."""
    now = utcnow()
    return _set(
        engine,
        job_id,
        (col(SolveJobRow.status) == JOB_QUEUED) & ~col(SolveJobRow.cancel_requested),
        status=JOB_RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker=worker_name(),
    )


def heartbeat(engine: Engine, job_id: str, progress: dict[str, Any] | None = None) -> bool:
    """Refresh the heartbeat (and progress); False when the job is no longer running."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = progress
    return _set(engine, job_id, col(SolveJobRow.status) == JOB_RUNNING, **values)


def cancel_requested(engine: Engine, job_id: str) -> bool:
    with Session(engine) as session:
        row = session.get(SolveJobRow, job_id)
        return row is None or row.cancel_requested or row.status != JOB_RUNNING


def finish(engine: Engine, job_id: str, status: str, *, error: str | None = None) -> bool:
    """running → failed/cancelled (never over a job already finished)."""
    return _set(
        engine,
        job_id,
        col(SolveJobRow.status) == JOB_RUNNING,
        status=status,
        finished_at=utcnow(),
        error=error,
    )


def fail_if_running(engine: Engine, job_id: str, error: str) -> bool:
    return finish(engine, job_id, JOB_FAILED, error=error)


def request_cancel(session: Session, row: SolveJobRow) -> SolveJobRow:
    """A queued job is cancelled at once; a running one is flagged and its process stops within seconds."""
    if row.status == JOB_QUEUED:
        row.status = JOB_CANCELLED
        row.finished_at = utcnow()
        row.cancel_requested = True
    elif row.status == JOB_RUNNING:
        row.cancel_requested = True
    session.add(row)
    session.flush()
    return row


def _stale_filter(group_id: int | None, limit: dt.datetime) -> list[Any]:
    where = [col(SolveJobRow.status) == JOB_RUNNING, col(SolveJobRow.heartbeat_at) < limit]
    if group_id is not None:
        where.append(col(SolveJobRow.group_id) == group_id)
    return where


def sweep_stale(session: Session, group_id: int | None = None) -> int:
    """Mark running jobs without a recent heartbeat as abandoned, in `session`; returns how many."""
    now = utcnow()
    result = session.execute(
        update(SolveJobRow)
        .where(*_stale_filter(group_id, now - stale_after()))
        .values(
            status=JOB_ABANDONED,
            finished_at=now,
            error="its worker stopped sending heartbeats (process or machine stopped); retry the job",
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def sweep_stale_now(engine: Engine, group_id: int | None = None) -> int:
    """`sweep_stale` for the read paths (a job lookup, the local dispatcher every second): a read first,
    and a write transaction only when a job is stale, so that looking never takes SQLite's write lock."""
    from persistence.db import writer

    with Session(engine) as session:
        stale = session.exec(
            select(SolveJobRow.id).where(*_stale_filter(group_id, utcnow() - stale_after())).limit(1)
        ).first()
    if stale is None:
        return 0
    with Session(writer(engine)) as session:
        count = sweep_stale(session, group_id)
        session.commit()
    return count


def job_group(engine: Engine, job_id: str) -> int | None:
    """The group a job belongs to (operators name jobs by id alone)."""
    with Session(engine) as session:
        row = session.get(SolveJobRow, job_id)
        return row.group_id if row is not None else None


def queued_local_jobs(engine: Engine, limit: int) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(SolveJobRow.id)
            .where(SolveJobRow.status == JOB_QUEUED, SolveJobRow.backend == "local")
            .order_by(col(SolveJobRow.created_at))
            .limit(limit)
        )
        return list(rows)


__all__ = [
    "JOB_ABANDONED",
    "JOB_CANCELLED",
    "JOB_FAILED",
    "JOB_QUEUED",
    "JOB_RUNNING",
    "JOB_SUCCEEDED",
    "active_job",
    "claim",
    "finish",
    "heartbeat",
    "new_job",
    "request_cancel",
    "sweep_stale",
    "sweep_stale_now",
]
