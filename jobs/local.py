"""A local pool of solve processes, fed from the `solve_job` table (the embedded default, SQLite).

Why processes started one per job rather than a `ProcessPoolExecutor`: a cancel or a crash must end one
solve without breaking the pool (a pool whose worker dies is broken as a whole), and the exit code of each
process tells whether it died. The pool runs inside the API process (`jobs.service`) and in `ge worker`
on SQLite; several pools may watch one database — claiming a job is one guarded UPDATE, so exactly one
process solves it.

A dispatcher thread wakes on `submit()` (or every `POLL_SECONDS`), reaps finished processes (a process
that died while its job was still running marks the job failed with its exit code), marks stale jobs
abandoned, and starts queued jobs while fewer than `concurrency` run.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from sqlalchemy import Engine

from jobs import store

POLL_SECONDS = 1.0
log = logging.getLogger("ge.jobs")


def child_environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    return env


def start_child(database_url: str, job_id: str) -> subprocess.Popen[bytes]:
    """`python -m jobs.execute JOB_ID` with the database URL in its environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "jobs.execute", job_id],
        env=child_environment(database_url),
        stdin=subprocess.DEVNULL,
    )


def explain_exit(code: int) -> str:
    if code < 0:
        return f"the solving process was killed by signal {-code}"
    return f"the solving process stopped with exit code {code}"


class LocalPool:
    def __init__(self, engine: Engine, concurrency: int = 1):
        self.engine = engine
        self.database_url = engine.url.render_as_string(hide_password=False)
        self.concurrency = max(1, concurrency)
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> LocalPool:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._loop, name="ge-solve-pool", daemon=True)
                self._thread.start()
        return self

    def submit(self) -> None:
        """Tell the dispatcher a job was queued (it would find it at the next poll anyway)."""
        self.start()
        self._wake.set()

    def stop(self, *, terminate: bool = False) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if terminate:
            for process in self.running.values():
                process.terminate()

    def pid_of(self, job_id: str) -> int | None:
        process = self.running.get(job_id)
        return process.pid if process is not None else None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("solve pool dispatcher error (continuing)")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def tick(self) -> None:
        """One round: reap, sweep, start."""
        for job_id, process in list(self.running.items()):
            code = process.poll()
            if code is None:
                continue
            del self.running[job_id]
            if code != 0 and store.fail_if_running(self.engine, job_id, explain_exit(code)):
                log.warning("job %s: %s", job_id, explain_exit(code))
        store.sweep_stale_now(self.engine)
        free = self.concurrency - len(self.running)
        if free <= 0:
            return
        for job_id in store.queued_local_jobs(self.engine, free + len(self.running)):
            if job_id in self.running or len(self.running) >= self.concurrency:
                continue
            self.running[job_id] = start_child(self.database_url, job_id)

    def wait_idle(self) -> None:
        """Block until no job process runs (used by `ge worker --once` and tests)."""
        for process in list(self.running.values()):
            process.wait()
        self.tick()
