"""Solve jobs on PostgreSQL with Procrastinate: any number of `ge worker` machines take solves.

The API defers `ge.solve_month(job_id)` on the `solves` queue with `lock` and `queueing_lock` set to
`solve:<group>:<month>`: Procrastinate never runs two jobs holding the same lock at once, and refuses a
second *waiting* job with the same queueing lock. The `solve_job` row's partial unique index (one active
job per group and month) and the advisory lock taken by `jobs.execute` complete the guarantee across
machines and across a job wrongly presumed dead.

The task itself starts `python -m jobs.execute JOB_ID` as a child process and waits for it, so a cancel
(which ends that process) or a crash of the solver never takes the worker down; a child that dies marks
its job failed.

A worker that dies (kill -9, a machine lost) leaves its Procrastinate job `doing`, holding the month's
lock, so that no later solve of the month could ever start. Each worker therefore sends Procrastinate
heartbeats, and a maintenance thread in every worker (`Maintenance`, every `sweep_interval()` seconds),
each new solve request for the month (`defer_solve`) and `ge jobs sweep` release such jobs
(`release_stalled`): a job whose worker has sent no heartbeat for `GE_JOB_STALE_SECONDS` is ended as
failed, which frees its lock, and its `solve_job` is marked abandoned once its own heartbeat is stale too
(a solving process that outlived its worker keeps its job until it ends). A waiting Procrastinate job whose
`solve_job` was cancelled is cancelled with it (`cancel_waiting`), and one left behind anyway no longer
blocks a new solve of the month (`defer_solve` clears it instead of failing with `AlreadyEnqueued`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from typing import Any

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Status
from procrastinate.schema import SchemaManager
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from jobs import store
from jobs.local import explain_exit, start_child
from persistence.solve_jobs import ACTIVE_STATUSES, SolveJobRow

QUEUE = "solves"
SOLVE_TASK = "ge.solve_month"
log = logging.getLogger("ge.jobs")


class QueueBusy(Exception):
    """Procrastinate still holds a waiting solve of this month for a job that is active."""


def conninfo(database_url: str) -> str:
    """A libpq URL from an SQLAlchemy one (`postgresql+psycopg://` → `postgresql://`)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def month_lock(group_id: int, month: str) -> str:
    return f"solve:{group_id}:{month}"


def heartbeat_interval() -> float:
    """How often a worker tells Procrastinate it is alive: a third of the stale delay, at most 10 s."""
    return max(0.5, min(10.0, store.stale_after().total_seconds() / 3))


def sweep_interval() -> float:
    """How often each worker looks for stalled jobs (the stale delay bounds how long one blocks a month)."""
    return max(1.0, min(15.0, store.stale_after().total_seconds() / 2))


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


def make_app(database_url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url)))
    app.task(name=SOLVE_TASK, queue=QUEUE)(solve_month)
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


def _run(database_url: str, work: Any) -> Any:
    """Run `work(app)` (a coroutine function) with the app opened, from synchronous code."""

    async def main() -> Any:
        app = make_app(database_url)
        async with app.open_async():
            return await work(app)

    return asyncio.run(main())


@dataclass(frozen=True)
class QueueJob:
    """A Procrastinate job as an operator sees it next to the `solve_job` it runs."""

    id: int
    status: str
    solve_job: str | None
    lock: str | None
    worker_id: int | None
    stalled: bool = False


def _solve_job_id(job: Any) -> str | None:
    value = job.task_kwargs.get("job_id")
    return str(value) if value is not None else None


def release_stalled(database_url: str, engine: Engine, *, lock: str | None = None) -> list[QueueJob]:
    """End as failed every `doing` solve whose worker stopped sending heartbeats (optionally only the
    one holding `lock`), freeing its month; mark its `solve_job` abandoned when that one's heartbeat is
    stale too. Returns the jobs released. Safe to run anywhere, any number of times at once."""
    stale = store.stale_after().total_seconds()

    async def work(app: procrastinate.App) -> list[QueueJob]:
        released = []
        for job in await app.job_manager.get_stalled_jobs(
            queue=QUEUE, task_name=SOLVE_TASK, seconds_since_heartbeat=stale
        ):
            if job.id is None or (lock is not None and job.lock != lock):
                continue
            try:
                await app.job_manager.finish_job_by_id_async(job.id, status=Status.FAILED, delete_job=False)
            except Exception as exc:  # another worker ended it first
                log.info("stalled job %s already ended: %s", job.id, exc)
                continue
            released.append(QueueJob(job.id, "failed", _solve_job_id(job), job.lock, job.worker_id, True))
        return released

    released: list[QueueJob] = _run(database_url, work)
    store.sweep_stale_now(engine)
    for job in released:
        log.warning(
            "released the stalled Procrastinate job %s (solve job %s, lock %s): its worker stopped",
            job.id,
            job.solve_job,
            job.lock,
        )
    return released


def cancel_waiting(database_url: str, solve_job_id: str) -> bool:
    """Cancel the waiting (todo) Procrastinate job of a solve job; True when there was one."""

    async def work(app: procrastinate.App) -> bool:
        done = False
        for job in await app.job_manager.list_jobs_async(queue=QUEUE, task=SOLVE_TASK, status="todo"):
            if job.id is not None and _solve_job_id(job) == solve_job_id:
                done = await app.job_manager.cancel_job_by_id_async(job.id) or done
        return done

    result: bool = _run(database_url, work)
    return result


def end_queue_job(database_url: str, solve_job_id: str) -> list[QueueJob]:
    """End whatever Procrastinate holds for a solve job: a waiting job is cancelled, a running one ended
    as failed (an operator clearing a stuck job, `jobs.service.clear_job`). Returns the jobs ended."""

    async def work(app: procrastinate.App) -> list[QueueJob]:
        ended = []
        for job in await app.job_manager.list_jobs_async(queue=QUEUE, task=SOLVE_TASK):
            if job.id is None or _solve_job_id(job) != solve_job_id:
                continue
            if job.status == "todo" and await app.job_manager.cancel_job_by_id_async(job.id):
                ended.append(QueueJob(job.id, "cancelled", solve_job_id, job.lock, job.worker_id))
            elif job.status == "doing":
                try:
                    await app.job_manager.finish_job_by_id_async(
                        job.id, status=Status.FAILED, delete_job=False
                    )
                except Exception as exc:  # it ended meanwhile
                    log.info("Procrastinate job %s already ended: %s", job.id, exc)
                    continue
                ended.append(QueueJob(job.id, "failed", solve_job_id, job.lock, job.worker_id))
        return ended

    result: list[QueueJob] = _run(database_url, work)
    return result


def queue_jobs(database_url: str, *, only_unfinished: bool = False) -> list[QueueJob]:
    """The solve jobs Procrastinate holds (newest first), each with whether its worker has stalled."""
    stale = store.stale_after().total_seconds()

    async def work(app: procrastinate.App) -> list[QueueJob]:
        stalled = {
            j.id
            for j in await app.job_manager.get_stalled_jobs(
                queue=QUEUE, task_name=SOLVE_TASK, seconds_since_heartbeat=stale
            )
        }
        jobs = await app.job_manager.list_jobs_async(queue=QUEUE, task=SOLVE_TASK)
        return [
            QueueJob(j.id, str(j.status), _solve_job_id(j), j.lock, j.worker_id, j.id in stalled)
            for j in sorted(jobs, key=lambda j: -(j.id or 0))
            if j.id is not None and (not only_unfinished or j.status in ("todo", "doing"))
        ]

    result: list[QueueJob] = _run(database_url, work)
    return result


def _clear_leftover(database_url: str, engine: Engine, lock: str) -> None:
    """A waiting job holds the month's queueing lock: cancel it if its solve job is no longer active
    (cancelled, failed, abandoned); refuse (`QueueBusy`) if it is."""

    async def waiting(app: procrastinate.App) -> list[Any]:
        return list(await app.job_manager.list_jobs_async(queue=QUEUE, status="todo", queueing_lock=lock))

    for job in _run(database_url, waiting):
        owner = _solve_job_id(job)
        with Session(engine) as session:
            row = session.get(SolveJobRow, owner) if owner else None
        if row is not None and row.status in ACTIVE_STATUSES:
            raise QueueBusy(f"a solve of this month is already waiting (job {owner})")
        if owner:
            cancel_waiting(database_url, owner)


def defer_solve(
    database_url: str, job_id: str, group_id: int, month: str, engine: Engine | None = None
) -> int:
    """Queue the solve of `job_id`; returns Procrastinate's job id.

    A stalled job still holding the month's lock is released first, and a waiting job left behind by a
    cancelled or finished `solve_job` is cleared, so that a new solve of the month always gets a turn."""
    from persistence.db import get_engine

    ensure_schema(database_url)
    engine = engine or get_engine(database_url)
    lock = month_lock(group_id, month)
    release_stalled(database_url, engine, lock=lock)
    app = make_app(database_url)
    with app.open():
        task: Any = app.tasks[SOLVE_TASK]
        try:
            return int(task.configure(lock=lock, queueing_lock=lock).defer(job_id=job_id))
        except AlreadyEnqueued:
            _clear_leftover(database_url, engine, lock)
            return int(task.configure(lock=lock, queueing_lock=lock).defer(job_id=job_id))


class Maintenance(threading.Thread):
    """Releases stalled jobs every `sweep_interval()` seconds, beside the worker's own loop (a periodic
    Procrastinate task would wait behind a long solve on a worker of concurrency 1)."""

    def __init__(self, database_url: str):
        super().__init__(name="ge-jobs-maintenance", daemon=True)
        self.database_url = database_url
        self.stopped = threading.Event()

    def run(self) -> None:
        from persistence.db import get_engine

        engine = get_engine(self.database_url)
        while not self.stopped.wait(sweep_interval()):
            try:
                release_stalled(self.database_url, engine)
            except Exception:
                log.warning("stalled-job sweep failed (next one in %.0f s)", sweep_interval(), exc_info=True)


def run_worker(database_url: str, concurrency: int = 1, *, wait: bool = True) -> None:
    """Take solves from the `solves` queue until stopped (SIGINT/SIGTERM) or, with `wait=False`, idle."""
    ensure_schema(database_url)
    maintenance = Maintenance(database_url)
    maintenance.start()
    try:
        make_app(database_url).run_worker(
            queues=[QUEUE],
            concurrency=concurrency,
            wait=wait,
            name=store.worker_name(),
            update_heartbeat_interval=heartbeat_interval(),
            stalled_worker_timeout=store.stale_after().total_seconds(),
        )
    finally:
        maintenance.stopped.set()
