"""`ge publish`: publish a month's plan in the service's database, through the API's own gate.

Why a command: a GE manager who solves on the command line (`ge solve`) or runs the service without a
client must be able to publish too, and never around the checks the API makes. The gate is
`persistence.plans.publish_version` itself (the API calls the same function): the plan is checked against
the group's data as it is now, any violation refuses it, replacing a newer published version needs
`--confirm-supersede`, a re-plan records its change. The database is the service's: `--database-url`,
else `DATABASE_URL`, else the embedded SQLite file `ge.db` in `GE_DATA_DIR` (as `ge serve`).

Exit codes: 0 published (or listed); 2 refused for violations (each one printed, grouped by employee) or a
bad argument (unknown group, version, month, a plan file with problems); 1 refused by the month's state (a
newer version published and no `--confirm-supersede`, already published, a stale re-plan).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "publish",
        help="publish a plan version in the service's database (checked first, like the API)",
        description="Publish a month's plan in the service's database. The plan is checked against the "
        "group's data as it is now (absences recorded since it was solved included); any violation refuses "
        "it: every violation is printed with its article and the exit code is 2. Publishing a version older "
        "than the month's published one needs --confirm-supersede (exit 1 without). Choose the version by "
        "--plan ID, or --month (its newest version), or store a plan file (ge solve's plan.json) as a new "
        "version with --file and publish it.",
        epilog="Exit codes: 0 published; 1 refused by the month's state (newer version published, already "
        "published, stale re-plan); 2 violations, or a bad argument.",
    )
    p.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: DATABASE_URL, else sqlite:///ge.db in GE_DATA_DIR, as ge serve)",
    )
    p.add_argument("--group", metavar="ID", help="the group's id (needed when the database holds several)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", metavar="YYYY-MM", help="the month: its newest version is published")
    which.add_argument(
        "--plan", type=int, metavar="ID", help="the plan version's id (as GET /plans lists it)"
    )
    which.add_argument(
        "--file",
        type=Path,
        metavar="PLAN_JSON",
        help="a plan file (ge solve's plan.json): stored as the month's next version, then published",
    )
    p.add_argument(
        "--confirm-supersede",
        action="store_true",
        help="confirm that this version replaces a NEWER published version of its month",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="with --month: list the month's versions with status and verdict; publish nothing",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="once published, write its plan.html (status « publié »), plan.json and CSV files there",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from persistence.db import make_engine
    from persistence.plans import publish_version
    from persistence.scope import Scope
    from persistence.verdict import PublishRefused, SupersedeNotConfirmed

    url = _database_url(args.database_url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            group = _group(session, args.group)
            if args.list:
                return _list(session, group, args.month)
            scope = Scope.system(group.id, actor=f"ge publish ({_user()})")
            plan_id = _version_to_publish(session, engine, scope, group, args)
        try:
            row = publish_version(engine, scope, plan_id, confirm_supersede=args.confirm_supersede)
        except PublishRefused as refused:
            from ge.findings import finding_lines

            for line in finding_lines(refused.violations):
                print(line)
            print(f"ge publish: {refused}", file=sys.stderr)
            return refused.exit_code
        except SupersedeNotConfirmed as newer:
            print(f"ge publish: {newer} (--confirm-supersede)", file=sys.stderr)
            return newer.exit_code
        print(f"published plan {plan_id} (version {row.version} of {row.month}) of group {group.key}")
        if args.out is not None:
            for path in _write_outputs(engine, group.id, plan_id, args.out):
                print(f"wrote {path}")
        return 0
    finally:
        engine.dispose()


def _database_url(explicit: str | None) -> str:
    from sqlalchemy import inspect

    from engine.errors import InputError, Problem
    from persistence.db import make_engine, safe_url
    from persistence.migrate import is_at_head
    from persistence.settings import Settings

    settings = Settings()
    url = explicit or settings.effective_database_url
    engine = make_engine(url)
    try:
        present = inspect(engine).has_table("plan_version")
    except Exception as exc:  # an unreachable server, a bad URL: the user's argument, said plainly
        raise InputError([Problem("--database-url", "", f"cannot open the database: {exc}")]) from None
    finally:
        engine.dispose()
    if not present:
        raise InputError(
            [
                Problem(
                    "--database-url",
                    "",
                    f"{safe_url(url)} holds no ge-engine data: start `ge serve` on it first",
                )
            ]
        )
    if not is_at_head(url):
        raise InputError(
            [
                Problem(
                    "--database-url",
                    "",
                    f"the schema of {safe_url(url)} is older than this ge-engine: start `ge serve` once (it "
                    "upgrades it) or run `python -m persistence.migrate upgrade`",
                )
            ]
        )
    return url


def _group(session: Any, key: str | None) -> Any:
    from sqlmodel import col, select

    from engine.errors import InputError, Problem
    from persistence.tables import GroupRow

    groups = list(session.exec(select(GroupRow).order_by(col(GroupRow.key))))
    if key is not None:
        found = [g for g in groups if g.key == key]
        if not found:
            known = ", ".join(g.key for g in groups) or "none"
            raise InputError([Problem("--group", "", f"no group {key!r} in the database (groups: {known})")])
        return found[0]
    if len(groups) != 1:
        known = ", ".join(g.key for g in groups) or "none"
        raise InputError(
            [Problem("--group", "", f"the database holds {len(groups)} groups: name one ({known})")]
        )
    return groups[0]


def _month(value: str) -> str:
    from engine.errors import InputError, Problem
    from engine.timeutil import parse_month

    try:
        parse_month(value)
    except ValueError as exc:
        raise InputError([Problem("--month", "", str(exc))]) from None
    return value


def _versions(session: Any, group_id: int, month: str) -> list[Any]:
    from sqlmodel import col, select

    from persistence.tables import PlanVersionRow

    query = select(PlanVersionRow).where(PlanVersionRow.group_id == group_id, PlanVersionRow.month == month)
    return list(session.exec(query.order_by(col(PlanVersionRow.version))))


def _version_to_publish(session: Any, engine: Any, scope: Any, group: Any, args: argparse.Namespace) -> int:
    """The id of the version to publish: given, the month's newest, or the plan file stored as a draft."""
    from engine.errors import InputError, Problem
    from persistence.tables import PlanVersionRow

    if args.plan is not None:
        row = session.get(PlanVersionRow, args.plan)
        if row is None or row.group_id != group.id:
            raise InputError([Problem("--plan", "", f"no plan version {args.plan} in group {group.key}")])
        return int(args.plan)
    if args.month is not None:
        versions = _versions(session, group.id, _month(args.month))
        if not versions:
            raise InputError([Problem("--month", "", f"group {group.key} has no plan for {args.month}")])
        return int(versions[-1].id)
    return _store_file(engine, scope, args.file)


def _store_file(engine: Any, scope: Any, path: Path) -> int:
    """Store a plan file as the next draft of its month (checked, like `POST /plans`); its id."""
    from engine.errors import InputError, Problem
    from engine.report import read_plan
    from persistence.db import write_session
    from persistence.plans import save_draft
    from persistence.store import BadReference

    plan = read_plan(path)
    try:
        with write_session(engine, immediate=True) as session:
            row = save_draft(session, scope.group_id, plan, source="cli", actor=scope.actor)
    except BadReference as exc:
        raise InputError([Problem(str(path), exc.path.removeprefix("body."), exc.message)]) from None
    assert row.id is not None
    print(f"stored {path} as plan {row.id} (version {row.version} of {row.month})")
    return row.id


def _list(session: Any, group: Any, month: str | None) -> int:
    from engine.errors import InputError, Problem
    from persistence.verdict import errors_in

    if month is None:
        raise InputError([Problem("--list", "", "give the month to list with --month")])
    versions = _versions(session, group.id, _month(month))
    print(f"{month} of group {group.key}: {len(versions)} version(s)")
    for v in versions:
        verdict = "not checked" if v.violations is None else f"{len(errors_in(v.violations))} violation(s)"
        print(
            f"  plan {v.id}: version {v.version}, {v.status}, {v.source}, created {v.created_at:%Y-%m-%d %H:%M}, {verdict}"
        )
    return 0


def _write_outputs(engine: Any, group_id: int, plan_id: int, out: Path) -> list[Path]:
    from sqlmodel import Session

    from engine.report import write_plan_outputs
    from persistence.plans import plan_from_row
    from persistence.scenario_io import export_scenario
    from persistence.tables import PlanVersionRow

    with Session(engine) as session:
        row = session.get(PlanVersionRow, plan_id)
        assert row is not None
        scenario = export_scenario(session, group_id)
        plan = plan_from_row(session, row)
    return write_plan_outputs(scenario, plan, out, version=row.version)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown user"
