"""`ge validate FILE...`: check scenario files and list every problem at once."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files and list every problem",
        description="Validate scenario files: schema, references, dates and amounts. Lists every problem "
        "with file, line and field path; exits 2 if any file has an error (warnings do not fail).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing when a file is valid")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.errors import Severity
    from engine.loader import check_scenario_file

    failed = False
    for file in args.files:
        scenario, problems = check_scenario_file(file)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        for problem in errors + [p for p in problems if p.severity is Severity.WARNING]:
            print(problem, file=sys.stderr)
        if errors or scenario is None:
            failed = True
            print(f"{file}: {len(errors)} error(s)", file=sys.stderr)
        elif not args.quiet:
            print(
                f"{file}: valid — {len(scenario.members)} members, {len(scenario.employees)} employees, "
                f"{len(scenario.needs)} needs, {len(scenario.secondments)} loans"
                + (f", {len(problems)} warning(s)" if problems else "")
            )
    return 2 if failed else 0
