"""The solve job table (owned by jobs/): one row per request to solve a month, with live progress.

A job is a `solve` of a month or a `replan` of a published plan version (`base_plan_id`) after a `change`
(absences, new needs, members leaving, `today`, as JSON: see `jobs.changes`). On SQLite the table is also the queue (local workers claim rows); on PostgreSQL Procrastinate carries the
work and this row carries what users see (status, progress, result). A partial unique index allows one
*active* (queued or running) job per group and month: the database itself refuses a second concurrent
solve of the same month, whichever machine asks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, text
from sqlmodel import Field, SQLModel

from persistence.types import UTCDateTime, utcnow

JOB_QUEUED = "queued"
JOB_RUNNING = "running"
JOB_SUCCEEDED = "succeeded"
JOB_FAILED = "failed"
JOB_CANCELLED = "cancelled"
JOB_ABANDONED = "abandoned"  # its worker stopped sending heartbeats (killed machine or process)
JOB_KIND_SOLVE = "solve"
JOB_KIND_REPLAN = "replan"
ACTIVE_STATUSES = (JOB_QUEUED, JOB_RUNNING)
FINAL_STATUSES = (JOB_SUCCEEDED, JOB_FAILED, JOB_CANCELLED, JOB_ABANDONED)

_ACTIVE = text("status IN ('queued', 'running')")


class SolveJobRow(SQLModel, table=True):
    __tablename__ = "solve_job"
    __table_args__ = (
        Index(
            "uq_solve_job_active_month",
            "group_id",
            "month",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )
    id: str = Field(primary_key=True, max_length=32)
    group_id: int = Field(
        sa_column_args=[ForeignKey("ge_group.id", ondelete="CASCADE")], index=True, nullable=False
    )
    month: str = Field(max_length=7)
    kind: str = Field(default="solve", max_length=16)  # solve | replan
    base_plan_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    change: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default=JOB_QUEUED, max_length=16, index=True)
    backend: str = Field(default="local", max_length=16)  # local | procrastinate
    options: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    progress: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_by: str = Field(default="system", max_length=128)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    started_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    heartbeat_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    cancel_requested: bool = False
    worker: str | None = Field(default=None, max_length=200)  # host:pid of the process solving it
    error: str | None = None
    plan_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    retry_of: str | None = Field(default=None, max_length=32)
    attempt: int = 1
