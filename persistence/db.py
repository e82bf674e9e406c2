"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite is configured so that it behaves like a server database where it matters: foreign keys enforced,
WAL journal (readers do not block the writer), a busy timeout instead of immediate "database is locked",
and transactions that SQLAlchemy begins explicitly. `write_session(engine, immediate=True)` starts with
`BEGIN IMMEDIATE` on SQLite, which takes the write lock at once: gap-free numbering relies on it (on
PostgreSQL the same code uses `SELECT … FOR UPDATE`).

SQLite has one writer at a time. Within one process (the API serving several requests in threads) the
writers take turns on a process-wide lock per database (`write_lock`) before they BEGIN IMMEDIATE, rather
than all polling SQLite's lock with its back-off (a steady stream of writes from a few clients then never
runs into the busy timeout, and a read-then-write transaction never meets a stale snapshot); other
processes (solve jobs, `ge` commands) are still serialised by SQLite's own lock and its busy timeout. A writer that cannot get its turn within
`WRITE_WAIT_SECONDS` gets `DatabaseBusy` (the API answers 503 with Retry-After, never 500).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from persistence import jsoncodec

IMMEDIATE = "ge_sqlite_immediate"
BUSY_TIMEOUT_SECONDS = 30.0
WRITE_WAIT_SECONDS = 30.0
"""How long a writer waits for its turn (the process lock, then SQLite's busy timeout) before giving up."""

_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


class DatabaseBusy(Exception):
    """The database stayed busy with other writers longer than the wait allows (retry later)."""


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def safe_url(url: str) -> str:
    """The URL to print: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """A new engine for `url`, with the SQLite settings above when it is SQLite."""
    kwargs.setdefault("json_serializer", jsoncodec.dumps)
    kwargs.setdefault("json_deserializer", jsoncodec.loads)
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """One shared engine per URL for the process (the API and `ge serve`)."""
    return make_engine(url)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The engine for read-then-write transactions: on SQLite they BEGIN IMMEDIATE (take the write lock first).

    A deferred SQLite transaction that reads and then writes while another connection commits fails at once
    with "database is locked" (its snapshot is stale, so the busy timeout cannot help); taking the write lock
    at BEGIN makes it wait its turn instead. No-op on PostgreSQL.
    """
    return engine.execution_options(**{IMMEDIATE: True}) if is_sqlite(engine) else engine


def write_lock(engine: Engine) -> threading.Lock | None:
    """The process-wide lock that the writers of this SQLite database take turns on; None on PostgreSQL
    (row locks and MVCC serialise what must be serialised there)."""
    if not is_sqlite(engine):
        return None
    key = engine.url.render_as_string(hide_password=False)
    with _write_locks_guard:
        lock = _write_locks.get(key)
        if lock is None:
            lock = _write_locks[key] = threading.Lock()
    return lock


@contextmanager
def write_turn(engine: Engine) -> Iterator[None]:
    """Hold this process's write turn on `engine` (SQLite; nothing on PostgreSQL) for the block."""
    lock = write_lock(engine)
    if lock is None:
        yield
        return
    if not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        raise DatabaseBusy(f"the database stayed busy for {WRITE_WAIT_SECONDS:.0f} s; try again")
    try:
        yield
    finally:
        lock.release()


@contextmanager
def write_session(engine: Engine, *, immediate: bool = False) -> Iterator[Session]:
    """A session committed on success and rolled back on error.

    `immediate=True` takes SQLite's write lock at the start of the transaction (no-op on PostgreSQL), for
    read-then-write sequences that must not interleave (number sequences), after waiting for this
    process's write turn (`write_turn`). Do not nest two immediate sessions on one database in one thread:
    the inner one would wait for the outer one's turn.
    """
    turn = write_turn(engine) if immediate else nullcontext()
    bind = writer(engine) if immediate else engine
    with turn, Session(bind=bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
