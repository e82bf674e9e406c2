"""`ge worker`: take solve jobs — from Procrastinate on PostgreSQL, from the job table on SQLite.

Start as many as you like, on as many machines as reach the database: on PostgreSQL each solve is taken
by exactly one worker, and one month of one group is never solved twice at once (docs/jobs.md).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING

from ge.commands import arguments
from ge.commands.database import add_option, open_database, safe_url

if TYPE_CHECKING:
    from sqlalchemy import Engine


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="take solve jobs (Procrastinate on PostgreSQL, a local pool on SQLite)",
        description="Run solve jobs queued by the API (POST /months/{month}/solve). On PostgreSQL the "
        "worker listens to the Procrastinate queue `solves`; on SQLite it takes jobs from the job table. "
        "Stops on SIGINT/SIGTERM (a running solve is then left to finish or, if killed, marked abandoned "
        "and retryable). On PostgreSQL every worker also releases, within GE_JOB_STALE_SECONDS (30), the "
        "solves of workers that died (their month's lock), see `ge jobs`.",
    )
    add_option(p)
    p.add_argument(
        "--concurrency", type=arguments.count, default=1, metavar="N", help="solves at once (default 1)"
    )
    p.add_argument("--burst", action="store_true", help="stop once no job is waiting (scripts and tests)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    engine = open_database(args, export=True)
    url = engine.url.render_as_string(hide_password=False)
    from jobs.service import backend_for

    backend = backend_for(engine)
    print(
        f"ge worker: {backend} backend on {safe_url(engine)}, concurrency {args.concurrency}", file=sys.stderr
    )
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
