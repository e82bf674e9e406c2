"""Plan outputs for people: plan.json, French CSV for Excel, and the plan.html page.

- `write_plan_outputs(scenario, plan, out_dir)` writes the four files; `write_horizon_outputs` those of a
  longer horizon (the horizon's plan.json and CSV, and each month's four files in `YYYY-MM/`);
- `read_plan(path)` reads a plan.json back, reporting problems like scenario files;
- `employee_stats(scenario, plan)` / `member_coverage(scenario, plan)`: hours against contract and coverage
  (pure; the solve summary uses them too).
"""

from __future__ import annotations

from engine.report.outputs import write_horizon_outputs, write_plan_outputs
from engine.report.planfile import read_plan, write_plan
from engine.report.stats import EmployeeStats, MemberCoverage, employee_stats, member_coverage

__all__ = [
    "EmployeeStats",
    "MemberCoverage",
    "employee_stats",
    "member_coverage",
    "read_plan",
    "write_horizon_outputs",
    "write_plan",
    "write_plan_outputs",
]
