"""`ge solve FILE --month YYYY-MM`: plan a month for the whole group with CP-SAT.

Shows live progress (objective, bound, elapsed), prints a summary (coverage, unfilled needs with their
reasons, cost by term, solver facts) and writes the plan's outputs (plan.json, CSV, plan.html).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve",
        help="plan a month (CP-SAT) and write plan.json, CSV and plan.html",
        description="Solve a month's plan for the whole group: legal for every employee across all members, "
        "covering what the staff allows at the lowest cost, with a reason for each unfilled need.",
    )
    p.add_argument("file", metavar="FILE", help="scenario YAML file")
    p.add_argument("--month", help="month to plan, YYYY-MM (default: the scenario's month)")
    p.add_argument("--out", type=Path, help="output directory (default: out/<month>)")
    p.add_argument("--time-limit", type=float, default=30.0, help="seconds of search (default 30)")
    p.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--quiet", action="store_true", help="no live progress")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.loader import load_scenario
    from engine.solver import SolveOptions, solve

    scenario = load_scenario(args.file)
    month = args.month or scenario.month
    if month is None:
        from engine.errors import DomainError

        raise DomainError("no --month given and the scenario has no month")
    with LiveProgress(enabled=not args.quiet) as live:
        options = SolveOptions(
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            progress=live.update,
            light_presolve=True,
        )
        plan = solve(scenario, month, options=options)
    print_summary(plan)
    out = args.out or Path("out") / month
    for path in write_outputs(scenario, plan, out):
        print(f"wrote {path}")
    return 0


def write_outputs(scenario: Any, plan: Any, out: Path) -> list[Path]:
    """engine.report's outputs when it is there; plan.json alone otherwise."""
    try:
        from engine.report import write_plan_outputs
    except ImportError:
        out.mkdir(parents=True, exist_ok=True)
        path = out / "plan.json"
        path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
        return [path]
    return list(write_plan_outputs(scenario, plan, out))


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

    from engine.solver.summary import coverage, euros, total_cost

    console = Console()
    cov = coverage(plan)
    console.print(
        f"[bold]Plan {plan.month}[/bold]: {len(plan.assignments)} assignments, "
        f"coverage {cov.filled}/{cov.heads} heads ({cov.ratio:.1%})"
    )
    if plan.unfilled:
        table = Table(title=f"Unfilled ({sum(u.missing for u in plan.unfilled)} heads)")
        for column in ("need", "date", "member", "missing", "reason"):
            table.add_column(column)
        for u in plan.unfilled[:40]:
            table.add_row(u.need, u.date.isoformat(), u.member, str(u.missing), u.reason)
        console.print(table)
        if len(plan.unfilled) > 40:
            console.print(f"… and {len(plan.unfilled) - 40} more (see the outputs)")
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
        console.print(
            f"solver: {facts.status}, objective {facts.objective} €, bound {facts.bound} €, gap {gap}, "
            f"{facts.wall_seconds:.1f} s, {facts.workers} worker(s), seed {facts.seed}"
        )
