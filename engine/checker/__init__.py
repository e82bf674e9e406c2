"""The compliance checker: an independent, executable reading of every rule, without CP-SAT.

`check_plan(scenario, plan)` returns every violation of a plan (employee, time, rule, article and a French
message); `check_context(context)` does the same on a context the caller built already (`build_context`: the
employees' timelines a report also reads for its hours and the next month's history). The rule families are listed in `engine.checker.rules`; the reading of ambiguous rules (breaks,
weeks, travel, rests across the month boundary) is written out in docs/checker.md.
"""

from __future__ import annotations

import datetime as dt

from engine.checker.context import CheckContext, build_context
from engine.checker.rules import RULES
from engine.checker.violation import Level, Violation
from engine.model import Plan, Scenario

__all__ = [
    "CheckContext",
    "Level",
    "Violation",
    "build_context",
    "check_context",
    "check_plan",
    "errors_only",
    "findings",
]


def check_plan(
    scenario: Scenario, plan: Plan, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[Violation]:
    """Every violation of `plan` over the horizon `start..end` (inclusive; the plan's month by default)."""
    return check_context(build_context(scenario, plan, start=start, end=end))


def check_context(ctx: CheckContext) -> list[Violation]:
    """Every violation of the context's plan over its horizon."""
    found: list[Violation] = []
    for check in RULES.values():
        found.extend(check(ctx))
    return found


def errors_only(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.level is Level.ERROR]


def findings(scenario: Scenario, violations: list[Violation]) -> list[dict[str, str | None]]:
    """The violations as JSON-ready findings, by employee then time: `Violation.as_dict` with instants in
    the group's zone, plus the employee's name (what `ge check --json`, `ge publish` and the API show)."""
    from engine.timeutil import zone

    tz = zone(scenario.group.timezone)
    names = {e.id: e.name for e in scenario.employees}
    return [
        {**v.as_dict(tz), "employee_name": names.get(v.employee or "")}
        for v in sorted(violations, key=lambda v: v.sort_key())
    ]
