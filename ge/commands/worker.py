"""`ge worker`: take solve jobs — from Procrastinate on PostgreSQL, from the job table on SQLite.

Start as many as you like, on as many machines as reach the database: on PostgreSQL each solve is taken
by exactly one worker, and one month of one group is never solved twice at once (docs/jobs.md).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING

from ge.commands import arguments

if TYPE_CHECKING:
    from sqlalchemy import Engine


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="take solve jobs (Procrastinate on PostgreSQL, a local pool on SQLite)",
        description="Run solve jobs queued by the API (POST /months/{month}/solve). On PostgreSQL the "
        "worker listens to the Procrastinate queue `solves`; on SQLite it takes jobs from the job table. "
        "Stops on SIGINT/SIGTERM (a running solve is then left to finish or, if killed, marked abandoned "
        "and retryable).",
    )
    p.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: DATABASE_URL, else the embedded SQLite file ge.db)",
    )
    p.add_argument(
        "--concurrency", type=arguments.count, default=1, metavar="N", help="solves at once (default 1)"
    )
    p.add_argument("--burst", action="store_true", help="stop once no job is waiting (scripts and tests)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.errors import DomainError

    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url  # the solving child processes read it too
    from persistence.settings import get_settings

    get_settings.cache_clear()
    url = get_settings().effective_database_url
    arguments.check_database_url(url)
    arguments.reachable(url)
    from sqlalchemy import inspect

    from persistence.db import make_engine

    engine = make_engine(url)
    if not inspect(engine).has_table("solve_job"):
        raise DomainError(
            "the database has no ge-engine schema yet: start `ge serve` once, or run "
            "`python -m persistence.migrate upgrade`, before starting workers"
        )
    from jobs.service import backend_for

    backend = backend_for(engine)
    safe = engine.url.render_as_string(hide_password=True)
    print(f"ge worker: {backend} backend on {safe}, concurrency {args.concurrency}", file=sys.stderr)
    if backend == "procrastinate":
        from jobs.queue import run_worker

        engine.dispose()
        run_worker(url, args.concurrency, wait=not args.burst)
        return 0
    return _run_local(engine, args.concurrency, burst=args.burst)


def _run_local(engine: Engine, concurrency: int, *, burst: bool) -> int:
    from jobs import store
    from jobs.local import POLL_SECONDS, LocalPool

    pool = LocalPool(engine, concurrency=concurrency)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set():
        pool.tick()
        if burst and not pool.running and not store.queued_local_jobs(pool.engine, 1):
            break
        stop.wait(POLL_SECONDS)
    return 0
