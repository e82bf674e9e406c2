"""Re-planning: a published plan and a change in, a legal plan that keeps what it can out.

The change (absences, new needs, a member leaving) is applied to the scenario, and the month is solved
again with the published plan as a complete hint and the `changes` objective term (engine.solver.objective
.changes): each assignment dropped or added costs `change_cost`, or `short_notice_change_cost` within the
next `part_time_notice_days` days, where it needs the employee's agreement. Pinned assignments and
everything before `today` stay as published.

Local first (`scope="local"`, the default): a change touches a few days, so the solve is restricted to a
neighbourhood of the published plan (`neighbourhood`): every published assignment (which the solve may
still drop), every candidate for the shifts the change opens (lost by an absence or a departure, new
needs), and — on the days those shifts fall — every shift of the employees who could take them and every
shift left unfilled, so that a candidate can hand a shift of theirs to a colleague. Each plan of that
neighbourhood is a plan of the whole month, checked by the same rules; it is built and solved in a
fraction of the month's time (a 200-employee month: seconds instead of minutes). If the neighbourhood
admits no legal plan (a contract's minimum broken by the change), the whole month is solved again
(`scope="month"` asks for that directly); a large month (`strategy.neighbourhoods`) is then solved
neighbourhood by neighbourhood (engine.solver.search.large), starting from the published plan, never as one
model. If the local neighbourhood only found no plan within its time (a loaded machine, a large group),
the same model is searched once more with `LOCAL_RETRY_SECONDS` (not built again): the whole month of a
500-employee group would take minutes and ~6 GB.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from typing import Any

from engine.calendar import Occurrence, need_occurrences
from engine.errors import DomainError, SearchTimeout
from engine.loader import scenario_from_data
from engine.model import Assignment, Pin, Plan, Scenario, occurrence_key
from engine.solver import strategy
from engine.solver.model.build import Kept, build, dated, horizon_of
from engine.solver.model.instance import Instance, range_occurrences
from engine.solver.options import SolveOptions
from engine.solver.search import large
from engine.solver.search.run import run

SCOPES = ("local", "month")
MIN_SEARCH_SECONDS = 0.5
LOCAL_RETRY_SECONDS = 20.0  # a local re-plan that found nothing in its budget is tried once more with this
READ_BACK_SHARE = 0.2  # of the budget, kept for reading the plan back (reasons included) and the changes


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
    # a departed member's shifts are gone, pinned or not: its pins after its last day go with them
    member_of = {n.get("id"): n.get("member") for n in data["needs"]}  # checked by the loader below
    leaving = dict(change.members_leaving)
    data["pins"] = [
        p
        for p in data.get("pins", [])
        if member_of.get(p["need"]) not in leaving
        or dt.date.fromisoformat(p["date"]) <= leaving[member_of[p["need"]]]
    ]
    return scenario_from_data(data, "<re-plan>")


def replan(
    scenario: Scenario,
    published: Plan,
    change: ChangeRequest,
    *,
    options: SolveOptions | None = None,
    scope: str = "local",
) -> ReplanResult:
    """Re-plan `published.month` after `change`; keeps every assignment it can (see the module doc for
    `scope`)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    started = time.perf_counter()
    options = replace(options or SolveOptions())  # a copy: the caller's options stay as they were
    options.hint = published
    budget = options.time_limit  # wall time of the whole re-plan, not only of the search
    updated = apply_change(scenario, change)
    today = change.today
    pins = [
        Pin(employee=a.employee, need=a.need, date=a.date)
        for a in published.assignments
        if (a.pinned and _member_stays(updated, a))
        or (today is not None and a.date < today and _still_possible(updated, a))
    ]

    def solve_within(area: Neighbourhood | None) -> ReplanResult:
        first, last, label = horizon_of(updated, published.month, published.first_day, published.last_day)
        if area is None:
            inst = Instance(updated, first, last, units_per_euro=options.units_per_euro)
            if strategy.neighbourhoods(inst, options):
                # a large month: the published plan improved neighbourhood by neighbourhood, never one
                # model of the whole month (minutes to build on 200 employees, more than memory on 500)
                kept = Kept(tuple(pins), published, today)
                whole = replace(options, time_limit=budget)  # the re-plan's limit, from its start
                outcome = large.solve_large(
                    updated, inst, first, last, label, whole, started=started, kept=kept
                )
                plan = dated(outcome.plan, first, last)
                return ReplanResult(plan, diff(updated, published, plan, today))
        built = build(
            updated,
            first,
            last,
            options,
            pins=pins,
            published=published,
            today=today,
            allowed=None if area is None else area.allowed,
            fixed=frozenset() if area is None else area.fixed,
        )
        if budget is not None:  # what is left of the re-plan's time, the reading back kept aside
            spent = time.perf_counter() - started
            options.time_limit = max(MIN_SEARCH_SECONDS, budget * (1 - READ_BACK_SHARE) - spent)
        try:
            outcome = run(built, options, month=label, scenario_name=updated.name)
        except SearchTimeout:
            if area is None:
                raise
            # no plan in time (a loaded machine, a large group): the same model searched once more with
            # more time, neither built again nor widened to the whole month (minutes and ~6 GB on 500
            # employees)
            options.time_limit = max(LOCAL_RETRY_SECONDS, 2 * (budget or 0.0))
            outcome = run(built, options, month=label, scenario_name=updated.name)
        plan = dated(outcome.plan, first, last)  # a season's plan stays the season's
        return ReplanResult(plan, diff(updated, published, plan, today))

    if scope == "local":
        area = neighbourhood(scenario, updated, published, change)
        if area.opened:  # else nothing local to do: the whole month is planned again below
            try:
                return solve_within(area)
            except SearchTimeout:
                raise  # nothing in time even on the second search: "allow more time"
            except DomainError:
                pass  # the neighbourhood has no legal plan: the whole month below
    return solve_within(None)


@dataclass
class Neighbourhood:
    """What a local re-plan may touch: `allowed` (employee id, occurrence key) pairs, of which the
    `fixed` ones (published assignments away from the changed days) stay as they are."""

    allowed: set[tuple[str, str]]
    fixed: set[tuple[str, str]]
    opened: set[str]  # occurrence keys the change opened (lost by an absence or a departure, or new)


def neighbourhood(before: Scenario, after: Scenario, published: Plan, change: ChangeRequest) -> Neighbourhood:
    """The pairs a local re-plan may use and those it keeps: see the module doc.

    Pairs are proposed generously (qualification by skill, loans by their reserved employee) and the
    model keeps only the eligible ones, so nothing here decides legality. Only the changed days'
    occurrences are generated (and the new needs'): the month's are the model's job."""
    first, last, _ = horizon_of(after, published.month, published.first_day, published.last_day)
    kept = {(a.employee, a.occurrence_id) for a in published.assignments}
    lost = [a for a in published.assignments if not _still_possible(after, a)]
    old_needs = {n.id for n in before.needs}
    added = [n for n in after.needs if n.id not in old_needs]
    new_keys = {o.key: o.date for n in added for o in need_occurrences(after, n, first, last)}
    days = {a.date for a in lost} | set(new_keys.values())
    if change.today is not None:
        days = {d for d in days if d >= change.today}
    on_days = [o for d in sorted(days) for o in range_occurrences(after, d, d)]
    by_key = {o.key: o for o in on_days}
    # a departed member's shifts are gone, not opened
    opened = ({a.occurrence_id for a in lost} | new_keys.keys()) & by_key.keys()
    freed = {a.employee for a in lost}
    employees = {e.id: set(e.skills) for e in after.employees}
    helpers = {e for e, skills in employees.items() if any(_could_take(e, skills, by_key[k]) for k in opened)}
    movers = (helpers | freed) & employees.keys()
    unfilled = {occurrence_key(u.need, u.date) for u in published.unfilled if u.date in days}
    allowed = set(kept)
    for o in on_days:
        open_shift = o.key in opened or o.key in unfilled
        for employee, skills in employees.items():
            if (open_shift or employee in movers) and _could_take(employee, skills, o):
                allowed.add((employee, o.key))
    # a mover's published shifts on those days may go to any colleague who can take them
    handed = {k for e, k in kept if e in movers and k in by_key}
    for key in handed:
        for employee, skills in employees.items():
            if _could_take(employee, skills, by_key[key]):
                allowed.add((employee, key))
    fixed = {(a.employee, a.occurrence_id) for a in published.assignments if a.date not in days}
    return Neighbourhood(allowed, fixed, opened)


def _could_take(employee: str, skills: set[str] | list[str], occ: Occurrence) -> bool:
    if occ.reserved_for is not None:
        return occ.reserved_for == employee
    return occ.skill in skills


def _member_stays(scenario: Scenario, a: Assignment) -> bool:
    """Whether the assignment's member is still in the group on its day (a pin on a departed member's
    shift goes with the shift; a pin an absence makes impossible still stops the re-plan, naming it)."""
    member = scenario.member_by_id.get(a.member)
    return member is not None and member.is_member_on(a.date)


def _still_possible(scenario: Scenario, a: Assignment) -> bool:
    """Whether the change leaves this assignment possible: the employee available on every day it touches
    (a night shift ends the next day, as `Instance.days_touched` reads it) and the member still in."""
    emp = scenario.employee_by_id.get(a.employee)
    if emp is None or not _member_stays(scenario, a):
        return False
    days = [a.date]
    end = a.end.astimezone(a.start.tzinfo)
    if end.date() > a.date and end.time() != dt.time(0, 0):
        days.append(end.date())
    return all(emp.is_available(day) for day in days)


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
