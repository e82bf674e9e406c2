"""The Alembic migrations build exactly the schema of the SQLModel metadata, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from persistence.db import make_engine
from persistence.migrate import downgrade, include_name, upgrade
from persistence.tables import metadata


def _empty(url: str) -> None:
    engine = make_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def test_upgrade_to_head_creates_the_metadata_schema(database_url):
    _empty(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}),
            metadata,
        )
    engine.dispose()
    assert diff == []


def test_published_plan_index_is_partial_and_unique_after_migration(database_url):
    _empty(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("plan_version")}
    engine.dispose()
    assert indexes["uq_plan_version_published"]["unique"]


def test_downgrade_to_base_removes_every_table(database_url):
    _empty(database_url)
    upgrade(database_url)
    downgrade(database_url, "base")
    engine = make_engine(database_url)
    remaining = set(inspect(engine).get_table_names()) & set(metadata.tables)
    engine.dispose()
    assert remaining == set()
    upgrade(database_url)  # leave the schema for the next tests of this session


def test_autogenerate_at_head_proposes_nothing(database_url):
    """env.py sees every table module: autogenerate never proposes dropping the jobs or feeds tables."""
    from alembic.autogenerate import produce_migrations

    _empty(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        script = produce_migrations(
            MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}),
            metadata,
        )
    engine.dispose()
    assert script.upgrade_ops is not None and script.upgrade_ops.is_empty()


def test_procrastinate_tables_are_left_to_procrastinate():
    assert not include_name("procrastinate_jobs", "table", {})
    assert not include_name("procrastinate_jobs_id_idx", "index", {"table_name": "procrastinate_jobs"})
    assert include_name("plan_version", "table", {})
