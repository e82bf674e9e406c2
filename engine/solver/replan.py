"""Re-planning: a published plan and a change in, a legal plan that keeps what it can out.

The change (absences, new needs, a member leaving) is applied to the scenario; the month is solved again
with the published plan as a complete hint and the `changes` objective term (engine.solver.objective
.changes): each assignment dropped or added costs `change_cost`, or `short_notice_change_cost` within the
next `part_time_notice_days` days, where it needs the employee's agreement. Pinned assignments and
everything before `today` stay as published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from engine.errors import DomainError
from engine.loader import scenario_from_data
from engine.model import Assignment, Pin, Plan, Scenario
from engine.solver.api import solve_outcome
from engine.solver.options import SolveOptions


@dataclass
class ChangeRequest:
    """What happened since the plan was published."""

    absences: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)  # employee, first, last day
    new_needs: list[dict[str, Any]] = field(default_factory=list)  # need mappings as in a scenario file
    members_leaving: list[tuple[str, dt.date]] = field(default_factory=list)  # member, last day
    today: dt.date | None = None  # assignments before it are in the past and stay


@dataclass(frozen=True)
class Change:
    kind: str  # "added" | "removed"
    employee: str
    need: str
    date: dt.date
    start: dt.datetime
    short_notice: bool  # within the notice period: needs the employee's agreement

    @property
    def needs_agreement(self) -> bool:
        return self.short_notice


@dataclass
class ReplanResult:
    plan: Plan
    changes: list[Change]


def apply_change(scenario: Scenario, change: ChangeRequest) -> Scenario:
    """The scenario with the change applied, validated like a file (errors name the field)."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    employees = {e["id"]: e for e in data["employees"]}
    for employee, first, last in change.absences:
        if employee not in employees:
            raise DomainError(f"absence: no employee {employee!r} in the scenario")
        employees[employee].setdefault("absences", []).append(
            {"kind": "other", "start": first.isoformat(), "end": last.isoformat()}
        )
    members = {m["id"]: m for m in data["members"]}
    for member, last_day in change.members_leaving:
        if member not in members:
            raise DomainError(f"member leaving: no member {member!r} in the scenario")
        members[member]["left_on"] = last_day.isoformat()
    data["needs"] = [*data["needs"], *change.new_needs]
    return scenario_from_data(data, "<re-plan>")


def replan(
    scenario: Scenario,
    published: Plan,
    change: ChangeRequest,
    *,
    options: SolveOptions | None = None,
) -> ReplanResult:
    """Re-plan `published.month` after `change`; keeps every assignment it can."""
    options = options or SolveOptions()
    options.hint = published
    updated = apply_change(scenario, change)
    today = change.today
    pins = [
        Pin(employee=a.employee, need=a.need, date=a.date)
        for a in published.assignments
        if a.pinned or (today is not None and a.date < today and _still_possible(updated, a))
    ]
    outcome = solve_outcome(
        updated, published.month, options=options, pins=pins, published=published, today=today
    )
    return ReplanResult(outcome.plan, diff(updated, published, outcome.plan, today))


def _still_possible(scenario: Scenario, a: Assignment) -> bool:
    emp = scenario.employee_by_id.get(a.employee)
    member = scenario.member_by_id.get(a.member)
    return emp is not None and emp.is_available(a.date) and member is not None and member.is_member_on(a.date)


def diff(scenario: Scenario, before: Plan, after: Plan, today: dt.date | None) -> list[Change]:
    """Assignments removed and added, the short-notice ones flagged."""

    def key(a: Assignment) -> tuple[str, str]:
        return (a.employee, a.occurrence_id)

    old = {key(a): a for a in before.assignments}
    new = {key(a): a for a in after.assignments}
    out = []
    for kind, side, other in (("removed", old, new), ("added", new, old)):
        for k, a in side.items():
            if k in other:
                continue
            notice = 7
            if a.employee in scenario.employee_by_id:
                notice = scenario.rules_for(a.employee).part_time_notice_days
            short = today is not None and a.date < today + dt.timedelta(days=notice)
            out.append(Change(kind, a.employee, a.need, a.date, a.start, short))
    out.sort(key=lambda c: (c.start, c.kind, c.employee))
    return out
