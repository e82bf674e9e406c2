"""`ge key`: API keys for an operator with access to the database (a group's manager uses /api-keys).

The way back in when a group has no usable manager key (lost, or its holder left): `ge key add --group G
--role manager` prints a new key once. `ge key list --group G` shows the group's keys without secrets.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ge.commands.database import add_option, open_database

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

OPERATOR = "operator (ge key)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "key",
        help="add or list a group's API keys (operators with database access)",
        description="Add an API key to a group, or list its keys, straight in the database: the way back "
        "in for a group whose manager key is lost. The new key is printed once (only its SHA-256 is kept).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a key and print it once")
    add_option(add)
    add.add_argument("--group", required=True, metavar="GROUP", help="the group's id (`ge group list`)")
    add.add_argument(
        "--role", required=True, choices=("manager", "member", "accountant", "employee"), help="its role"
    )
    add.add_argument("--member", metavar="ID", help="the member a member key acts for")
    add.add_argument("--employee", metavar="ID", help="the employee an employee key acts for")
    add.add_argument("--label", default="", help="who holds it (shown in GET /api-keys)")
    listing = actions.add_parser("list", help="the group's keys, without secrets")
    add_option(listing)
    listing.add_argument("--group", required=True, metavar="GROUP", help="the group's id")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    engine = open_database(args)
    try:
        return _add(engine, args) if args.action == "add" else _list(engine, args)
    finally:
        engine.dispose()


def _group_id(session: Session, key: str) -> int:
    from sqlmodel import select

    from engine.errors import DomainError
    from persistence.tables import GroupRow

    row = session.exec(select(GroupRow).where(GroupRow.key == key)).first()
    if row is None or row.id is None:
        known = ", ".join(g.key for g in session.exec(select(GroupRow))) or "none"
        raise DomainError(f"no group {key!r} in this database (groups: {known})")
    return row.id


def _ref(session: Session, group_id: int, table: Any, key: str | None, role: str, option: str) -> int | None:
    from sqlmodel import select

    from engine.errors import DomainError

    if key is None:
        if role == option:
            raise DomainError(f"a {role} key needs --{option} (the {option}'s id)")
        return None
    if role != option:
        raise DomainError(f"--{option} is only for a {option} key")
    row_id = session.exec(select(table.id).where(table.group_id == group_id, table.key == key)).first()
    if row_id is None:
        raise DomainError(f"no {option} {key!r} in this group")
    return int(row_id)


def _add(engine: Engine, args: argparse.Namespace) -> int:
    from persistence.audit import record
    from persistence.credentials import create_api_key
    from persistence.db import write_session
    from persistence.tables import EmployeeRow, MemberRow

    with write_session(engine, immediate=True) as session:
        group_id = _group_id(session, args.group)
        member_id = _ref(session, group_id, MemberRow, args.member, args.role, "member")
        employee_id = _ref(session, group_id, EmployeeRow, args.employee, args.role, "employee")
        row, plain = create_api_key(
            session, group_id, args.role, member_id=member_id, employee_id=employee_id, label=args.label
        )
        record(
            session, group_id, OPERATOR, "api_key.created", "api_key", row.prefix, after={"role": row.role}
        )
    print(f"{args.role} key for group {args.group} (shown once, keep it safe): {plain}")
    return 0


def _list(engine: Engine, args: argparse.Namespace) -> int:
    from sqlmodel import Session, col, select

    from persistence.mapping import KeyIndex
    from persistence.tables import ApiKeyRow

    with Session(engine) as session:
        group_id = _group_id(session, args.group)
        index = KeyIndex.load(session, group_id)
        rows = session.exec(
            select(ApiKeyRow).where(ApiKeyRow.group_id == group_id).order_by(col(ApiKeyRow.id))
        )
        for row in rows:
            scope = index.key_of("member", row.member_id) or index.key_of("employee", row.employee_id) or ""
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            used = f"last used {row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never used"
            print(f"{row.id:>5}  {row.prefix}…  {row.role:10} {scope:12} {state:18} {used:28} {row.label}")
    return 0
