"""Editing a plan by hand: assign, unassign, move, pin — each checked at once, only where it can matter.

Why incremental: the law applies per employee (her total across members), and the plan's consistency per
occurrence (head count). An edit changes the assignments of one or two employees on one occurrence, so the
checker only needs those employees and the needs their assignments name: `check_employees` runs the
ordinary checker (`engine.checker.check_plan`, every rule family) on the scenario narrowed to them and keeps
the findings about them or about the occurrence. The result equals the whole month's check restricted to
those employees (tests/workspace/test_planedit.py checks it), at a fraction of its cost.

"Qui peut le prendre ?" (`candidates`) tries every employee who has the occurrence's skill: the ones the
checker accepts are ranked by what the edit changes in payroll cost (engine.billing's cost of their month,
with the holder's saving when the occurrence is moved), the others come with the first rule that stops
them, article included. Nothing here re-reads a rule: the checker and the cost model decide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from engine.calendar import Occurrence, need_occurrences, secondment_occurrences
from engine.checker import Level, Violation, check_plan
from engine.errors import DomainError
from engine.model import Assignment, Plan, Scenario, Unfilled
from engine.travel import home_key, travel_model

EDIT_KINDS = ("assign", "unassign", "move", "pin", "unpin")
MANUAL_REASON = "Retiré du plan à la main par le gestionnaire."


class EditError(DomainError):
    """An edit that cannot even be tried (unknown occurrence or employee, nothing to unassign…); its
    message is French, as the workspace shows it to the manager."""


@dataclass(frozen=True)
class Edit:
    """`assign` `to` on `occurrence`; `unassign`/`pin`/`unpin` `employee`'s; `move` it from `employee` to `to`."""

    kind: str
    occurrence: str  # need@YYYY-MM-DD
    employee: str | None = None
    to: str | None = None


@dataclass
class EditResult:
    plan: Plan
    touched: set[str]
    errors: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Candidate:
    employee: str
    name: str
    legal: bool
    cost_change_cents: int | None  # payroll cost change of the edit (None when not legal or not priced)
    reasons: tuple[Violation, ...] = ()


def parse_occurrence(key: str) -> tuple[str, dt.date]:
    need, _, day = key.rpartition("@")
    try:
        return need, dt.date.fromisoformat(day)
    except ValueError:
        raise EditError(f"« {key} » ne désigne pas une occurrence (besoin@AAAA-MM-JJ)") from None


def find_occurrence(scenario: Scenario, key: str) -> Occurrence:
    need_id, day = parse_occurrence(key)
    if need_id in scenario.need_by_id:
        found = need_occurrences(scenario, scenario.need_by_id[need_id], day, day)
    elif need_id in scenario.secondment_by_id:
        found = secondment_occurrences(scenario, scenario.secondment_by_id[need_id], day, day)
    else:
        raise EditError(f"aucun besoin ni prêt « {need_id} » dans le groupement")
    if not found:
        raise EditError(f"le besoin « {need_id} » n'a pas lieu le {day:%d/%m/%Y}")
    return found[0]


def with_travel(
    scenario: Scenario, assignments: list[Assignment], employee: str, days: set[dt.date]
) -> list[Assignment]:
    """`employee`'s assignments on `days` with their travel recomputed as the solver writes it
    (engine.solver.readback.extract): from the previous site the same day, else from home when the contract counts
    home travel as work."""
    emp = scenario.employee_by_id[employee]
    travel = travel_model(scenario)
    out = []
    previous: Assignment | None = None
    for a in sorted(assignments, key=lambda a: a.start):
        if a.employee != employee or a.date not in days:
            out.append(a)
            continue
        origin = None
        if previous is not None and previous.date == a.date:
            origin = previous.site if previous.site != a.site else None
        elif emp.contract.home_travel_is_work:
            origin = home_key(employee)
        leg = travel.leg(origin, a.site) if origin else None
        out.append(
            a.model_copy(
                update={
                    "travel_before_minutes": leg.minutes if leg else 0,
                    "travel_before_km": leg.km if leg else Decimal("0"),
                    "travel_from": origin,
                }
            )
        )
        previous = a
    return out


def _unfilled_after(
    scenario: Scenario, plan: Plan, occ: Occurrence, assignments: list[Assignment]
) -> list[Unfilled]:
    """The plan's unfilled list with this occurrence's entry brought up to date (heads still missing)."""
    taken = sum(1 for a in assignments if a.need == occ.need and a.date == occ.date)
    missing = occ.headcount - taken
    old = next((u for u in plan.unfilled if u.need == occ.need and u.date == occ.date), None)
    rest = [u for u in plan.unfilled if not (u.need == occ.need and u.date == occ.date)]
    if missing <= 0 or occ.optional:
        return rest
    entry = Unfilled(
        need=occ.need,
        date=occ.date,
        start=occ.start,
        end=occ.end,
        member=occ.member,
        missing=missing,
        reason_code=old.reason_code if old else "manual",
        reason=old.reason if old else MANUAL_REASON,
        limits=list(old.limits) if old else [],
    )
    return sorted([*rest, entry], key=lambda u: (u.date, u.start, u.need))


def _name(scenario: Scenario, employee: str | None) -> str:
    found = scenario.employee_by_id.get(employee or "")
    return found.name if found else f"« {employee} »"


def apply_edit(scenario: Scenario, plan: Plan, edit: Edit) -> tuple[Plan, set[str]]:
    """The plan after `edit` (not checked) and the employees whose work it changes."""
    if edit.kind not in EDIT_KINDS:
        raise EditError(f"modification inconnue « {edit.kind} »")
    occ = find_occurrence(scenario, edit.occurrence)
    for who in (edit.employee, edit.to):
        if who is not None and who not in scenario.employee_by_id:
            raise EditError(f"aucun salarié « {who} » dans le groupement")

    def on_occ(a: Assignment, employee: str | None) -> bool:
        return a.need == occ.need and a.date == occ.date and a.employee == employee

    assignments = list(plan.assignments)
    held = next((a for a in assignments if on_occ(a, edit.employee)), None)
    if edit.kind in ("unassign", "move", "pin", "unpin") and held is None:
        raise EditError(f"{_name(scenario, edit.employee)} n'occupe pas ce poste le {occ.date:%d/%m/%Y}")
    if edit.kind in ("assign", "move"):
        if edit.to is None:
            raise EditError("indiquez qui prend ce poste")
        if any(on_occ(a, edit.to) for a in assignments):
            raise EditError(f"{_name(scenario, edit.to)} occupe déjà ce poste le {occ.date:%d/%m/%Y}")
    touched: set[str] = set()
    if edit.kind in ("unassign", "move"):
        assert held is not None
        assignments.remove(held)
        touched.add(held.employee)
    if edit.kind in ("assign", "move"):
        assert edit.to is not None
        assignments.append(occ.assign(edit.to, pinned=bool(held and held.pinned)))
        touched.add(edit.to)
    if edit.kind in ("pin", "unpin"):
        assert held is not None
        assignments[assignments.index(held)] = held.model_copy(update={"pinned": edit.kind == "pin"})
        touched.add(held.employee)
    for employee in touched:
        assignments = with_travel(scenario, assignments, employee, {occ.date})
    assignments.sort(key=lambda a: (a.start, a.employee, a.need))
    unfilled = _unfilled_after(scenario, plan, occ, assignments)
    return plan.model_copy(update={"assignments": assignments, "unfilled": unfilled}), touched


def narrowed(scenario: Scenario, employees: set[str], needs: set[str]) -> Scenario:
    """The scenario restricted to `employees` and the needs and loans in `needs` (nothing else changes)."""
    values = {name: getattr(scenario, name) for name in Scenario.model_fields}
    values["employees"] = [e for e in scenario.employees if e.id in employees]
    values["needs"] = [n for n in scenario.needs if n.id in needs]
    values["secondments"] = [s for s in scenario.secondments if s.id in needs or s.employee in employees]
    values["pins"] = [p for p in scenario.pins if p.employee in employees]
    return Scenario.model_construct(**values)


def check_employees(
    scenario: Scenario, plan: Plan, employees: set[str], occurrence: str | None = None
) -> list[Violation]:
    """The whole-month check's findings about `employees` (and the occurrence's head count), computed on
    their assignments only."""
    mine = [a for a in plan.assignments if a.employee in employees]
    needs = {a.need for a in mine}
    occ_need, occ_day = parse_occurrence(occurrence) if occurrence else (None, None)
    if occ_need is not None:
        needs.add(occ_need)
        mine += [
            a
            for a in plan.assignments
            if a.need == occ_need and a.date == occ_day and a.employee not in employees
        ]
    small = narrowed(scenario, employees, needs)
    part = plan.model_copy(update={"assignments": mine, "unfilled": []})
    return [
        v
        for v in check_plan(small, part)
        if v.employee in employees or (v.employee is None and v.need == occ_need)
    ]


def edit_plan(scenario: Scenario, plan: Plan, edit: Edit) -> EditResult:
    """Apply and check an edit; `accepted` is False when it breaks a hard rule (the errors say which)."""
    after, touched = apply_edit(scenario, plan, edit)
    found = check_employees(scenario, after, touched, edit.occurrence)
    return EditResult(
        plan=after,
        touched=touched,
        errors=[v for v in found if v.level is Level.ERROR],
        warnings=[v for v in found if v.level is Level.WARNING],
    )


def month_cost_cents(scenario: Scenario, plan: Plan, employee: str) -> int:
    """The employee's payroll cost for the plan's month (engine.billing's cost model, exact cents)."""
    from engine.billing.costs import CostContext, employee_cost
    from engine.hours import settle_month, spans_from_assignments

    emp = scenario.employee_by_id[employee]
    spans = spans_from_assignments([a for a in plan.assignments if a.employee == employee], scenario)
    hours = settle_month(scenario, plan.month, spans, employees=[employee])
    return employee_cost(CostContext(scenario), emp, hours[employee]).total_cents


def candidates(scenario: Scenario, plan: Plan, occurrence: str, holder: str | None = None) -> list[Candidate]:
    """Every employee with the occurrence's skill (but its current holders): legal ones first, cheapest
    change first; the others with the rules that stop them. `holder`: the occurrence is moved from them."""
    occ = find_occurrence(scenario, occurrence)
    on_it = {a.employee for a in plan.assignments if a.need == occ.need and a.date == occ.date}
    by_employee: dict[str, list[Assignment]] = {}
    for a in plan.assignments:
        by_employee.setdefault(a.employee, []).append(a)

    def part(employees: set[str]) -> Plan:
        """The plan as far as an edit of these employees on this occurrence can tell (the check and the
        cost read nothing else): their assignments and those of the occurrence's other holders."""
        mine = [a for e in sorted(employees | on_it) for a in by_employee.get(e, [])]
        return plan.model_copy(update={"assignments": mine})

    saving = 0
    if holder is not None:
        held = part({holder})
        without, _ = apply_edit(scenario, held, Edit("unassign", occurrence, employee=holder))
        saving = month_cost_cents(scenario, without, holder) - month_cost_cents(scenario, held, holder)
    out = []
    for emp in scenario.employees:
        if emp.id in on_it or (occ.reserved_for is not None and emp.id != occ.reserved_for):
            continue
        if occ.skill not in emp.skills:
            continue
        edit = (
            Edit("move", occurrence, employee=holder, to=emp.id)
            if holder
            else Edit("assign", occurrence, to=emp.id)
        )
        before = part({emp.id} | ({holder} if holder else set()))
        result = edit_plan(scenario, before, edit)
        if not result.accepted:
            out.append(Candidate(emp.id, emp.name, False, None, tuple(result.errors)))
            continue
        try:
            change = (
                month_cost_cents(scenario, result.plan, emp.id)
                - month_cost_cents(scenario, before, emp.id)
                + saving
            )
        except DomainError:
            change = None
        out.append(Candidate(emp.id, emp.name, True, change, tuple(result.warnings)))
    out.sort(
        key=lambda c: (
            not c.legal,
            c.cost_change_cents if c.cost_change_cents is not None else 10**12,
            c.name,
        )
    )
    return out
