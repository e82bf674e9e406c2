"""Fixtures for solve jobs: a database (tests/conftest.py backends) holding the minimal group."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

import persistence.feed_state
import persistence.solve_jobs  # noqa: F401  (registers the job table before create_all)

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
WAIT_LIMIT = 90.0  # a bound on waiting for a child process, not a performance assertion


def import_minimal(engine: Engine) -> int:
    from engine.loader import load_scenario
    from persistence.scenario_io import import_scenario

    with Session(engine, expire_on_commit=False) as session:
        group = import_scenario(session, load_scenario(MINIMAL))
        session.commit()
        assert group.id is not None
        return group.id


def wait_for(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def job_row(engine: Engine, job_id: str):
    from persistence.solve_jobs import SolveJobRow

    with Session(engine, expire_on_commit=False) as session:
        return session.get(SolveJobRow, job_id)


@pytest.fixture
def solver_double(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Select a solver double (by function name in tests.jobs.doubles) for the solving processes."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))

    def use(name: str) -> None:
        monkeypatch.setenv("GE_SOLVE_FUNCTION", f"tests.jobs.doubles:{name}")

    return use


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """An engine on the session's PostgreSQL database with every table; emptied (Procrastinate's too)."""
    from sqlalchemy import text

    from persistence.db import make_engine
    from persistence.tables import metadata

    engine = make_engine(postgres_url)
    metadata.create_all(engine)
    yield engine
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
            conn.execute(text("TRUNCATE procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    from persistence.db import make_engine
    from persistence.tables import metadata

    engine = make_engine(f"sqlite:///{(tmp_path / 'jobs.db').as_posix()}")
    metadata.create_all(engine)
    yield engine
    from jobs import service

    service.stop_pools(terminate=True)
    engine.dispose()
