"""`ge solve FILE --month YYYY-MM` (or `--from DATE --to DATE`): plan a month, a season or a year for the
whole group with CP-SAT.

Shows live progress (objective, bound, elapsed), prints a summary (coverage, unfilled needs with their
reasons, cost by term, solver facts) and writes the plan's outputs (plan.json, CSV, plan.html). A horizon
other than one calendar month is solved as one problem; its outputs are the horizon's plan.json,
assignments.csv and unfilled.csv, and each month's four files in a folder of its own (`YYYY-MM/`), the
page of a month showing what the whole horizon's check found on that month's days.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve",
        help="plan a month, a season or a year (CP-SAT) and write plan.json, CSV and plan.html",
        description="Solve a month's plan for the whole group: legal for every employee across all members, "
        "covering what the staff allows at the lowest cost, with a reason for each unfilled need. "
        "--from/--to plan any horizon (a season, a year: at most 371 days, 53 weeks) as one problem: weekly and rolling rules run across the months, yearly counters "
        "over the group's fiscal year with the history's year to date, and the outputs are the horizon's "
        "plan.json, assignments.csv and unfilled.csv plus each month's four files in its own folder YYYY-MM/.",
    )
    p.add_argument("file", metavar="FILE", help="scenario YAML file")
    p.add_argument(
        "--month", type=arguments.month, help="month to plan, YYYY-MM (default: the scenario's month)"
    )
    p.add_argument(
        "--from",
        dest="first",
        metavar="DATE",
        type=arguments.day,
        help="first day of a horizon to plan at once, YYYY-MM-DD (with --to; instead of --month)",
    )
    p.add_argument(
        "--to", dest="last", metavar="DATE", type=arguments.day, help="last day of the horizon, YYYY-MM-DD"
    )
    p.add_argument("--out", type=Path, help="output directory (default: out/<month>, out/<from>_<to>)")
    p.add_argument(
        "--time-limit", type=arguments.seconds, default=30.0, help="seconds of search (default 30)"
    )
    p.add_argument("--workers", type=arguments.count, default=2, help="CP-SAT workers (default 2)")
    p.add_argument("--seed", type=arguments.natural, default=1, help="random seed (default 1)")
    p.add_argument("--quiet", action="store_true", help="no live progress")
    p.set_defaults(handler=run)


def horizon(args: argparse.Namespace) -> tuple[dt.date, dt.date] | None:
    """The horizon `--from`/`--to` give (None: a month); every problem with them at once, naming the option."""
    from engine.errors import InputError, Problem
    from engine.plausible import date_problem, horizon_problems

    first, last = args.first, args.last
    if first is None and last is None:
        return None
    problems = []
    if args.month is not None:
        problems.append(Problem("<command line>", "--month", "give either --month or --from/--to, not both"))
    if first is None or last is None:
        missing, given = ("--from", "--to") if first is None else ("--to", "--from")
        problems.append(Problem("<command line>", missing, f"{given} needs {missing}: give both days"))
    else:
        for option, value in (("--from", first), ("--to", last)):
            problem = date_problem(value)
            if problem is not None:
                problems.append(Problem("<command line>", option, problem))
        if not problems:
            problems += [Problem("<command line>", "--from/--to", p) for p in horizon_problems(first, last)]
    if problems:
        raise InputError(problems)
    return first, last


def run(args: argparse.Namespace) -> int:
    from engine.loader import load_scenario
    from engine.solver import SolveOptions, solve

    span = horizon(args)  # before loading: a bad range is an argument error, whatever the file holds
    scenario = load_scenario(args.file)
    month = args.month or scenario.month
    if month is None and span is None:
        from engine.errors import InputError, Problem

        raise InputError([Problem(args.file, "month", "the scenario has no month: give --month YYYY-MM")])
    with LiveProgress(enabled=not args.quiet) as live:
        options = SolveOptions(
            time_limit=args.time_limit, workers=args.workers, seed=args.seed, progress=live.update
        )
        if span is None:
            plan = solve(scenario, month, options=options)
        else:
            plan = solve(scenario, start=span[0], end=span[1], options=options)
    if args.out is not None:
        out = args.out
    elif span is None:
        out = Path("out") / str(month)
    else:
        out = Path("out") / f"{span[0].isoformat()}_{span[1].isoformat()}"
    return report(scenario, plan, out)


def report(scenario: Any, plan: Any, out: Path) -> int:
    """Check the plan independently, print the summary and the verdict, write the outputs.

    Exit status 0 even when the checker finds errors would hide them: it is 1 then (a solver bug to report)."""
    from engine.checker import Level, build_context, check_context

    context = build_context(scenario, plan)  # once: the check, the page's hours and coverage read it
    violations = check_context(context)
    print_summary(plan)
    errors = [v for v in violations if v.level is Level.ERROR]
    warnings = len(violations) - len(errors)
    print_verdict(errors, warnings)
    for path in write_outputs(scenario, plan, out, violations=violations, context=context):
        print(f"wrote {path}")
    return 1 if errors else 0


def print_verdict(errors: list[Any], warnings: int) -> None:
    from rich.console import Console

    console = Console()
    note = f" ({warnings} warning{'s' if warnings != 1 else ''}, see plan.html)" if warnings else ""
    if not errors:
        console.print(f"[green]compliance check: no violation[/green]{note}")
        return
    console.print(f"[red]compliance check: {len(errors)} violation(s)[/red]{note}")
    for v in errors[:20]:
        console.print(f"  {v.employee or '-'} {v.date} [{v.article}] {v.message}", highlight=False)


def write_outputs(
    scenario: Any, plan: Any, out: Path, *, violations: list[Any] | None = None, context: Any = None
) -> list[Path]:
    """plan.json, assignments.csv, unfilled.csv and plan.html (engine.report); a horizon of several months
    (or part of one) gets `engine.report.write_horizon_outputs`."""
    from engine.report import write_horizon_outputs, write_plan_outputs

    if plan.first_day is not None:
        return list(write_horizon_outputs(scenario, plan, out, violations=violations))
    return list(write_plan_outputs(scenario, plan, out, violations=violations, context=context))


class LiveProgress:
    """A one-line live status on stderr: elapsed, objective, bound, gap."""

    def __init__(self, *, enabled: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self.status: Any = None
        self.objective: float | None = None
        self.bound: float | None = None

    def __enter__(self) -> LiveProgress:
        if self.enabled:
            self.status = self.console.status("building the model…")
            self.status.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.status is not None:
            self.status.__exit__(*exc)

    def update(self, event: Any) -> None:
        if event.objective is not None:
            self.objective = event.objective
        if event.bound is not None:
            self.bound = event.bound
        text = f"searching {event.elapsed:6.1f} s"
        if self.objective is not None:
            text += f" | objective {self.objective:,.2f} €"
        if self.bound is not None:
            text += f" | bound {self.bound:,.2f} €"
        if self.objective and self.bound is not None:
            text += f" | gap {max(0.0, (self.objective - self.bound) / self.objective):.2%}"
        if self.status is not None:
            self.status.update(text)
        elif not self.enabled:
            pass


def print_summary(plan: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from engine.solver.readback.summary import coverage, euros, total_cost

    console = Console()
    cov = coverage(plan)
    first, last = plan.horizon()
    title = plan.month if plan.first_day is None else f"{first.isoformat()} → {last.isoformat()}"
    console.print(
        f"[bold]Plan {title}[/bold]: {len(plan.assignments)} assignments, "
        f"coverage {cov.filled}/{cov.heads} heads ({cov.ratio:.1%})"
    )
    if plan.unfilled:
        print_unfilled(console, plan.unfilled)
    costs = Table(title="Cost by term")
    costs.add_column("term")
    costs.add_column("euros", justify="right")
    for name, amount in sorted(plan.cost_terms.items(), key=lambda kv: -kv[1]):
        costs.add_row(name, euros(amount))
    costs.add_row("[bold]total[/bold]", f"[bold]{euros(total_cost(plan))}[/bold]")
    console.print(costs)
    facts = plan.solver
    if facts is not None:
        gap = f"{facts.gap:.2%}" if facts.gap is not None else "n/a"
        bound = f"{facts.bound} €" if facts.bound is not None else "n/a"
        console.print(
            f"solver: {facts.status}, objective {facts.objective} €, bound {bound}, gap {gap}, "
            f"{facts.wall_seconds:.1f} s, {facts.workers} worker(s), seed {facts.seed}"
        )


SHOWN_UNFILLED = 25


def print_unfilled(console: Any, unfilled: list[Any]) -> None:
    """One line per unfilled occurrence, its reason on its own indented lines (never squeezed in a column)."""
    from rich.padding import Padding
    from rich.text import Text

    console.print(f"[bold]Unfilled[/bold]: {sum(u.missing for u in unfilled)} heads")
    for u in unfilled[:SHOWN_UNFILLED]:
        start, end = u.start.strftime("%H:%M"), u.end.strftime("%H:%M")
        heads = f"{u.missing} head{'s' if u.missing > 1 else ''}"
        console.print(
            f"  [red]{u.date.isoformat()} {start}–{end}[/red] {u.need} at {u.member}: {heads} ({u.reason_code})",
            highlight=False,
        )
        console.print(Padding(Text(u.reason), (0, 0, 0, 6)))
    if len(unfilled) > SHOWN_UNFILLED:
        console.print(f"  … and {len(unfilled) - SHOWN_UNFILLED} more (unfilled.csv, plan.html)")
