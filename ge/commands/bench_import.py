"""`ge bench import`: a large group imported into a fresh database, then read (docs/benchmarks.md, Scale).

Generates a group (`engine.generator`, default 10,000 employees / 3,000 members) and writes it as a
scenario file (or reads `--scenario FILE`), then for each database — a fresh SQLite file, and with
`--postgresql URL` a fresh PostgreSQL database created beside the one the URL names and dropped after —
1. runs `ge group import` in a child process: wall time and peak RSS (the child's `ru_maxrss`);
2. stores a month and marks it published (a synthetic plan: one qualified employee per occurrence, taken
   in turn, no labour rule checked, so neither checked nor gated as `publish` would) and gives the
   busiest member a feed token;
3. through the API in process (FastAPI's TestClient, no network): `GET /group/scenario` twice (the export
   then its cached copy), the member's feed on its first render, again after a change that does not
   concern it (an absence of an employee the feed does not show: the stored body must be kept, same
   ETag) and after one that does (its member renamed: the new name must be in the body).
Targets (issue 15): import ≤ 20 s; a feed ≤ 200 ms after an unrelated change and ≤ 1 s after a related one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import a large group (SQLite, PostgreSQL), then its scenario export and a member's feed",
        description="Time `ge group import` of a generated group into a fresh SQLite database (and a fresh "
        "PostgreSQL one with --postgresql), with its peak memory; then GET /group/scenario and a member's "
        "feed: first render, after an unrelated change, after a related one.",
    )
    p.add_argument("--employees", type=arguments.count, default=10_000, metavar="N", help="(10000)")
    p.add_argument("--members", type=arguments.count, default=3_000, metavar="N", help="(3000)")
    p.add_argument("--seed", type=arguments.natural, default=1, metavar="K")
    p.add_argument("--month", type=arguments.month, default="2026-03", metavar="YYYY-MM")
    p.add_argument(
        "--scenario",
        type=Path,
        default=None,
        metavar="FILE",
        help="import this file instead of generating one",
    )
    p.add_argument(
        "--postgresql",
        default=None,
        metavar="URL",
        help="also a fresh PostgreSQL database, created with this URL's server and user and dropped after "
        "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)",
    )
    p.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.set_defaults(handler=run)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print("rusage", usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs the command as its own child and reports its peak RSS and CPU: a child forked from this (large)
process would inherit this process's high-water mark of resident memory, through exec."""


def import_child(url: str, path: Path) -> dict[str, Any]:
    """`ge group import` in a child process: wall seconds, CPU seconds, peak RSS in MB, the manager key."""
    command = [sys.executable, "-m", "ge", "group", "import", "--database-url", url, str(path)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"ge group import failed:\n{done.stdout}{done.stderr}")
    _, maxrss, cpu = done.stderr.strip().splitlines()[-1].split()
    return {
        "import_s": round(wall, 2),
        "import_cpu_s": round(float(cpu), 2),
        "import_peak_mb": int(maxrss) // 1024,
        "key": done.stdout.rsplit(": ", 1)[-1].strip(),
    }


def publish_month(url: str, month: str) -> dict[str, Any]:
    """A synthetic month stored and published; a feed token for its busiest member, and an employee the
    member's feed does not show."""
    from sqlmodel import Session, select

    from ge.commands.bench_feeds import synthetic_plan
    from persistence.credentials import create_feed_token
    from persistence.db import make_engine
    from persistence.plans import save_draft
    from persistence.scenario_io import export_scenario
    from persistence.tables import PLAN_PUBLISHED, GroupRow, MemberRow
    from persistence.types import utcnow

    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            group = session.exec(select(GroupRow)).one()
            gid = group.id
            assert gid is not None
            scenario = export_scenario(session, gid)
            plan = synthetic_plan(scenario, month)
            counts: dict[str, int] = {}
            for a in plan.assignments:
                counts[a.member] = counts.get(a.member, 0) + 1
            member = max(sorted(counts), key=lambda m: counts[m])
            shown = {a.employee for a in plan.assignments if a.member == member}
            other = next(e.id for e in scenario.employees if e.id not in shown)
            seconds, row = timed(lambda: save_draft(session, gid, plan, source="bench", violations=[]))
            # marked published directly: `publish` would check it and refuse an illegal synthetic plan
            row.status, row.published_at = PLAN_PUBLISHED, utcnow()
            session.add(row)
            member_id = session.exec(
                select(MemberRow.id).where(MemberRow.group_id == gid, MemberRow.key == member)
            ).one()
            _, token = create_feed_token(session, gid, "member", member_id=member_id, label="bench")
            session.commit()
    finally:
        engine.dispose()
    return {
        "assignments": len(plan.assignments),
        "save_plan_s": round(seconds, 2),
        "member": member,
        "member_events": counts[member],
        "token": token,
        "other_employee": other,
    }


def read_through_api(url: str, key: str, month: dict[str, Any]) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from api.main import create_app
    from jobs.service import stop_pools
    from persistence import feed_store, scenario_cache
    from persistence.db import make_engine
    from persistence.settings import Settings

    feed_store.clear_cache()  # in-process caches: the previous database's group had the same row ids
    scenario_cache.clear_cache()
    engine = make_engine(url)
    out: dict[str, Any] = {}
    try:
        with TestClient(create_app(Settings(database_url=url), engine)) as client:
            auth = {"Authorization": f"Bearer {key}"}

            def get(path: str, **headers: str) -> Any:
                response = client.get(path, headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:500]}")
                return response

            feed = f"/feeds/{month['token']}.ics"
            out["scenario_first_s"], body = timed(lambda: get("/group/scenario", **auth))
            out["scenario_again_s"], _ = timed(lambda: get("/group/scenario", **auth))
            out["scenario_bytes"] = len(body.content)
            out["feed_first_s"], first = timed(lambda: get(feed))
            out["feed_bytes"] = len(first.content)
            absence = {"employee": month["other_employee"], "kind": "training"}
            absence |= {"start": f"{month['month']}-20", "end": f"{month['month']}-20"}
            made = client.post("/absences", headers=auth, json=absence)
            if made.status_code != 201:
                raise RuntimeError(f"POST /absences: {made.status_code} {made.text[:500]}")
            out["feed_unrelated_s"], unrelated = timed(lambda: get(feed))
            out["feed_unrelated_kept"] = unrelated.headers["etag"] == first.headers["etag"]
            name = "Bench renommé"
            renamed = client.patch(f"/members/{month['member']}", headers=auth, json={"name": name})
            if renamed.status_code != 200:
                raise RuntimeError(f"PATCH /members: {renamed.status_code} {renamed.text[:500]}")
            out["feed_related_s"], related = timed(lambda: get(feed))
            out["feed_related_shows_it"] = name in related.text
            out["scenario_after_write_s"], _ = timed(lambda: get("/group/scenario", **auth))
    finally:
        stop_pools()  # the app's solve dispatcher polls this database, about to be removed
        engine.dispose()
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def fresh_postgresql(admin_url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty PostgreSQL database on the server of `admin_url`; its URL and how to drop it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ge_bench_import_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def bench_database(kind: str, url: str, path: Path, month: str) -> dict[str, Any]:
    from persistence.migrate import upgrade

    upgrade(url)
    result: dict[str, Any] = {"database": kind}
    imported = import_child(url, path)
    key = imported.pop("key")
    result |= imported
    published = publish_month(url, month)
    published["month"] = month
    result |= {k: v for k, v in published.items() if k not in ("token", "other_employee", "month")}
    result |= read_through_api(url, key, published)
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(args: argparse.Namespace) -> int:
    from engine.generator import generate_data
    from engine.yamlio import dump_yaml

    with tempfile.TemporaryDirectory(prefix="ge-bench-import-") as tmp:
        directory = Path(tmp)
        path = args.scenario
        if path is None:
            path = directory / "group.yaml"
            data = generate_data(args.employees, args.members, args.seed, args.month)
            path.write_text(dump_yaml(data), encoding="utf-8")  # what `ge generate` writes
            del data
        report: dict[str, Any] = {
            "scenario": str(
                args.scenario or f"generated {args.employees} employees / {args.members} members"
            ),
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}",
            "runs": [],
        }
        kinds = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgresql else [])
        for kind in kinds:
            before = _load()
            if kind == "sqlite":
                url, dropper = f"sqlite:///{(directory / 'bench.db').as_posix()}", None
            else:  # created only now, and dropped whatever happens
                url, dropper = fresh_postgresql(args.postgresql)
            try:
                result = bench_database(kind, url, path, args.month)
            finally:
                if dropper is not None:
                    dropper()
            result["load_before_after"] = f"{before} → {_load()}"
            report["runs"].append(result)
            if not args.json:
                print(json.dumps(result, ensure_ascii=False), flush=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0
