"""Fixtures every test package may use: the two database backends.

- `database_url`: parametrised over `sqlite` (a file in the test's tmp dir) and `postgresql` (a database
  created for this test session and dropped after it). PostgreSQL is the server at `GE_TEST_DATABASE_URL`
  (default `postgresql+psycopg://postgres@127.0.0.1:5432/test`); when it is unreachable the PostgreSQL
  variants are skipped with the reason, unless `GE_REQUIRE_POSTGRES=1`, which makes them fail.
- `postgres_url`: the session's PostgreSQL database alone (same skip/fail rule).
- `db_engine`: an engine on `database_url` with every table created; emptied after the test.
The terminal summary ends with one line saying whether the PostgreSQL tests ran, and why not.

Hypothesis runs without its 200-ms deadline per example: tests carry no wall-clock limit (a loaded machine
shared by several people made a feed property fail on time alone).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("ge", deadline=None)
settings.load_profile("ge")

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_state: dict[str, Any] = {"probe": None, "pg_outcomes": {}}


def _pg_target() -> str:
    return os.environ.get("GE_TEST_DATABASE_URL") or PG_DEFAULT_URL


def _required() -> bool:
    return os.environ.get("GE_REQUIRE_POSTGRES") == "1"


def _conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _probe() -> str | None:
    """None when the PostgreSQL server answers, else why not (computed once per process)."""
    if _state["probe"] is None:
        try:
            import psycopg

            with psycopg.connect(_conninfo(_pg_target()), connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _state["probe"] = ""
        except Exception as exc:
            _state["probe"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"
    return _state["probe"] or None


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL unreachable at {_pg_target()} ({reason})"
    if _required():
        pytest.fail(f"{message} and GE_REQUIRE_POSTGRES=1")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (one per xdist worker), dropped at the end."""
    reason = _probe()
    if reason:
        _unavailable(reason)
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ge_test_{worker_id}_{uuid.uuid4().hex[:8]}".lower()
    admin = _conninfo(_pg_target())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(_pg_target()).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'test.db').as_posix()}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Any]:
    """An engine with every table created; PostgreSQL tables are emptied after the test."""
    from sqlalchemy import text

    from persistence.db import is_sqlite, make_engine
    from persistence.tables import metadata

    engine = make_engine(database_url)
    metadata.create_all(engine)
    try:
        yield engine
    finally:
        if not is_sqlite(engine):  # DELETE is much faster than TRUNCATE on a few small tables
            with engine.begin() as conn:
                # triggers off for this transaction: the issued-invoice guard refuses DELETE otherwise
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for table in reversed(metadata.sorted_tables):
                    conn.execute(table.delete())
        engine.dispose()


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """xdist's worker id ('master' without xdist); redefined so the fixture exists without the plugin."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "browser" in report.keywords and (
        report.when == "call" or (report.when == "setup" and report.outcome != "passed")
    ):
        browser: dict[str, Any] = _state.setdefault("browser_outcomes", {})
        browser[report.outcome] = browser.get(report.outcome, 0) + 1
        if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
            _state["browser_skip"] = str(report.longrepr[2]).removeprefix("Skipped: ")
    if "postgres" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcomes: dict[str, int] = _state["pg_outcomes"]
        outcomes[report.outcome] = outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    _browser_summary(terminalreporter)
    _postgres_summary(terminalreporter)


def _browser_summary(terminalreporter: Any) -> None:
    """One line saying whether the browser tests (tests/workspace/test_browser.py) ran, and why not."""
    outcomes: dict[str, int] = _state.get("browser_outcomes", {})
    if not outcomes:
        return
    ran = outcomes.get("passed", 0) + outcomes.get("failed", 0)
    if ran:
        line = f"Browser tests RAN in Chromium: {outcomes.get('passed', 0)} passed, {outcomes.get('failed', 0)} failed"
    else:
        line = f"Browser tests SKIPPED ({outcomes.get('skipped', 0)}): {_state.get('browser_skip', 'see the skip reasons')}"
    terminalreporter.write_sep("-", line)


def _postgres_summary(terminalreporter: Any) -> None:
    outcomes: dict[str, int] = _state["pg_outcomes"]
    if not outcomes:
        return
    ran = outcomes.get("passed", 0) + outcomes.get("failed", 0)
    if ran:
        line = (
            f"PostgreSQL tests RAN against {_pg_target()}: {outcomes.get('passed', 0)} passed, "
            f"{outcomes.get('failed', 0)} failed, {outcomes.get('skipped', 0)} skipped"
        )
    else:
        reason = _probe() or "see the skip reasons above"
        line = f"PostgreSQL tests SKIPPED ({outcomes.get('skipped', 0)}): server unreachable at {_pg_target()} ({reason})"
        if _required():
            line += " — GE_REQUIRE_POSTGRES=1, so this run fails"
    terminalreporter.write_sep("-", line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _required() and _state["pg_outcomes"] and _probe():
        session.exitstatus = 1
