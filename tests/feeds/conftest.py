"""Database-backed fixtures for the feed HTTP tests: an SQLite file with the minimal group, a manager key
and an app holding only the feeds router (so these tests do not depend on the other routers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from engine.model import Plan


@dataclass
class FeedWorld:
    engine: Engine
    client: TestClient
    group_id: int
    manager_key: str
    scenario: object

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.manager_key}"}

    def publish(self, plan: Plan) -> int:
        from persistence.plans import publish, save_draft
        from persistence.scope import Scope

        with Session(self.engine, expire_on_commit=False) as session:
            row = save_draft(session, self.group_id, plan, source="api")
            publish(session, Scope.system(self.group_id), row)
            session.commit()
            assert row.id is not None
            return row.id


def make_engine_with_schema(url: str) -> Engine:
    import persistence.feed_state
    import persistence.solve_jobs
    import persistence.tables  # noqa: F401
    from persistence.db import make_engine

    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    return engine


@pytest.fixture
def feed_world(tmp_path, monkeypatch) -> Iterator[FeedWorld]:
    from api import errors
    from api.routes import feeds
    from persistence.credentials import create_api_key
    from persistence.feed_store import clear_cache
    from persistence.scenario_io import import_scenario
    from persistence.settings import Settings
    from tests.feeds.helpers import accented_scenario

    monkeypatch.setenv("GE_FEED_PAST_MONTHS", "600")
    clear_cache()
    engine = make_engine_with_schema(f"sqlite:///{tmp_path / 'feeds.db'}")
    scenario = accented_scenario()
    with Session(engine, expire_on_commit=False) as session:
        group = import_scenario(session, scenario)
        assert group.id is not None
        _, key = create_api_key(session, group.id, "manager", label="test")
        session.commit()
    app = FastAPI()
    app.state.engine = engine
    app.state.settings = Settings(public_url="https://planning.example.fr")
    errors.install(app)
    app.include_router(feeds.router)
    with TestClient(app) as client:
        yield FeedWorld(engine, client, group.id, key, scenario)
    clear_cache()
    engine.dispose()


def http_date(moment: dt.datetime) -> str:
    from email.utils import format_datetime

    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)
