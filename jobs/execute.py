"""Solve (or re-plan) one job in this process: `python -m jobs.execute JOB_ID` (the database URL from the settings).

Why a process of its own per job: a cancel or a crash then ends exactly one solve, and killing it can
never leave half a plan behind, because nothing is written until the end — the draft plan and the job's
success are one transaction, which also checks that the job was not cancelled meanwhile. The published
plan is never touched by a solve.

While the solver runs, a heartbeat thread refreshes `heartbeat_at` every `HEARTBEAT_SECONDS` and watches
the cancel flag; progress (objective, bound, elapsed) is written at most every `PROGRESS_SECONDS`. On
PostgreSQL the process also holds an advisory lock on (group, month) for the whole solve, so even a job
wrongly declared abandoned can never run beside its retry.

A season (`options["through"]`: the job's month through that one) is solved as one problem and stored as
one draft per month (`Plan.months()`), in the same transaction, each with what the check of the whole
season found on its days; the job's `plan_id` is the first month's draft and `progress["plan_ids"]` lists
them all. It holds the advisory lock of each of its months.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text, update
from sqlmodel import Session, col

from jobs import store
from persistence.solve_jobs import (
    JOB_CANCELLED,
    JOB_KIND_REPLAN,
    JOB_RUNNING,
    JOB_SUCCEEDED,
    SolveJobRow,
)
from persistence.types import utcnow

HEARTBEAT_SECONDS = 1.0
PROGRESS_SECONDS = 0.5
SOLVE_FUNCTION_ENV = "GE_SOLVE_FUNCTION"
"""`module:function` replacing `engine.solver:solve` (an operator setting, e.g. for a test double)."""

log = logging.getLogger("ge.jobs")


REPLAN_FUNCTION_ENV = "GE_REPLAN_FUNCTION"
"""`module:function` replacing `engine.solver.search.replan:replan` (likewise)."""


def _function(env: str, default: str) -> Callable[..., Any]:
    module_name, _, attr = os.environ.get(env, default).partition(":")
    return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]


def solve_function() -> Callable[..., Any]:
    return _function(SOLVE_FUNCTION_ENV, "engine.solver:solve")


def replan_function() -> Callable[..., Any]:
    return _function(REPLAN_FUNCTION_ENV, "engine.solver.search.replan:replan")


class _Heartbeat(threading.Thread):
    """Keeps the job alive in the database and ends the process when a cancel is asked."""

    def __init__(self, engine: Engine, job_id: str, finishing: threading.Lock):
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.engine, self.job_id, self.finishing = engine, job_id, finishing
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            try:
                alive = store.heartbeat(self.engine, self.job_id)
                cancel = not alive or store.cancel_requested(self.engine, self.job_id)
            except Exception:  # a database hiccup must not kill the solve; the next beat retries
                log.warning("heartbeat of job %s failed", self.job_id, exc_info=True)
                continue
            if cancel and self.finishing.acquire(blocking=False):
                store.finish(self.engine, self.job_id, JOB_CANCELLED, error="cancelled on request")
                log.info("job %s cancelled: stopping its solve", self.job_id)
                os._exit(0)  # nothing was written: ending the process is the cleanest stop of CP-SAT


class _ProgressWriter:
    """The solver's progress callback: throttled writes of objective, bound and elapsed."""

    def __init__(self, engine: Engine, job_id: str):
        self.engine, self.job_id = engine, job_id
        self.last_write = 0.0
        self.latest: dict[str, Any] = {}

    def __call__(self, progress: Any) -> None:
        objective = progress.objective if progress.objective is not None else self.latest.get("objective")
        bound = progress.bound if progress.bound is not None else self.latest.get("bound")
        gap = None
        if objective not in (None, 0) and bound is not None:
            gap = abs(objective - bound) / abs(objective)
        self.latest = {
            "elapsed": round(float(progress.elapsed), 3),
            "objective": objective,
            "bound": bound,
            "gap": gap,
            "solutions": getattr(progress, "solutions", None),
            "unfilled": progress.unfilled
            if getattr(progress, "unfilled", None) is not None
            else self.latest.get("unfilled"),
        }
        now = time.monotonic()
        if now - self.last_write >= PROGRESS_SECONDS:
            self.last_write = now
            try:
                store.heartbeat(self.engine, self.job_id, self.latest)
            except Exception:
                log.warning("progress write of job %s failed", self.job_id, exc_info=True)


def _month_lock(engine: Engine, group_id: int, month: str) -> AbstractContextManager[Connection | None]:
    """A PostgreSQL session advisory lock on (group, month), held on its own connection; none on SQLite."""
    if engine.dialect.name != "postgresql":
        return nullcontext()
    return _AdvisoryLock(engine, f"ge-solve:{group_id}:{month}")


@contextmanager
def _months_lock(engine: Engine, group_id: int, months: list[str]) -> Iterator[None]:
    """The lock of each month, taken in calendar order (two seasons never wait on each other crosswise)."""
    with ExitStack() as stack:
        for month in sorted(months):
            stack.enter_context(_month_lock(engine, group_id, month))
        yield


class MonthLocked(RuntimeError):
    """Another process holds the solve lock of this month."""


class _AdvisoryLock(AbstractContextManager[Connection | None]):
    def __init__(self, engine: Engine, key: str):
        self.engine, self.key = engine, key
        self.conn: Connection | None = None

    def __enter__(self) -> Connection | None:
        self.conn = self.engine.connect()
        got = self.conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": self.key}).scalar()
        self.conn.commit()
        if not got:
            self.conn.close()
            raise MonthLocked(f"another solve of this month holds the lock {self.key!r}")
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            self.conn.execute(text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": self.key})
            self.conn.commit()
            self.conn.close()


def _solve_options(options: dict[str, Any], progress: _ProgressWriter) -> Any:
    from engine.solver.options import SolveOptions

    known = {"time_limit", "deterministic_time", "workers", "seed", "relative_gap"}
    return SolveOptions(**{k: v for k, v in options.items() if k in known}, progress=progress)


def _store_result(
    engine: Engine,
    job: SolveJobRow,
    computed: Computed,
    progress: dict[str, Any],
) -> bool:
    """Write the draft (with its verdict) and mark the job succeeded in ONE transaction; False if the job
    was cancelled.

    A re-plan's draft is `based_on` its published plan and keeps the change and the list of what moved
    (`data["change"]`, `data["changes"]`): publishing it records the change in the group's data."""
    plan, changes = computed.plan, computed.changes
    from jobs.changes import changes_json
    from persistence.plans import save_draft

    pieces = plan.months() if plan.first_day is not None else [plan]

    with Session(engine, expire_on_commit=False) as session:
        claimed = session.execute(
            update(SolveJobRow)
            .where(
                col(SolveJobRow.id) == job.id,
                col(SolveJobRow.status) == JOB_RUNNING,
                ~col(SolveJobRow.cancel_requested),
            )
            .values(status=JOB_SUCCEEDED, finished_at=utcnow(), progress=progress)
        )
        if not getattr(claimed, "rowcount", 0):
            session.rollback()
            return False
        versions = [
            save_draft(
                session,
                job.group_id,
                piece,
                source=job.kind,
                job_id=job.id,
                actor=job.created_by,
                based_on_id=job.base_plan_id,
                violations=computed.violations if len(pieces) == 1 else _on_days(computed.violations, piece),
            )
            for piece in pieces
        ]
        version = versions[0]
        if len(versions) > 1:
            ids = [v.id for v in versions]
            session.execute(
                update(SolveJobRow)
                .where(col(SolveJobRow.id) == job.id)
                .values(progress={**progress, "plan_ids": ids})
            )
        if changes is not None:
            version.data = {**version.data, "change": job.change, "changes": changes_json(changes)}
            session.add(version)
            session.flush()
        session.execute(update(SolveJobRow).where(col(SolveJobRow.id) == job.id).values(plan_id=version.id))
        session.commit()
    return True


def _on_days(violations: list[dict[str, Any]], piece: Any) -> list[dict[str, Any]]:
    """The findings of a season's check on one month's days (those without a day: every month)."""
    first, last = piece.horizon()
    return [
        v for v in violations if v.get("date") is None or first.isoformat() <= v["date"] <= last.isoformat()
    ]


def season(job: SolveJobRow) -> tuple[Any, Any] | None:
    """A season job's first and last day (None: a month)."""
    through = job.options.get("through")
    if through is None:
        return None
    from engine.timeutil import month_bounds

    return month_bounds(job.month)[0], month_bounds(through)[1]


@dataclass(frozen=True)
class Computed:
    """A job's result: the plan, a re-plan's changes, and the checker's verdict on the plan."""

    plan: Any
    changes: list[Any] | None
    violations: list[dict[str, Any]]


def _compute(engine: Engine, job: SolveJobRow, options: Any) -> Computed:
    """Solve the month, or re-plan the base plan after the change; then check the plan (outside any
    transaction: on a large month the checker takes a while) against the data it was solved from, the
    re-plan's change included."""
    from persistence.scenario_io import export_scenario
    from persistence.verdict import verdict

    with Session(engine) as session:
        scenario = export_scenario(session, job.group_id)
        base = _base_plan(session, job) if job.kind == JOB_KIND_REPLAN else None
    if base is None:
        span = season(job)
        if span is None:
            plan = solve_function()(scenario, job.month, options=options)
        else:
            plan = solve_function()(scenario, start=span[0], end=span[1], options=options)
        return Computed(plan, None, verdict(scenario, plan))
    from engine.solver.search.replan import apply_change
    from jobs.changes import change_request

    change = change_request(job.change)
    result = replan_function()(_without_plan_pins(scenario, base), base, change, options=options)
    return Computed(result.plan, list(result.changes), verdict(apply_change(scenario, change), result.plan))


def _without_plan_pins(scenario: Any, base: Any) -> Any:
    """The scenario minus the pins the published plan already carries as pinned assignments.

    `replan` pins every pinned assignment of the plan itself and adds them to the scenario's pins, so a
    scenario pin (e.g. from the imported file) would be pinned twice and refused ("pinned twice")."""
    carried = {(a.employee, a.need, a.date) for a in base.assignments if a.pinned}
    kept = [p for p in scenario.pins if (p.employee, p.need, p.date) not in carried]
    return scenario if len(kept) == len(scenario.pins) else scenario.model_copy(update={"pins": kept})


def _base_plan(session: Session, job: SolveJobRow) -> Any:
    from persistence.plans import plan_from_row
    from persistence.tables import PlanVersionRow

    row = session.get(PlanVersionRow, job.base_plan_id) if job.base_plan_id is not None else None
    if row is None or row.group_id != job.group_id:
        raise LookupError(f"the plan version {job.base_plan_id} to re-plan no longer exists")
    return plan_from_row(session, row)


def run_job(engine: Engine, job_id: str) -> int:
    """Claim and solve one job; returns the process exit code (0 also when there was nothing to do)."""
    if not store.claim(engine, job_id):
        log.info("job %s is not queued any more (taken, cancelled or unknown)", job_id)
        return 0
    with Session(engine) as session:
        job = session.get(SolveJobRow, job_id)
        assert job is not None
    finishing = threading.Lock()
    beat = _Heartbeat(engine, job_id, finishing)
    beat.start()
    try:
        with _months_lock(engine, job.group_id, store.months_of(job)):
            progress = _ProgressWriter(engine, job_id)
            computed = _compute(engine, job, _solve_options(job.options, progress))
            plan = computed.plan
            with finishing:
                beat.stopped.set()
                final = dict(progress.latest)
                facts = getattr(plan, "solver", None)
                if facts is not None:
                    final.update(
                        status=facts.status,
                        objective=None if facts.objective is None else float(facts.objective),
                        bound=None if facts.bound is None else float(facts.bound),
                        gap=None if facts.gap is None else float(facts.gap),
                        elapsed=facts.wall_seconds,
                    )
                if not _store_result(engine, job, computed, final):
                    log.info("job %s was cancelled at the end of its solve: result dropped", job_id)
        return 0
    except Exception as exc:
        beat.stopped.set()
        message = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
        log.error("job %s failed: %s\n%s", job_id, message, traceback.format_exc())
        store.fail_if_running(engine, job_id, message)
        return 1


def main(argv: list[str]) -> int:
    from persistence.db import make_engine
    from persistence.settings import get_settings

    if len(argv) != 1:
        print("usage: python -m jobs.execute JOB_ID", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    engine = make_engine(get_settings().effective_database_url)
    try:
        return run_job(engine, argv[0])
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
