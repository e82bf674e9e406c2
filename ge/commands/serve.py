"""`ge serve`: run the API (uvicorn) on the embedded SQLite default or on `DATABASE_URL`.

At start the database is brought to the latest schema (Alembic). An EMPTY database gets the demo data
(`scenarios/industrie-cluster-2026-10.yaml`, or `tests/data/minimal.yaml` when absent, or `--demo FILE`),
a manager API key and a member's calendar feed token, printed once: keys are stored hashed, so they can
never be shown again (a manager lists, rotates and creates keys through `/api-keys`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ge.commands import arguments

REPO = Path(__file__).resolve().parents[2]
DEMO_FILES = (REPO / "scenarios" / "industrie-cluster-2026-10.yaml", REPO / "tests" / "data" / "minimal.yaml")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="start the HTTP API (SQLite by default)",
        description="Start the API and the workspace (French pages at /app/; people sign in with the "
        "accounts of `ge user add`). Creates or upgrades the database schema; an empty database gets the "
        "demo group, and the manager's API key and a member's feed URL are printed once.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=arguments.port, default=8000, help="port (default 8000)")
    p.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: DATABASE_URL, else sqlite:///ge.db in GE_DATA_DIR)",
    )
    p.add_argument("--demo", metavar="FILE", type=Path, help="scenario to load into an empty database")
    p.add_argument("--no-demo", action="store_true", help="leave an empty database empty")
    p.add_argument("--public-url", metavar="URL", help="base of the feed links (default http://HOST:PORT)")
    p.add_argument("--check", action="store_true", help="prepare the database, print the keys and exit")
    p.add_argument(
        "--no-access-log",
        action="store_true",
        help="do not log each request (uvicorn's access log costs a sizeable part of a feed revalidation; "
        "when on, feed tokens are masked in it: /feeds/<token>.ics)",
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help="(info)",
    )
    p.set_defaults(handler=run)


def demo_file(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    return next((f for f in DEMO_FILES if f.exists()), DEMO_FILES[-1])


def prepare(url: str, demo: Path | None, public_url: str) -> list[str]:
    """Upgrade the schema and seed an empty database; returns the lines to print (keys shown once)."""
    from sqlmodel import Session, col, select

    from engine.loader import load_scenario
    from persistence.credentials import create_feed_token
    from persistence.db import get_engine, write_session
    from persistence.groups import create_group
    from persistence.migrate import upgrade
    from persistence.tables import GroupRow, MemberRow

    upgrade(url)
    engine = get_engine(url)
    with Session(engine) as session:
        groups = session.exec(select(GroupRow)).all()
    if groups:
        names = ", ".join(g.key for g in groups)
        return [
            f"database holds {len(groups)} group(s): {names}; manage keys with /api-keys "
            "(a lost manager key: `ge key add --group G --role manager`; a new group: `ge group import FILE`)"
        ]
    if demo is None:
        return ["empty database: no demo loaded (--no-demo)"]
    scenario = load_scenario(demo)
    with write_session(engine) as session:
        group, _, manager_key = create_group(session, scenario, actor="ge serve", key_label="ge serve")
        assert group.id is not None
        member = session.exec(
            select(MemberRow).where(MemberRow.group_id == group.id).order_by(col(MemberRow.id))
        ).first()
        lines = [
            f"loaded {demo} into the empty database: group {group.key} ({scenario.name or group.name})",
            f"manager API key (shown once): {manager_key}",
        ]
        if member is not None:
            _, token = create_feed_token(session, group.id, "member", member_id=member.id, label="ge serve")
            url = f"{public_url.rstrip('/')}/feeds/{token}.ics"
            lines.append(f"feed of member {member.key} ({member.name}): {url}")
            lines.append("  (the feed fills once a month's plan is solved and published)")
    return lines


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.access_log import log_config
    from api.main import create_app
    from persistence.db import get_engine, safe_url
    from persistence.settings import Settings

    overrides: dict[str, Any] = {}
    if args.database_url:
        overrides["database_url"] = args.database_url
    overrides["public_url"] = args.public_url or f"http://{args.host}:{args.port}"
    settings = Settings(**overrides)
    url = settings.effective_database_url
    arguments.check_database_url(url)
    arguments.reachable(url)
    demo = None if args.no_demo else demo_file(args.demo)
    for line in prepare(url, demo, settings.public_url):
        print(line, flush=True)
    if args.check:
        return 0
    app = create_app(settings, engine=get_engine(url))
    print(f"API on http://{args.host}:{args.port} (OpenAPI at /docs); database {safe_url(url)}", flush=True)
    print(
        f"workspace on http://{args.host}:{args.port}/app/ (accounts: ge user add EMAIL --group G --role R)",
        flush=True,
    )
    # uvicorn picks uvloop and httptools when installed (uvicorn[standard]): a faster loop and parser
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        log_config=log_config(args.log_level),  # masks feed tokens (api/access_log.py)
        access_log=not args.no_access_log,
    )
    return 0
