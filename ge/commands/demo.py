"""`ge demo`: the main job as a batch, on the embedded default (a SQLite file and local processes).

What a GE runs each month, end to end, with nothing to install: validate the scenario, load it into a fresh
SQLite database, solve the month as a job in a local worker process (live progress), publish the plan, check
it against every labour rule, bill the month (invoices numbered in the database, exports, FEC extract,
reconciliation) and write every member's and employee's calendar feed. Every output lands in `--out`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from ge.commands import arguments

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SCENARIO = REPO / "scenarios" / "industrie-cluster-2026-10.yaml"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="validate, solve, check, bill and publish feeds for the demo month (what `make demo` runs)",
        description="Run the monthly job end to end on a fresh SQLite database in OUT: validate the "
        "scenario, solve the month in a local worker process, publish, check, bill, write feeds.",
    )
    p.add_argument(
        "--scenario", type=Path, default=DEFAULT_SCENARIO, help="scenario file (default: %(default)s)"
    )
    p.add_argument("--month", type=arguments.month, help="month YYYY-MM (default: the scenario's month)")
    p.add_argument("--out", type=Path, default=Path("out/demo"), help="output folder (default: out/demo)")
    p.add_argument(
        "--time-limit", type=arguments.seconds, default=45.0, help="solver time limit in seconds (default 45)"
    )
    p.add_argument("--workers", type=arguments.count, default=2, help="CP-SAT workers (default 2)")
    p.add_argument("--seed", type=arguments.natural, default=1, help="CP-SAT seed (default 1)")
    p.add_argument("--no-pdf", action="store_true", help="skip PDF invoices (HTML only)")
    p.set_defaults(handler=run)


def _step(text: str) -> None:
    print(f"\n▶ {text}", flush=True)


def run(args: argparse.Namespace) -> int:
    from engine.errors import Problem, ScenarioError
    from engine.loader import check_scenario_file

    _step(f"Validating {args.scenario}")
    scenario, problems = check_scenario_file(args.scenario)
    for problem in problems:
        print(f"  {problem}")
    if scenario is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    month = args.month or scenario.month
    if not month:
        raise ScenarioError(
            [Problem(str(args.scenario), "month", "the scenario has no month: give --month YYYY-MM")]
        )
    print(
        f"  {scenario.name or scenario.group.name}: {len(scenario.members)} members, "
        f"{len(scenario.employees)} employees, {len(scenario.needs)} needs, "
        f"{len(scenario.secondments)} loan(s) of staff — month {month}"
    )

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    database = out / "ge-demo.db"
    for stale in out.glob("ge-demo.db*"):
        stale.unlink()
    url = f"sqlite:///{database.resolve()}"

    engine, group_id = _load(url, scenario)
    plan, plan_row_id = _solve_as_job(engine, group_id, month, args)
    published = _publish(engine, group_id, plan_row_id)
    if published is None:
        return 1
    plan, version = published
    assert plan.published_at is not None
    published_at = plan.published_at

    _step("Checking the plan against every labour rule (independent checker)")
    from engine.checker import build_context, check_context

    context = build_context(scenario, plan)  # once: the check and plan.html read it
    violations = check_context(context)
    print("  aucune infraction (no violation)" if not violations else f"  {len(violations)} violation(s):")
    for violation in violations[:20]:
        print(f"    {violation}")

    from engine.report import write_plan_outputs

    plan_files = write_plan_outputs(
        scenario, plan, out / "plan", violations=violations, version=version, context=context
    )
    bill_summary, bill_files = _bill(engine, group_id, scenario, plan, month, out / "facturation", args)
    feed_files = _feeds(scenario, plan, published_at, out / "feeds")
    _summary(scenario, plan, month, violations, bill_summary, plan_files, bill_files, feed_files, out)
    return 1 if violations else 0


def _load(url: str, scenario: Any) -> tuple[Any, int]:
    _step("Creating the embedded database (SQLite) and importing the scenario")
    from persistence.db import get_engine, write_session
    from persistence.migrate import upgrade
    from persistence.scenario_io import import_scenario

    upgrade(url)
    engine = get_engine(url)
    with write_session(engine) as session:
        group = import_scenario(session, scenario, actor="ge demo")
        assert group.id is not None
        group_id = group.id
    print(f"  {url}")
    return engine, group_id


def _solve_as_job(engine: Any, group_id: int, month: str, args: argparse.Namespace) -> tuple[Any, int]:
    _step(
        f"Solving {month} as a job in a local worker process ({args.workers} CP-SAT workers, seed {args.seed})"
    )
    from sqlmodel import Session

    from engine.errors import DomainError
    from jobs.service import SolveRequest, get_job, stop_pools, submit_solve
    from persistence.plans import plan_from_row
    from persistence.tables import PlanVersionRow

    request = SolveRequest(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    job = submit_solve(engine, group_id, month, request, actor="ge demo")
    started = time.monotonic()
    last = ""
    try:
        while True:
            row = get_job(engine, group_id, job.id)
            if row is None:
                raise DomainError(f"solve job {job.id} disappeared")
            line = _progress_line(row, time.monotonic() - started)
            if line != last:
                print(f"  {line}", flush=True)
                last = line
            if row.status in ("succeeded", "failed", "cancelled", "abandoned"):
                break
            time.sleep(1.0)
    finally:
        stop_pools()
    if row.status != "succeeded" or row.plan_id is None:
        raise DomainError(f"the solve job ended {row.status}: {row.error or 'no plan'}")
    with Session(engine) as session:
        plan_row = session.get(PlanVersionRow, row.plan_id)
        assert plan_row is not None
        return plan_from_row(session, plan_row), row.plan_id


def _progress_line(row: Any, elapsed: float) -> str:
    progress = row.progress or {}
    parts = [f"job {row.id[:8]} {row.status}"]
    if progress.get("objective") is not None:
        parts.append(f"objective {float(progress['objective']):,.2f} €".replace(",", " "))
    if progress.get("bound") is not None:
        parts.append(f"bound {float(progress['bound']):,.2f} €".replace(",", " "))
    if progress.get("elapsed") is not None:
        parts.append(f"{float(progress['elapsed']):.0f} s")
    else:
        parts.append(f"{elapsed:.0f} s")
    return ", ".join(parts)


def _publish(engine: Any, group_id: int, plan_row_id: int) -> tuple[Any, int] | None:
    """Publish through the service's gate; the published plan (its status true) and version, or None when
    the gate refuses it (its violations printed)."""
    _step("Publishing the plan (the month's published version, checked first as the API does)")
    from sqlmodel import Session

    from ge.findings import finding_lines
    from persistence.plans import plan_from_row, publish_version
    from persistence.scope import Scope
    from persistence.verdict import PublishRefused

    try:
        row = publish_version(engine, Scope.system(group_id, actor="ge demo"), plan_row_id)
    except PublishRefused as refused:
        for line in finding_lines(refused.violations):
            print(f"  {line}")
        print(f"  {refused}")
        return None
    print(f"  plan {row.month} version {row.version} published")
    with Session(engine) as session:
        return plan_from_row(session, row), row.version


def _bill(
    engine: Any, group_id: int, scenario: Any, plan: Any, month: str, out: Path, args: argparse.Namespace
) -> tuple[Any, list[Path]]:
    _step("Billing the month (hours, premiums, splits, invoices numbered in the database, exports, FEC)")
    from engine.billing.run import bill_plan
    from engine.billing.service import issue_and_write
    from engine.timeutil import month_bounds
    from persistence.invoices import DbRegister

    bill = bill_plan(scenario, plan)
    for flag in bill.flags:  # the demo bills its own checked plan; an accountant confirms real hours
        print(f"  warning on the hours (billed as planned): {flag}")
    issue_date = month_bounds(month)[1] + dt.timedelta(days=1)
    # Numbers, stored invoices and files as one transaction (engine.billing.register).
    issued, outputs = issue_and_write(
        bill, scenario, DbRegister(engine, group_id), out, issue_date, pdf=not args.no_pdf
    )
    files = outputs.invoices + outputs.exports + outputs.fec + outputs.reconciliation
    return (bill, issued), files


def _feeds(scenario: Any, plan: Any, published_at: dt.datetime, out: Path) -> list[Path]:
    _step("Writing the calendar feeds (one per member, per employee, and the group's)")
    from engine.feeds.events import Audience, FeedKind
    from engine.feeds.render import build_feed

    out.mkdir(parents=True, exist_ok=True)
    audiences = [Audience(FeedKind.GROUP)]
    audiences += [Audience(FeedKind.MEMBER, m.id) for m in scenario.members]
    audiences += [Audience(FeedKind.EMPLOYEE, e.id) for e in scenario.employees]
    files = []
    for audience in audiences:
        feed = build_feed(scenario, [plan], audience, {}, published_at)
        name = "groupe" if audience.subject is None else f"{audience.kind.value}-{audience.subject}"
        path = out / f"{name}.ics"
        path.write_bytes(feed.body if isinstance(feed.body, bytes) else feed.body.encode("utf-8"))
        files.append(path)
    print(f"  {len(files)} feeds in {out}")
    return files


def _summary(
    scenario: Any,
    plan: Any,
    month: str,
    violations: list[Any],
    billing: Any,
    plan_files: list[Path],
    bill_files: list[Path],
    feed_files: list[Path],
    out: Path,
) -> None:
    from engine.billing.money import euros

    bill, issued = billing
    heads = sum(1 for _ in plan.assignments)
    missing = sum(u.missing for u in plan.unfilled)
    rec = bill.reconciliation
    total_ht = sum(m.invoice_ht_cents for m in rec.members)
    print("\n" + "═" * 78)
    print(f"Demo month {month} — {scenario.name or scenario.group.name}")
    cost = sum((v for k, v in plan.cost_terms.items() if k != "total"), start=euros(0))
    print(f"  plan      {heads} assignments, {missing} head(s) unfilled, objective cost {cost} €")
    if plan.solver is not None:
        s = plan.solver
        gap = f"{float(s.gap) * 100:.2f} %" if s.gap is not None else "n/a"
        print(
            f"  solver    {s.status}, gap {gap}, {s.wall_seconds:.1f} s, {s.workers} workers, seed {s.seed}"
        )
    print(
        f"  law       {'no violation' if not violations else f'{len(violations)} violation(s)'} (engine.checker)"
    )
    print(f"  billing   {len(issued)} document(s) issued, {euros(total_ht)} € HT billed to members")
    print(
        f"            payroll {euros(rec.payroll_cents)} €, reconciliation {'OK to the cent' if rec.ok else 'FAILED'}"
    )
    print("Outputs:")
    print(f"  {out / 'plan' / 'plan.html'}   (open in a browser)")
    print(f"  {out / 'plan'}/   plan.json, assignments.csv, unfilled.csv ({len(plan_files)} files)")
    print(
        f"  {out / 'facturation'}/   invoices (HTML, PDF), CSV/XLSX exports, FEC, reconciliation ({len(bill_files)} files)"
    )
    print(f"  {out / 'feeds'}/   {len(feed_files)} iCal feeds")
    print(f"  {out / 'ge-demo.db'}   the SQLite database")
    print("Start the service:  .venv/bin/ge serve   (or `make serve`; OpenAPI at http://127.0.0.1:8000/docs)")
    sys.stdout.flush()
