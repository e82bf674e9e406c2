"""Solve jobs on PostgreSQL with Procrastinate: any number of `ge worker` machines take solves.

The API defers `ge.solve_month(job_id)` on the `solves` queue with `lock` and `queueing_lock` set to
`solve:<group>:<month>`: Procrastinate never runs two jobs holding the same lock at once, and refuses a
second *waiting* job with the same queueing lock. The `solve_job` row's partial unique index (one active
job per group and month) and the advisory lock taken by `jobs.execute` complete the guarantee across
machines and across a job wrongly presumed dead.

The task itself starts `python -m jobs.execute JOB_ID` as a child process and waits for it, so a cancel
(which ends that process) or a crash of the solver never takes the worker down; a child that dies marks
its job failed, and a worker machine that dies stops the heartbeats, so `ge.sweep_stale_jobs` (every
minute, on any worker) marks its job abandoned.
"""

from __future__ import annotations

import logging
from typing import Any

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from jobs import store
from jobs.local import explain_exit, start_child

QUEUE = "solves"
SOLVE_TASK = "ge.solve_month"
SWEEP_TASK = "ge.sweep_stale_jobs"
log = logging.getLogger("ge.jobs")


def conninfo(database_url: str) -> str:
    """A libpq URL from an SQLAlchemy one (`postgresql+psycopg://` → `postgresql://`)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def month_lock(group_id: int, month: str) -> str:
    return f"solve:{group_id}:{month}"


def _database_url() -> str:
    from persistence.settings import get_settings

    return get_settings().effective_database_url


def solve_month(job_id: str) -> str:
    """Run one solve job in a child process and report how it ended."""
    from persistence.db import get_engine

    url = _database_url()
    process = start_child(url, job_id)
    code = process.wait()
    if code != 0:
        store.fail_if_running(get_engine(url), job_id, explain_exit(code))
        return f"job {job_id}: {explain_exit(code)}"
    return f"job {job_id}: done"


def sweep_stale_jobs(timestamp: int) -> int:
    """Mark running jobs whose heartbeat stopped as abandoned (all groups)."""
    from sqlmodel import Session

    from persistence.db import get_engine

    with Session(get_engine(_database_url())) as session:
        count = store.sweep_stale(session)
        session.commit()
    return count


def make_app(database_url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url)))
    app.task(name=SOLVE_TASK, queue=QUEUE)(solve_month)
    sweep = app.task(name=SWEEP_TASK, queue=QUEUE, queueing_lock=SWEEP_TASK)(sweep_stale_jobs)
    app.periodic(cron="* * * * *", periodic_id="sweep")(sweep)  # type: ignore[arg-type]
    return app


def ensure_schema(database_url: str) -> None:
    """Create Procrastinate's tables once (under an advisory lock, so that two workers can start together)."""
    with psycopg.connect(conninfo(database_url), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('ge-procrastinate-schema'))")
        try:
            exists = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if exists is None or exists[0] is None:
                conn.execute(SchemaManager.get_schema())
                log.info("Procrastinate schema created")
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('ge-procrastinate-schema'))")


def defer_solve(database_url: str, job_id: str, group_id: int, month: str) -> int:
    """Queue the solve of `job_id`; returns Procrastinate's job id."""
    ensure_schema(database_url)
    app = make_app(database_url)
    lock = month_lock(group_id, month)
    with app.open():
        task: Any = app.tasks[SOLVE_TASK]
        return int(task.configure(lock=lock, queueing_lock=lock).defer(job_id=job_id))


def run_worker(database_url: str, concurrency: int = 1, *, wait: bool = True) -> None:
    """Take solves from the `solves` queue until stopped (SIGINT/SIGTERM) or, with `wait=False`, idle."""
    ensure_schema(database_url)
    make_app(database_url).run_worker(
        queues=[QUEUE], concurrency=concurrency, wait=wait, name=store.worker_name()
    )
