"""`ge group`: add a group to the service's database, or list them (operators with database access).

`ge group import FILE` reads a group's data, stores it as a new group and prints its first manager key
once: the way to serve a second group from one database. The reader is picked by file type (`READERS`):
scenario YAML or JSON today; a reader of another format (the managers' workbook) plugs in by adding its
suffixes there, with a function returning a validated `Scenario` or raising an `InputError` that names
every problem.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from engine.billing.nogc import collector_paused
from ge.commands.database import add_option, open_database

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from engine.model import Scenario

OPERATOR = "operator (ge group import)"


def _scenario_file(path: Path) -> Scenario:
    from engine.loader import load_scenario

    return load_scenario(path)


READERS: dict[str, Callable[[Path], Scenario]] = {
    ".yaml": _scenario_file,
    ".yml": _scenario_file,
    ".json": _scenario_file,
}
"""File suffix → reader of a group's data (a validated Scenario, or an InputError listing every problem)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "group",
        help="import a new group from a scenario file; list groups (operators)",
        description="Add a group to the service's database from a scenario file (YAML or JSON, `ge "
        "validate` checks it first) and print its first manager key once; or list the groups.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="create a group from a file and print its manager key once")
    add_option(imp)
    imp.add_argument("file", type=Path, metavar="FILE", help="a scenario file (.yaml, .yml, .json)")
    imp.add_argument("--label", default="first manager", help="label of the manager key (GET /api-keys)")
    listing = actions.add_parser("list", help="the groups in the database")
    add_option(listing)
    p.set_defaults(handler=run)


def read_group(path: Path) -> Scenario:
    """The group's data from `path`, by its file type."""
    from engine.errors import DomainError

    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise DomainError(f"{path}: no reader for {path.suffix or 'files without a suffix'} (known: {known})")
    return reader(path)


def run(args: argparse.Namespace) -> int:
    with collector_paused():  # a large group's file read, checked and stored: engine.billing.nogc
        scenario = (
            read_group(args.file) if args.action == "import" else None
        )  # bad input: exit 2, no database
        engine = open_database(args)
        try:
            if scenario is None:
                return _list(engine)
            return _import(engine, scenario, args)
        finally:
            engine.dispose()


def _import(engine: Engine, scenario: Scenario, args: argparse.Namespace) -> int:
    from engine.errors import DomainError
    from persistence.db import write_session
    from persistence.groups import create_group
    from persistence.scenario_io import DuplicateGroupError

    try:
        with write_session(engine, immediate=True) as session:
            group, _, plain = create_group(session, scenario, actor=OPERATOR, key_label=args.label)
            key, name = group.key, group.name
    except DuplicateGroupError as exc:
        raise DomainError(f"{args.file}: {exc}") from None
    print(
        f"group {key} ({name}) created from {args.file}: {len(scenario.members)} members, "
        f"{len(scenario.employees)} employees, {len(scenario.needs)} needs"
    )
    print(f"manager key (shown once, keep it safe): {plain}")
    return 0


def _list(engine: Engine) -> int:
    from sqlalchemy import func
    from sqlmodel import Session, select

    from persistence.tables import EmployeeRow, GroupRow, MemberRow

    with Session(engine) as session:
        for group in session.exec(select(GroupRow).order_by(GroupRow.key)):
            members = session.exec(select(func.count()).where(MemberRow.group_id == group.id)).one()
            employees = session.exec(select(func.count()).where(EmployeeRow.group_id == group.id)).one()
            print(f"{group.key:20} {group.name:40.40} {members:>4} members {employees:>5} employees")
    return 0
