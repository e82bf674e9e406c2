"""Per-employee hours against contract and per-member coverage of a plan (pure; also used by `ge solve`).

Worked minutes are read from the employees' timelines the checker reads too (engine.timeline: on-site minutes
plus travel that counts as work, recomputed from engine.travel); the premium classes (complementary +10/+25 %, overtime
+25/+50 %) come from `engine.hours.settle_month`, the billing classification, so that the plan page and the
invoices never disagree. Those classes cover the legal weeks *settled* in the month (weeks whose Sunday is in
it); the days after the month's last Sunday are settled with the next month. km are the plan's
`travel_before_km` (what billing reimburses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from engine.checker import CheckContext, build_context
from engine.model import Plan, Scenario
from engine.timeline import Timelines
from engine.timeutil import month_days

HOURS = Decimal("0.01")

CONTRACT_LABELS = {
    "cdi_full_time": "CDI temps plein",
    "cdi_part_time": "CDI temps partiel",
    "cdd": "CDD",
    "seasonal": "Saisonnier",
    "work_study": "Alternance",
    "forfait_jours": "Forfait jours",
}


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (for display and CSV)."""
    return (Decimal(minutes) / 60).quantize(HOURS)


@dataclass(frozen=True)
class EmployeeStats:
    employee: str
    name: str
    contract: str  # French label
    contract_minutes: int  # the month's share of the contract (weekdays under contract × weekly / 5)
    onsite_minutes: int
    travel_minutes: int  # travel counted as working time
    complementary_minutes: int
    overtime_minutes: int
    km: Decimal
    days_worked: int
    assignments: int
    members: list[str] = field(default_factory=list)
    forfait_days: int | None = None  # forfait jours: days worked instead of hours

    @property
    def worked_minutes(self) -> int:
        return self.onsite_minutes + self.travel_minutes

    @property
    def balance_minutes(self) -> int:
        """Worked minus contract: negative when paid hours are not placed (idle)."""
        return self.worked_minutes - self.contract_minutes


@dataclass(frozen=True)
class MemberCoverage:
    member: str
    name: str
    needed_minutes: int  # head count × length of every need occurrence of the month
    filled_minutes: int  # the part covered (at most the head count per occurrence)
    unfilled_heads: int
    occurrences: int
    loan_minutes: int  # minutes worked on loans of staff hosted by this member
    employees: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> Decimal:
        if self.needed_minutes == 0:
            return Decimal("1")
        return (Decimal(self.filled_minutes) / self.needed_minutes).quantize(Decimal("0.0001"))


def month_contract_minutes(weekly_minutes: int, covered_weekdays: int) -> int:
    return weekly_minutes * covered_weekdays // 5


def employee_stats(
    scenario: Scenario, plan: Plan, ctx: Timelines | None = None, employees: Collection[str] | None = None
) -> list[EmployeeStats]:
    """Hours against contract for every employee of the scenario, in the scenario's order (`ctx`: the
    plan's timelines, or its check context, when the caller already has them; `employees`: only these,
    whose timelines `ctx` must hold)."""
    from engine.hours import settle_month, spans_from_assignments

    ctx = ctx or Timelines.build(scenario, plan, employees=employees)
    wanted = None if employees is None else set(employees)
    known = [
        a
        for a in ctx.assignments
        if a.employee in scenario.employee_by_id and (wanted is None or a.employee in wanted)
    ]
    settled = settle_month(scenario, plan.month, spans_from_assignments(known, scenario), employees=wanted)
    days = month_days(plan.month)
    out = []
    for emp in scenario.employees:
        if wanted is not None and emp.id not in wanted:
            continue
        tl = ctx.timelines[emp.id]
        onsite = sum(p.minutes for p in tl.pieces if p.assignment is not None)
        travel = sum(p.minutes for p in tl.pieces if p.assignment is None)
        month = settled.get(emp.id)
        covered = sum(1 for d in days if d.weekday() < 5 and emp.contract.covers(d))
        forfait = emp.contract.is_forfait_jours
        out.append(
            EmployeeStats(
                employee=emp.id,
                name=emp.name,
                contract=CONTRACT_LABELS.get(emp.contract.kind.value, emp.contract.kind.value),
                contract_minutes=0
                if forfait
                else month_contract_minutes(emp.contract.weekly_minutes, covered),
                onsite_minutes=onsite,
                travel_minutes=travel,
                complementary_minutes=(month.total("comp_low") + month.total("comp_high")) if month else 0,
                overtime_minutes=(month.total("ot_low") + month.total("ot_high")) if month else 0,
                km=sum((a.travel_before_km for a in tl.assignments), Decimal("0")),
                days_worked=len(tl.worked_dates),
                assignments=len(tl.assignments),
                members=sorted({a.member for a in tl.assignments}),
                forfait_days=len(tl.worked_dates) if forfait else None,
            )
        )
    return out


def member_coverage(scenario: Scenario, plan: Plan, ctx: CheckContext | None = None) -> list[MemberCoverage]:
    """Per member: demand of its needs in the month, the part covered, the heads missing, who served."""
    ctx = ctx or build_context(scenario, plan)
    assigned: dict[tuple[str, dt.date], int] = {}
    for a in ctx.assignments:
        assigned[a.need, a.date] = assigned.get((a.need, a.date), 0) + 1
    out = []
    for member in scenario.members:
        needed = filled = count = loans = 0
        for (need_id, date), occ in ctx.occurrences.items():
            if occ.member != member.id or occ.secondment is not None or not member.is_member_on(date):
                continue
            count += 1
            needed += occ.headcount * occ.minutes
            filled += min(assigned.get((need_id, date), 0), occ.headcount) * occ.minutes
        mine = [a for a in ctx.assignments if a.member == member.id]
        loans = sum(
            a.minutes for a in mine if a.secondment is not None or a.need in scenario.secondment_by_id
        )
        out.append(
            MemberCoverage(
                member=member.id,
                name=member.name,
                needed_minutes=needed,
                filled_minutes=filled,
                unfilled_heads=sum(u.missing for u in plan.unfilled if u.member == member.id),
                occurrences=count,
                loan_minutes=loans,
                employees=sorted({a.employee for a in mine}),
            )
        )
    return out
