"""`ge user add|list|disable`: the people who sign in to the workspace (e-mail and password).

The password is read from standard input (one line), never from the command line (it would be in the shell's
history and in `ps`). `disable` also ends every open session of the user at once.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "user",
        help="add, list or disable the workspace's users",
        description="Manage the people who sign in to the workspace (ge serve, /app). The database is "
        "DATABASE_URL (default: sqlite:///ge.db in GE_DATA_DIR), or --database-url.",
    )
    p.add_argument("--database-url", metavar="URL", help="SQLAlchemy URL (default: DATABASE_URL)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add a user; the password is read from standard input",
        description="Add a user. The password (at least 10 characters) is read from standard input, "
        "e.g. `ge user add anne@ge.fr --group G --role manager < password.txt`.",
    )
    add.add_argument("email")
    add.add_argument("--group", required=True, help="the group's id (key)")
    add.add_argument("--role", required=True, choices=("manager", "member", "accountant", "employee"))
    add.add_argument("--member", help="the member a member user acts for (its id)")
    add.add_argument("--employee", help="the employee an employee user is (its id)")
    lst = actions.add_parser("list", help="list users (of one group with --group)")
    lst.add_argument("--group", help="only this group's users")
    dis = actions.add_parser("disable", help="disable a user and end their sessions")
    dis.add_argument("email")
    for action in (add, lst, dis):  # also after the action, as `ge group import … --database-url URL`
        action.add_argument(
            "--database-url",
            metavar="URL",
            default=argparse.SUPPRESS,
            help="SQLAlchemy URL (default: DATABASE_URL)",
        )
    p.set_defaults(handler=run)


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("password: ")
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    from persistence.accounts import AccountError, create_user, disable_user, list_users
    from persistence.db import get_engine, write_session
    from persistence.migrate import upgrade
    from persistence.settings import Settings

    settings = Settings(**({"database_url": args.database_url} if args.database_url else {}))
    url = settings.effective_database_url
    upgrade(url)
    engine = get_engine(url)
    try:
        with write_session(engine) as session:
            if args.action == "add":
                row = create_user(
                    session,
                    args.group,
                    args.email,
                    _read_password(),
                    args.role,
                    member_key=args.member,
                    employee_key=args.employee,
                )
                print(f"user {row.email} added ({row.role})")
            elif args.action == "disable":
                row = disable_user(session, args.email)
                print(f"user {row.email} disabled; their sessions are ended")
            else:
                from persistence.tables import EmployeeRow, MemberRow

                for user, group_key in list_users(session, args.group):
                    scope = ""
                    if user.member_id is not None:
                        member = session.get(MemberRow, user.member_id)
                        scope = f" member={member.key if member else '?'}"
                    if user.employee_id is not None:
                        employee = session.get(EmployeeRow, user.employee_id)
                        scope = f" employee={employee.key if employee else '?'}"
                    state = "disabled" if user.disabled_at is not None else "active"
                    print(f"{user.email}\tgroup={group_key}\t{user.role}{scope}\t{state}")
    except AccountError as exc:
        print(f"ge user {args.action}: {exc}", file=sys.stderr)
        return 2
    return 0
