"""`ge replan FILE --plan plan.json CHANGE... [--today DATE]`: re-plan a published month after a change.

Changes: `--absence EMP:FROM:TO` (dates YYYY-MM-DD), `--new-need needs.yaml` (a need mapping or a list of
them, as in a scenario file), `--member-leaves MEMBER:DATE`. Keeps every assignment it can; lists what
changed, flagging changes within the notice period (they need the employee's agreement).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from engine.errors import Problem, ScenarioError
from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "replan",
        help="re-plan a published month after an absence, a new need or a member leaving",
        description="Re-plan a published plan: keeps every assignment it can (changes cost in the objective; "
        "within the notice period they cost more and need the employee's agreement); pins stay.",
    )
    p.add_argument("file", metavar="FILE", help="scenario YAML file")
    p.add_argument("--plan", required=True, type=Path, help="the published plan.json")
    p.add_argument("--absence", action="append", default=[], metavar="EMP:FROM:TO", help="a new absence")
    p.add_argument("--new-need", action="append", default=[], type=Path, metavar="YAML", help="new need(s)")
    p.add_argument("--member-leaves", action="append", default=[], metavar="MEMBER:DATE", help="last day")
    p.add_argument("--today", type=arguments.day, help="today (YYYY-MM-DD): earlier days stay")
    p.add_argument("--out", type=Path, help="output directory (default: next to the plan, replan/)")
    p.add_argument(
        "--scope",
        choices=("local", "month"),
        default="local",
        help="local: only the changed days and the people who can step in (default; the whole month "
        "if that has no legal plan); month: the whole month again",
    )
    p.add_argument("--time-limit", type=arguments.seconds, default=30.0, help="seconds for the whole re-plan")
    p.add_argument("--workers", type=arguments.count, default=2)
    p.add_argument("--seed", type=arguments.natural, default=1)
    p.set_defaults(handler=run)


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScenarioError([Problem("<command line>", what, f"not a date YYYY-MM-DD: {text!r}")]) from None


def parse_change(args: argparse.Namespace, scenario: Any = None) -> Any:
    """The change the arguments describe; every problem at once (ScenarioError), the employees and members
    named checked against `scenario` when given."""
    from engine.solver.search.replan import ChangeRequest
    from engine.textio import read_text_or_problem
    from engine.yamlio import read_yaml

    problems: list[Problem] = []
    change = ChangeRequest(today=args.today)
    for text in args.absence:
        parts = text.split(":")
        if len(parts) != 3:
            problems.append(Problem("<command line>", "--absence", f"write EMP:FROM:TO, got {text!r}"))
            continue
        if scenario is not None and parts[0] not in scenario.employee_by_id:
            problems.append(
                Problem("<command line>", "--absence", f"no employee {parts[0]!r} in the scenario")
            )
            continue
        change.absences.append((parts[0], _date(parts[1], "--absence"), _date(parts[2], "--absence")))
    for text in args.member_leaves:
        member, _, day = text.partition(":")
        if not day:
            problems.append(Problem("<command line>", "--member-leaves", f"write MEMBER:DATE, got {text!r}"))
            continue
        if scenario is not None and member not in scenario.member_by_id:
            problems.append(
                Problem("<command line>", "--member-leaves", f"no member {member!r} in the scenario")
            )
            continue
        change.members_leaving.append((member, _date(day, "--member-leaves")))
    for path in args.new_need:
        text, unreadable = read_text_or_problem(path)
        if text is None:
            problems.extend(unreadable)
            continue
        loaded, found = read_yaml(text, str(path))
        problems.extend(found)
        if loaded is None:
            continue
        items = loaded.data if isinstance(loaded.data, list) else [loaded.data]
        if not all(isinstance(i, dict) for i in items):
            problems.append(Problem(str(path), "", "a need mapping or a list of need mappings"))
            continue
        change.new_needs.extend(items)
    if problems:
        raise ScenarioError(problems)
    return change


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from engine.loader import load_scenario
    from engine.report.planfile import read_plan
    from engine.solver import SolveOptions
    from engine.solver.search.replan import replan
    from ge.commands.solve import LiveProgress, report

    scenario = load_scenario(args.file)
    published = read_plan(args.plan)
    change = parse_change(args, scenario)
    with LiveProgress(enabled=True) as live:
        options = SolveOptions(
            time_limit=args.time_limit, workers=args.workers, seed=args.seed, progress=live.update
        )
        result = replan(scenario, published, change, options=options, scope=args.scope)
    console = Console()
    table = Table(title=f"{len(result.changes)} change(s)")
    for column in ("change", "employee", "need", "date", "agreement needed"):
        table.add_column(column)
    for c in result.changes:
        table.add_row(c.kind, c.employee, c.need, c.date.isoformat(), "yes" if c.needs_agreement else "")
    console.print(table)
    out = args.out or args.plan.parent / "replan"
    return report(scenario, result.plan, out)
