"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite is configured so that it behaves like a server database where it matters: foreign keys enforced,
WAL journal (readers do not block the writer), a busy timeout instead of immediate "database is locked",
and transactions that SQLAlchemy begins explicitly. `write_session(engine, immediate=True)` starts with
`BEGIN IMMEDIATE` on SQLite, which takes the write lock at once: gap-free numbering relies on it (on
PostgreSQL the same code uses `SELECT … FOR UPDATE`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from persistence import jsoncodec

IMMEDIATE = "ge_sqlite_immediate"


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
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
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
        cursor.execute("PRAGMA busy_timeout=30000")
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


@contextmanager
def write_session(engine: Engine, *, immediate: bool = False) -> Iterator[Session]:
    """A session committed on success and rolled back on error.

    `immediate=True` takes SQLite's write lock at the start of the transaction (no-op on PostgreSQL), for
    read-then-write sequences that must not interleave (number sequences).
    """
    bind = writer(engine) if immediate else engine
    with Session(bind=bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
