"""`ge jobs`: see the solve jobs of the database and clear a stuck one (an operator's commands).

`ge jobs list` shows every job that is queued or running, and the latest others, with its heartbeat's age
and, on PostgreSQL, what Procrastinate holds for it (its state, and whether its worker has stalled).
`ge jobs sweep` does at once what workers do every few seconds: a running job whose heartbeat is older
than GE_JOB_STALE_SECONDS is marked abandoned, and a Procrastinate job whose worker died is ended, which
frees its month. `ge jobs clear JOB` ends a job whatever its heartbeat says (a live solving process stops
without writing anything), and `ge jobs retry JOB` starts a failed, cancelled or abandoned one again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from ge.commands.database import add_option, open_database, safe_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

OPERATOR = "operator (ge jobs)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "jobs",
        help="list solve jobs; clear or retry a stuck one (operators)",
        description="See the solve jobs in the database and clear a stuck one. A job whose worker died is "
        "released by the workers within GE_JOB_STALE_SECONDS (default 30) plus a few seconds; these "
        "commands show it and act at once (docs/jobs.md, 'Operating').",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="jobs queued or running, then the latest others")
    add_option(listing)
    listing.add_argument("--limit", type=int, default=20, metavar="N", help="finished jobs shown (20)")
    sweep = actions.add_parser("sweep", help="abandon jobs without heartbeat; free stalled workers' months")
    add_option(sweep)
    clear = actions.add_parser("clear", help="end a stuck job now (abandoned) and free its month")
    add_option(clear)
    clear.add_argument("job", metavar="JOB", help="the job id (from `ge jobs list` or GET /jobs/{id})")
    retry = actions.add_parser("retry", help="start a failed, cancelled or abandoned job again")
    add_option(retry)
    retry.add_argument("job", metavar="JOB", help="the job id")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    engine = open_database(args)
    try:
        action = {"list": _list, "sweep": _sweep, "clear": _clear, "retry": _retry}[args.action]
        return action(engine, args)
    finally:
        engine.dispose()


def _age(moment: dt.datetime | None, now: dt.datetime) -> str:
    return "-" if moment is None else f"{(now - moment).total_seconds():.0f} s ago"


def _queue_view(engine: Engine) -> dict[str, Any]:
    from jobs.service import backend_for

    if backend_for(engine) != "procrastinate":
        return {}
    from jobs.queue import queue_jobs

    view: dict[str, Any] = {}
    for job in queue_jobs(engine.url.render_as_string(hide_password=False)):
        if job.solve_job is not None:
            view.setdefault(job.solve_job, job)  # newest first: the job's latest Procrastinate job
    return view


def _list(engine: Engine, args: argparse.Namespace) -> int:
    from sqlmodel import Session, col, select

    from jobs.store import stale_after
    from persistence.solve_jobs import ACTIVE_STATUSES, SolveJobRow
    from persistence.tables import GroupRow
    from persistence.types import utcnow

    with Session(engine) as session:
        groups = {g.id: g.key for g in session.exec(select(GroupRow))}
        active = session.exec(
            select(SolveJobRow)
            .where(col(SolveJobRow.status).in_(ACTIVE_STATUSES))
            .order_by(col(SolveJobRow.created_at))
        ).all()
        others = session.exec(
            select(SolveJobRow)
            .where(col(SolveJobRow.status).not_in(ACTIVE_STATUSES))
            .order_by(col(SolveJobRow.created_at).desc())
            .limit(max(0, args.limit))
        ).all()
    queue = _queue_view(engine)
    now = utcnow()
    stale = stale_after()
    print(f"solve jobs in {safe_url(engine)} (a running job is stale after {stale.total_seconds():.0f} s)")
    if not active and not others:
        print("no job")
        return 0
    header = (
        f"{'job':32}  {'group':14} {'month':7} {'kind':6} {'status':9} {'try':>3}  {'heartbeat':12} worker"
    )
    print(header)
    for row in [*active, *others]:
        beat = _age(row.heartbeat_at, now) if row.status == "running" else "-"
        line = (
            f"{row.id:32}  {groups.get(row.group_id, '?'):14.14} {row.month:7} {row.kind:6.6} "
            f"{row.status:9} {row.attempt:>3}  {beat:12} {row.worker or '-'}"
        )
        notes = []
        if row.status == "running" and row.heartbeat_at is not None and now - row.heartbeat_at > stale:
            notes.append("STALE: its process stopped (ge jobs sweep, or wait for a worker)")
        queued = queue.get(row.id)
        if queued is not None:
            notes.append(
                f"procrastinate job {queued.id} {queued.status}"
                + (" (its worker stopped sending heartbeats)" if queued.stalled else "")
            )
        if row.error and row.status != "running":
            notes.append(row.error)
        print(line + ("".join(f"\n    {n}" for n in notes)))
    return 0


def _sweep(engine: Engine, args: argparse.Namespace) -> int:
    from jobs import store
    from jobs.service import backend_for

    released = []
    if backend_for(engine) == "procrastinate":
        from jobs.queue import release_stalled

        released = release_stalled(engine.url.render_as_string(hide_password=False), engine)
    abandoned = store.sweep_stale_now(engine)
    for job in released:
        print(f"released procrastinate job {job.id} of solve job {job.solve_job} ({job.lock}): worker gone")
    print(f"{len(released)} stalled Procrastinate job(s) released, {abandoned} more job(s) marked abandoned")
    return 0


def _clear(engine: Engine, args: argparse.Namespace) -> int:
    from engine.errors import DomainError
    from jobs.service import clear_job

    row = clear_job(engine, args.job, OPERATOR)
    if row is None:
        raise DomainError(f"no solve job {args.job}")
    print(f"job {row.id} ({row.month}): {row.status}" + (f" — {row.error}" if row.error else ""))
    print(
        f"the month {row.month} can be solved again (ge jobs retry {row.id}, or POST /months/{row.month}/solve)"
    )
    return 0


def _retry(engine: Engine, args: argparse.Namespace) -> int:
    from engine.errors import DomainError
    from jobs import service
    from jobs.store import job_group

    group_id = job_group(engine, args.job)
    if group_id is None:
        raise DomainError(f"no solve job {args.job}")
    try:
        row = service.retry_job(engine, group_id, args.job, OPERATOR, dispatch=False)
    except (service.NotRetryable, service.MonthBusy, service.QueueRefused) as exc:
        raise DomainError(str(exc)) from None
    assert row is not None
    print(f"job {row.id} queued ({row.month}, attempt {row.attempt}); follow it with `ge jobs list`")
    if service.backend_for(engine) == "local":
        print("(on SQLite a running `ge serve` or `ge worker` takes it)", file=sys.stderr)
    return 0
