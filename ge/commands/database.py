"""The `--database-url` option of the operator commands (`ge worker`, `ge jobs`, `ge key`, `ge group`) and
the engine they open: the same database `ge serve` uses (DATABASE_URL, else `ge.db` in GE_DATA_DIR)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: DATABASE_URL, else the embedded SQLite file ge.db in GE_DATA_DIR)",
    )


def open_database(args: argparse.Namespace, *, export: bool = False) -> Engine:
    """The engine of the service's database; refuses one without the ge-engine schema (exit 1).
    `export=True` also puts `--database-url` in the environment, for child processes (`ge worker`)."""
    from sqlalchemy import inspect

    from engine.errors import DomainError
    from persistence.db import make_engine
    from persistence.settings import Settings, get_settings

    if args.database_url and export:
        os.environ["DATABASE_URL"] = args.database_url  # the solving child processes read it too
        get_settings.cache_clear()
    from ge.commands.arguments import check_database_url, reachable

    url = args.database_url or Settings().effective_database_url
    check_database_url(url)
    reachable(url)
    engine = make_engine(url)
    if not inspect(engine).has_table("solve_job"):
        engine.dispose()
        raise DomainError(
            "the database has no ge-engine schema yet: start `ge serve` once, or run "
            "`python -m persistence.migrate upgrade`, first"
        )
    return engine


def safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
