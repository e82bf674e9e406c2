"""Alembic migrations without an alembic.ini: `upgrade(url)` brings any database to the latest schema.

`ge serve` calls it at start-up (an empty database is created, an old one upgraded); developers make a new
revision with `python -m persistence.migrate revision "message"` against a database at head.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).parent / "alembic"


FOREIGN_TABLE_PREFIXES = ("procrastinate_",)
"""Tables another library owns in the same database (Procrastinate's queue on PostgreSQL): its own
`procrastinate schema --apply` manages them, so our migrations and autogenerate never look at them."""


def include_name(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
    """Alembic filter: leave out objects of tables that are not ours (see FOREIGN_TABLE_PREFIXES)."""
    table = name if type_ == "table" else parent_names.get("table_name")
    return not (table or "").startswith(FOREIGN_TABLE_PREFIXES)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def is_at_head(url: str) -> bool:
    """Whether the database's schema is the latest revision (False for an empty or older database)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from persistence.db import make_engine

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    return current == heads


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def main(argv: list[str]) -> int:
    from persistence.settings import get_settings

    url = get_settings().effective_database_url
    if argv[:1] == ["revision"]:
        command.revision(alembic_config(url), message=" ".join(argv[1:]) or "change", autogenerate=True)
    elif argv[:1] == ["upgrade"]:
        upgrade(url)
    else:
        print("usage: python -m persistence.migrate upgrade | revision MESSAGE", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
