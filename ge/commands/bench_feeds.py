"""`ge bench feeds`: a member's calendar feed under load, revalidated with its ETag (docs/benchmarks.md).

Builds a database with a generated group (`engine.generator`, default 200 employees / 60 members), solves
and publishes its month (or, with `--synthetic`, publishes a plan built without the solver — said so in the
output), gives the busiest member a feed token, starts the HTTP server (`ge serve` when present, else
uvicorn on `api.main:create_app`, the same app), then drives `GET /feeds/<token>.ics` with
`If-None-Match` from a load tool in another process on loopback: wrk, else hey (Debian packages), else a
small asyncio/httpx generator. Every request is checked to be a 304 revalidation (hey and the Python
generator count status codes; with wrk, the count of non-2xx/3xx answers must be 0 and a sample is
checked). Prints requests/s and latency percentiles, and a Markdown line for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "feeds",
        help="a member's feed under load with ETag revalidation (requests/s, p99)",
        description="Serve a member's feed from a published generated month and measure requests/s and "
        "latency with If-None-Match revalidation, using wrk, hey or a Python load generator on loopback.",
    )
    p.add_argument("--employees", type=arguments.count, default=200, metavar="N")
    p.add_argument("--members", type=arguments.count, default=60, metavar="N")
    p.add_argument("--seed", type=arguments.natural, default=1, metavar="K")
    p.add_argument("--month", type=arguments.month, default="2026-03", metavar="YYYY-MM")
    p.add_argument(
        "--solve-seconds", type=arguments.seconds, default=30.0, metavar="S", help="solver time limit (30)"
    )
    p.add_argument("--synthetic", action="store_true", help="publish a plan built without the solver")
    p.add_argument("--duration", type=arguments.count, default=20, metavar="S", help="seconds of load (20)")
    p.add_argument(
        "--connections", type=arguments.count, default=16, metavar="C", help="concurrent connections (16)"
    )
    p.add_argument("--tool", choices=("auto", "wrk", "hey", "python"), default="auto")
    p.add_argument(
        "--server-workers", type=arguments.count, default=1, metavar="W", help="uvicorn processes (1)"
    )
    p.add_argument("--no-etag", action="store_true", help="also measure full 200 answers without ETag")
    p.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep the database in DIR")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.set_defaults(handler=run)


# --- the published month ------------------------------------------------------------------------------


def synthetic_plan(scenario: Any, month: str) -> Any:
    """One qualified employee per occurrence, taken in turn, without any labour rule (NOT a legal plan)."""
    from engine.calendar import month_occurrences
    from engine.model import Plan

    by_skill: dict[str, list[str]] = {}
    for employee in scenario.employees:
        for skill in employee.skills:
            by_skill.setdefault(skill, []).append(employee.id)
    busy: set[tuple[str, Any]] = set()
    turn: dict[str, int] = {}
    assignments = []
    for occ in month_occurrences(scenario, month):
        people = by_skill.get(occ.skill, [])
        for _ in range(len(people)):
            i = turn.get(occ.skill, 0)
            turn[occ.skill] = i + 1
            who = people[i % len(people)]
            if (who, occ.date) not in busy:
                busy.add((who, occ.date))
                assignments.append(occ.assign(who))
                break
    return Plan(month=month, assignments=assignments)


def prepare(args: argparse.Namespace, directory: Path) -> dict[str, Any]:
    """The database with the published month and a member feed token; returns what the report needs."""
    from sqlmodel import Session, select

    from engine.generator import generate_scenario
    from persistence.credentials import create_feed_token
    from persistence.db import make_engine
    from persistence.migrate import upgrade
    from persistence.plans import publish, save_draft
    from persistence.scenario_io import import_scenario
    from persistence.scope import Scope
    from persistence.tables import MemberRow

    url = f"sqlite:///{(directory / 'bench.db').as_posix()}"
    upgrade(url)
    scenario = generate_scenario(args.employees, args.members, args.seed, args.month)
    started = time.perf_counter()
    if args.synthetic:
        plan, how = synthetic_plan(scenario, args.month), "synthetic plan (no solver, not checked)"
    else:
        from engine.errors import DomainError
        from engine.solver import SolveOptions, solve

        try:
            plan = solve(
                scenario, args.month, options=SolveOptions(time_limit=args.solve_seconds, workers=2, seed=1)
            )
            facts = plan.solver
            how = f"solver plan ({facts.status if facts else '?'}, {args.solve_seconds:g} s limit, 2 workers, seed 1)"
        except DomainError as exc:  # the feed is what is measured: say so and publish a synthetic month
            plan = synthetic_plan(scenario, args.month)
            how = f"synthetic plan: the solver gave none within {args.solve_seconds:g} s ({exc})"
    plan_seconds = time.perf_counter() - started
    counts: dict[str, int] = {}
    for a in plan.assignments:
        counts[a.member] = counts.get(a.member, 0) + 1
    member = max(sorted(counts), key=lambda m: counts[m])
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        group = import_scenario(session, scenario)
        assert group.id is not None
        row = save_draft(session, group.id, plan, source="import")
        publish(session, Scope.system(group.id), row)
        member_id = session.exec(
            select(MemberRow.id).where(MemberRow.group_id == group.id, MemberRow.key == member)
        ).one()
        _, token = create_feed_token(session, group.id, "member", member_id=member_id, label="bench")
        session.commit()
    engine.dispose()
    return {
        "database_url": url,
        "token": token,
        "member": member,
        "member_assignments": counts[member],
        "assignments": len(plan.assignments),
        "plan": how,
        "plan_seconds": round(plan_seconds, 1),
    }


# --- the server ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, port: int, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """`ge serve` when the command exists, else uvicorn on the same app factory; returns (process, how)."""
    env = {**os.environ, "DATABASE_URL": database_url, "GE_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    try:
        if workers > 1:
            raise ModuleNotFoundError("ge serve runs one process")
        import ge.commands.serve  # noqa: F401

        command = [sys.executable, "-m", "ge", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--no-access-log", "--log-level", "warning"]
        how = "ge serve --no-access-log"
    except ModuleNotFoundError:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        how = "uvicorn api.main:create_app --factory --no-access-log"
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process, how


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> Any:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"the server stopped at start-up:\n{err[-2000:]}")
        try:
            response = httpx.get(url, timeout=30)
            if response.status_code == 200:
                return response
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer within 60 s")


# --- the load tools -----------------------------------------------------------------------------------


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, headers: dict[str, str], duration: int, connections: int) -> dict[str, Any]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = {
        m[0]: _ms(m[1], m[2]) for m in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {
        "tool": "wrk 1 thread",
        "rps": rps,
        "p50_ms": pct.get("50"),
        "p90_ms": pct.get("90"),
        "p99_ms": pct.get("99"),
        "requests": total,
        "bad_status": int(errors.group(1)) if errors else 0,
    }


def run_hey(url: str, headers: dict[str, str], duration: int, connections: int) -> dict[str, Any]:
    command = ["hey", "-z", f"{duration}s", "-c", str(connections)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = {m[0]: float(m[1]) * 1000 for m in re.findall(r"^\s+(50|90|99)%+ in ([\d.]+) secs", out, re.M)}
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
    return {
        "tool": "hey",
        "rps": rps,
        "p50_ms": pct.get("50"),
        "p90_ms": pct.get("90"),
        "p99_ms": pct.get("99"),
        "requests": sum(codes.values()),
        "status_codes": codes,
    }


def run_python(url: str, headers: dict[str, str], duration: int, connections: int) -> dict[str, Any]:
    """The asyncio/httpx generator, in a separate process (`python -m ge.commands.bench_feeds`)."""
    payload = json.dumps({"url": url, "headers": headers, "duration": duration, "connections": connections})
    out = subprocess.run(
        [sys.executable, "-m", "ge.commands.bench_feeds", payload], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out))


def _python_load(url: str, headers: dict[str, str], duration: int, connections: int) -> dict[str, Any]:
    import asyncio

    import httpx

    latencies: list[float] = []
    codes: dict[int, int] = {}

    async def client(deadline: float, http: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = await http.get(url, headers=headers)
            latencies.append(time.perf_counter() - start)
            codes[response.status_code] = codes.get(response.status_code, 0) + 1

    async def main() -> float:
        limits = httpx.Limits(max_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=30) as http:
            begin = time.perf_counter()
            await asyncio.gather(*(client(begin + duration, http) for _ in range(connections)))
            return time.perf_counter() - begin

    elapsed = asyncio.run(main())
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "tool": "python asyncio/httpx",
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(0.5),
        "p90_ms": pct(0.9),
        "p99_ms": pct(0.99),
        "requests": len(latencies),
        "status_codes": codes,
    }


def _tool(choice: str) -> str:
    if choice != "auto":
        return choice
    return "wrk" if shutil.which("wrk") else "hey" if shutil.which("hey") else "python"


LOADERS = {"wrk": run_wrk, "hey": run_hey, "python": run_python}


# --- the command --------------------------------------------------------------------------------------


def _machine() -> str:
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def run(args: argparse.Namespace) -> int:
    import httpx

    from engine.errors import DomainError

    tool = _tool(args.tool)
    if tool in ("wrk", "hey") and not shutil.which(tool):
        raise DomainError(f"{tool} is not installed (apt-get install {tool}), or use --tool python")
    directory = args.keep or Path(tempfile.mkdtemp(prefix="ge-bench-feeds-"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"preparing {args.employees} employees / {args.members} members, {args.month} …", file=sys.stderr)
    facts = prepare(args, directory)
    port = _free_port()
    server, how = start_server(facts["database_url"], port, args.server_workers)
    url = f"http://127.0.0.1:{port}/feeds/{facts['token']}.ics"
    try:
        first = _wait_ready(url, server)
        etag = first.headers["etag"]
        check = httpx.get(url, headers={"If-None-Match": etag}, timeout=30)
        if check.status_code != 304:
            raise DomainError(f"revalidation answered {check.status_code}, not 304")
        results = {
            "revalidation": LOADERS[tool](url, {"If-None-Match": etag}, args.duration, args.connections)
        }
        if args.no_etag:
            results["full"] = LOADERS[tool](url, {}, args.duration, args.connections)
        sample = httpx.get(url, headers={"If-None-Match": etag}, timeout=30).status_code
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        **{k: v for k, v in facts.items() if k not in ("token", "database_url")},
        "feed_bytes": len(first.content),
        "server": f"{how}, {args.server_workers} process(es)",
        "connections": args.connections,
        "duration_s": args.duration,
        "machine": _machine(),
        "results": results,
        "sample_after_load": sample,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"machine: {report['machine']}")
    print(f"month: {facts['assignments']} assignments, {facts['plan']}, made in {facts['plan_seconds']} s")
    print(
        f"feed: member {facts['member']} ({facts['member_assignments']} events, {report['feed_bytes']} bytes)"
    )
    print(f"server: {report['server']}; load: {tool}, {args.connections} connections, {args.duration} s")
    for name, r in results.items():
        extra = r.get("status_codes") or f"non-2xx/3xx: {r.get('bad_status')}"
        print(
            f"{name}: {r['rps']:.0f} requests/s, p50 {r['p50_ms']:.2f} ms, p90 {r['p90_ms']:.2f} ms, "
            f"p99 {r['p99_ms']:.2f} ms ({r['requests']} requests; {extra})"
        )
    print(f"a revalidation after the load answered {sample}")
    return 0


if __name__ == "__main__":  # the Python load generator's own process
    options = json.loads(sys.argv[1])
    print(
        json.dumps(
            _python_load(options["url"], options["headers"], options["duration"], options["connections"])
        )
    )
