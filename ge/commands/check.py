"""`ge check FILE --plan plan.json [--month M | --start D --end D]`: check a plan against every rule."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check a plan against every labour rule (independent of the solver)",
        description="Check a plan against the scenario's rules with the compliance checker (no CP-SAT): lists "
        "every violation grouped by employee, with its article, in French. Exits 1 if there is at least one "
        "violation (warnings are printed and do not fail), 0 otherwise. The rules are read as docs/checker.md "
        "says.",
    )
    p.add_argument("scenario", metavar="FILE", help="scenario YAML file")
    p.add_argument("--plan", type=Path, required=True, help="plan JSON (as written by ge solve)")
    p.add_argument(
        "--month",
        type=arguments.month,
        help="month to check, YYYY-MM (default: the plan's horizon, its month or the days a "
        "season's plan.json gives)",
    )
    p.add_argument("--start", type=arguments.day, help="first day of the horizon, YYYY-MM-DD")
    p.add_argument("--end", type=arguments.day, help="last day of the horizon, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="one JSON object per finding instead of text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.checker import Level, check_plan, findings
    from engine.errors import InputError, Problem
    from engine.loader import load_scenario
    from engine.report import read_plan
    from engine.timeutil import month_bounds
    from ge.findings import finding_lines

    start, end = args.start, args.end
    if args.month and (start or end):
        raise InputError([Problem("<command line>", "--month", "give either --month or --start/--end")])
    if start and end and end < start:
        raise InputError([Problem("<command line>", "--end", f"{end} is before --start {start}")])
    scenario = load_scenario(args.scenario)
    plan = read_plan(args.plan)
    if args.month:
        start, end = month_bounds(args.month)
    try:
        violations = check_plan(scenario, plan, start=start, end=end)
    except ValueError as exc:  # --start after the plan's last day, or --end before its first
        raise InputError([Problem("<command line>", "--start/--end", str(exc))]) from None
    errors = [v for v in violations if v.level is Level.ERROR]
    found = findings(scenario, violations)
    if args.json:
        for item in found:
            print(json.dumps(item, ensure_ascii=False))
    else:
        for line in finding_lines(found):
            print(line)
    if errors:
        print(f"{len(errors)} violation(s) found", file=sys.stderr)
        return 1
    print("no violation (aucune infraction)")
    return 0
