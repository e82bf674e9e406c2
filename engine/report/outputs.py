"""Everything a solve writes for a month: plan.json, assignments.csv, unfilled.csv and plan.html; for a
longer horizon (a season, a year), the horizon's plan.json and CSV and each month's four files."""

from __future__ import annotations

from pathlib import Path

from engine.checker import CheckContext, Violation, build_context, check_context
from engine.model import Plan, Scenario
from engine.report.html import render_plan_html
from engine.report.planfile import write_plan
from engine.report.tables import write_assignments_csv, write_unfilled_csv


def write_plan_outputs(
    scenario: Scenario,
    plan: Plan,
    out_dir: str | Path,
    *,
    violations: list[Violation] | None = None,
    version: int | None = None,
    context: CheckContext | None = None,
) -> list[Path]:
    """Write the four files into `out_dir` (created if needed); return their paths.

    The page shows the compliance check: `violations` when the caller already ran it, else it is run here;
    and the plan's status (`plan.status`, with `version` when the plan is a stored version). The employees'
    timelines (`context`, `engine.checker.build_context(scenario, plan)`) are built once, here unless the
    caller passes them, and read by the check and the page's hours and coverage.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = context or build_context(scenario, plan)
    found = check_context(ctx) if violations is None else violations
    html = out / "plan.html"
    html.write_text(render_plan_html(scenario, plan, found, version=version, context=ctx), encoding="utf-8")
    return [
        write_plan(plan, out / "plan.json"),
        write_assignments_csv(scenario, plan, out / "assignments.csv"),
        write_unfilled_csv(scenario, plan, out / "unfilled.csv"),
        html,
    ]


def write_horizon_outputs(
    scenario: Scenario,
    plan: Plan,
    out_dir: str | Path,
    *,
    violations: list[Violation] | None = None,
) -> list[Path]:
    """A plan of any horizon: its plan.json, assignments.csv and unfilled.csv in `out_dir` (the whole
    horizon: `ge check` and `ge replan` read that plan.json over its own days), then each month's four
    files in `out_dir/YYYY-MM/` (`Plan.months()`), as a month's solve writes them. A month's page shows
    what the check of the whole horizon found on that month's days (a weekly or rolling rule across the
    months' edge is the horizon's finding, which a month checked alone could miss)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    found = check_context(build_context(scenario, plan)) if violations is None else violations
    paths = [
        write_plan(plan, out / "plan.json"),
        write_assignments_csv(scenario, plan, out / "assignments.csv"),
        write_unfilled_csv(scenario, plan, out / "unfilled.csv"),
    ]
    for piece in plan.months():
        first, last = piece.horizon()
        mine = [v for v in found if v.date is None or first <= v.date <= last]
        paths += write_plan_outputs(scenario, piece, out / piece.month, violations=mine)
    return paths
