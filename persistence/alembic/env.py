"""Alembic environment: the target metadata is `persistence.tables.metadata`; the URL comes from the
config (set by `persistence.migrate`) so that the same migrations run on SQLite and PostgreSQL.

Every module that defines tables is imported here by name, not only through `persistence.tables`: a table
missing from the metadata would make autogenerate propose dropping it."""

from __future__ import annotations

from alembic import context

import persistence.feed_state
import persistence.solve_jobs  # noqa: F401  (tables of jobs/ and feeds: see the docstring)
from persistence.db import make_engine
from persistence.migrate import include_name
from persistence.tables import metadata

config = context.config


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,  # type: ignore[arg-type]
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: batch mode recreates tables
        compare_type=True,
        include_name=include_name,  # type: ignore[arg-type]
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
