"""Payroll cost of each employee for a month, and who bears each cent of it.

For every employee and settled month (engine.hours), each cost component is computed exactly and rounded
ONCE to the cent (the payroll cost, `EmployeeCost.totals`); it is then split between the parties that bear it
with `allocate` (largest remainder), so the shares always add up to the payroll cost.

Components and their base (docs/billing.md has a worked example):
- work: on-site minutes × hourly wage (forfait jours: days × daily wage = hourly wage × weekly hours / 5);
- travel time between workplaces: travel minutes × hourly wage (effective work, Cass. crim. 2 Sept 2014);
- complementary and overtime premiums: premium minutes × wage × the rule set's rate (L3123-29, L3121-36); only
  the uplift, the base pay of those minutes is in work/travel time;
- Sunday, night and public-holiday premiums: minutes × wage × the agreement's rate (none when 0);
- equal-treatment differential (L1253-9): paid minutes at a member × (member's comparable wage for the skill −
  wage), when positive, billed to that member alone;
- idle contract hours and paid absences: wage × minutes, borne by the group or by members pro rata to use
  (BillingSettings.idle_bearer / absence_bearer); with no use in the month, the group bears them;
- paid-leave provision: gross × paid_leave_rate (10 %, L3141-24 [verify]);
- employer contributions: (gross + paid-leave provision) × the employee's contribution rate;
- mileage: counted km × the employee's per-km rate from the scale (engine.billing.mileage);
- loans of staff: professional expenses per day at the host (Secondment.expenses_per_day).
Premiums go to the member whose hours crossed the threshold, or pro rata to the week's hours
(BillingSettings.premium_payer); travel to the destination, or half to the origin member
(BillingSettings.travel_payer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from engine.billing.components import GROSS_COMPONENTS, Component, unit_of
from engine.billing.mileage import SCALE_2025, MileageScale, per_km_rate
from engine.billing.money import Weight, allocate, to_cents
from engine.errors import DomainError
from engine.hours import EmployeeMonthHours, HoursContext, SpanHours
from engine.model import CostBearer, Employee, PremiumPayer, Scenario, Secondment, TravelPayer
from engine.model.secondment import LoanBilling


class PartyKind(StrEnum):
    MEMBER = "member"  # billed to this member
    GROUP = "group"  # borne by the employer group
    LENDER = "lender"  # borne by the lender of a below-cost loan (L8241-3)


Party = tuple[PartyKind, str]


class CostShare(NamedTuple):
    """The part of one employee's cost component borne by one party (immutable; a year makes ~300,000)."""

    employee: str
    component: Component
    party_kind: PartyKind
    party: str
    cents: int
    quantity: Decimal  # hours, days or km at this party (display; 2 decimals)
    unit: str
    unit_price: Decimal  # exact € per unit (display)
    loan: str | None = None


@dataclass(slots=True)
class EmployeeCost:
    employee: str
    month: str
    lender: str | None  # None: an employee of the group
    totals: dict[Component, int] = field(default_factory=dict)  # payroll cost, rounded once per component
    shares: list[CostShare] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(self.totals.values())


PREMIUM_COMPONENTS: tuple[tuple[str, Component, str], ...] = (
    ("comp_low", Component.COMPLEMENTARY_10, "complementary_premium_low"),
    ("comp_high", Component.COMPLEMENTARY_25, "complementary_premium_high"),
    ("ot_low", Component.OVERTIME_25, "overtime_premium_low"),
    ("ot_high", Component.OVERTIME_50, "overtime_premium_high"),
)
TIME_COMPONENTS: tuple[tuple[str, Component, str], ...] = (
    ("sunday", Component.SUNDAY, "sunday_premium_rate"),
    ("night", Component.NIGHT, "night_premium_rate"),
    ("holiday", Component.HOLIDAY, "holiday_premium_rate"),
)


def _quantity(value: Weight, per: int = 60) -> Decimal:
    if not isinstance(value, int):
        exact = Fraction(value)
        return (Decimal(exact.numerator) / Decimal(exact.denominator * per)).quantize(CENT_Q)
    return (Decimal(value) / per).quantize(CENT_Q)


CENT_Q = Decimal("0.01")
ZERO = Decimal("0")
CLASS_NAMES = ("sunday", "night", "holiday", "comp_low", "comp_high", "ot_low", "ot_high")
KM_SCALE = 10000  # km weights in 1/10,000 km (travel_km has at most 4 decimals)


class CostContext:
    """The scenario and settings the cost model reads, with per-employee lookups cached."""

    def __init__(self, scenario: Scenario, scale: MileageScale = SCALE_2025):
        self.scenario = scenario
        self.hours = HoursContext(scenario)  # kept across months: holidays and time-of-day minutes cached
        self.settings = scenario.group.billing
        self.group_id = scenario.group.id
        self.scale = scale

    def loan_for(self, employee: Employee, member: str, day: object, loan_id: str | None) -> Secondment:
        if loan_id and loan_id in self.scenario.secondment_by_id:
            return self.scenario.secondment_by_id[loan_id]
        for loan in self.scenario.secondments:
            if loan.employee == employee.id and loan.host == member and loan.covers(day):  # type: ignore[arg-type]
                return loan
        raise DomainError(
            f"employee {employee.id} is employed by member {employee.employer} but worked at {member} on "
            f"{day} without a loan of staff (secondment) covering that day (L8241-2)"
        )


class _Builder:
    """Collects one employee's shares: each component rounded once, then split by weights."""

    def __init__(self, cost: EmployeeCost, forfait: bool, group: Party):
        self.cost = cost
        self.forfait = forfait
        self.group = group

    def add(
        self,
        component: Component,
        exact: Decimal | Fraction,
        weights: Mapping[Party, Weight],
        quantities: Mapping[Party, Decimal] | None = None,
        unit_price: Decimal = ZERO,
        loans: Mapping[Party, str] | None = None,
    ) -> None:
        cents = to_cents(exact)
        if cents == 0:
            return
        parties = [p for p, w in weights.items() if w > 0]
        if len(parties) > 1:
            parties.sort()
            parts = allocate(cents, [weights[p] for p in parties])
        else:
            parties, parts = parties or [self.group], [cents]
        totals = self.cost.totals
        totals[component] = totals.get(component, 0) + cents
        unit = unit_of(component, self.forfait)
        quantities = quantities or {}
        loans = loans or {}
        employee, shares = self.cost.employee, self.cost.shares
        for party, part in zip(parties, parts, strict=True):
            shares.append(
                CostShare(
                    employee,
                    component,
                    party[0],
                    party[1],
                    part,
                    quantities.get(party, ZERO),
                    unit,
                    unit_price,
                    loans.get(party),
                )
            )

    def gross_by_party(self) -> dict[Party, int]:
        out: dict[Party, int] = defaultdict(int)
        for s in self.cost.shares:
            if s.component in GROSS_COMPONENTS:
                out[(s.party_kind, s.party)] += s.cents
        return out


def employee_cost(ctx: CostContext, employee: Employee, hours: EmployeeMonthHours) -> EmployeeCost:
    """The month's payroll cost of one employee, split between members, the group and lenders."""
    scenario, settings = ctx.scenario, ctx.settings
    rules = scenario.rules_for(employee)
    contract = employee.contract
    forfait = contract.is_forfait_jours
    is_loan = employee.employer is not None
    group: Party = (PartyKind.GROUP, ctx.group_id)
    cost = EmployeeCost(employee.id, hours.month, employee.employer)
    b = _Builder(cost, forfait, group)
    wage = employee.hourly_wage
    day_wage = wage * contract.weekly_minutes / 5 / 60
    spans = hours.spans

    loans: dict[Party, str] = {}
    if is_loan:
        for s in spans:
            loan = ctx.loan_for(employee, s.member, s.span.date, s.span.secondment)
            loans[(PartyKind.MEMBER, s.member)] = loan.id

    # Weights are integers wherever possible (minutes; half-minutes and 1/20,000 km for split travel), which
    # keeps the split exact and fast; forfait days and pro-rata premiums need fractions. One pass over the
    # spans sums, per member, the minutes of every class (a year of billing runs this for ~400,000 spans).
    days: dict[Party, Fraction] = defaultdict(Fraction)
    travel2: dict[Party, int] = defaultdict(int)  # half-minutes
    km2: dict[Party, int] = defaultdict(int)  # 1/20,000 km
    by_class: dict[str, dict[Party, Weight]] = defaultdict(lambda: defaultdict(int))
    class_totals: dict[str, int] = dict.fromkeys(CLASS_NAMES, 0)
    by_skill: dict[tuple[str, str | None], int] = defaultdict(int)  # paid minutes per member and skill
    travel_parties: dict[tuple[str, str | None], list[tuple[Party, int]]] = {}
    # Per member id: [on-site minutes, paid minutes]; the spans of a month are at a handful of members.
    per_member: dict[str, list[int]] = {}
    by_threshold = settings.premium_payer is PremiumPayer.THRESHOLD_MEMBER
    for s in spans:
        span = s.span
        member_id = span.member
        acc = per_member.get(member_id)
        if acc is None:
            acc = per_member[member_id] = [0, 0]
        onsite_minutes = s.onsite_minutes
        paid = onsite_minutes + s.travel_minutes
        acc[0] += onsite_minutes
        acc[1] += paid
        if forfait:
            days[(PartyKind.MEMBER, member_id)] += s.day_share
        if s.travel_minutes or span.travel_km:
            counted_km = s.travel_minutes or not span.travel_from_home or contract.home_travel_is_work
            km_units = int(span.travel_km * KM_SCALE) if counted_km else 0
            route = (member_id, span.travel_from)
            parties = travel_parties.get(route)
            if parties is None:
                parties = travel_parties[route] = _travel_parties(ctx, s)
            for share_party, halves in parties:
                travel2[share_party] += halves * s.travel_minutes
                km2[share_party] += halves * km_units
        if s.sunday or s.night or s.holiday:
            for name, value in (("sunday", s.sunday), ("night", s.night), ("holiday", s.holiday)):
                if value:
                    class_totals[name] += value
                    by_class[name][(PartyKind.MEMBER, member_id)] += value
        if s.comp_low or s.comp_high or s.ot_low or s.ot_high:
            for name, value in (
                ("comp_low", s.comp_low),
                ("comp_high", s.comp_high),
                ("ot_low", s.ot_low),
                ("ot_high", s.ot_high),
            ):
                if value:
                    class_totals[name] += value
                    if by_threshold:
                        by_class[name][(PartyKind.MEMBER, member_id)] += value
        by_skill[(member_id, span.skill)] += paid
    members: dict[str, Party] = {m: (PartyKind.MEMBER, m) for m in per_member}
    onsite: dict[Party, int] = {members[m]: acc[0] for m, acc in per_member.items()}
    # Use of the employee, the weights of idle hours and absences borne pro rata: minutes (forfait: days).
    used: dict[Party, Weight] = (
        dict(days) if forfait else {members[m]: acc[1] for m, acc in per_member.items()}
    )
    # Equal treatment (L1253-9): the wage gap per member and skill, on that member's paid minutes.
    diff_exact: dict[Party, Decimal] = defaultdict(Decimal)
    diff_minutes: dict[Party, int] = defaultdict(int)
    if not is_loan:
        for (member_id, skill), minutes in by_skill.items():
            gap = _wage_gap(scenario, employee, member_id, skill)
            if gap > 0:
                diff_exact[members[member_id]] += gap * minutes
                diff_minutes[members[member_id]] += minutes
    for party in diff_exact:
        diff_exact[party] /= 60
    if settings.premium_payer is PremiumPayer.PRO_RATA:
        for week in hours.weeks:
            week_members = week.minutes_by_member()
            total = sum(week_members.values())
            for name, _, _ in PREMIUM_COMPONENTS:
                minutes = week.total(name)
                for m, used_minutes in week_members.items():
                    if minutes and total:
                        party = (PartyKind.MEMBER, m)
                        by_class[name][party] = Fraction(by_class[name][party]) + Fraction(
                            minutes * used_minutes, total
                        )

    # Gross pay.
    if forfait:
        b.add(
            Component.WORK,
            day_wage * _dec(sum(days.values(), Fraction(0))),
            days,
            {p: _quantity(d, 1) for p, d in days.items()},
            day_wage,
            loans,
        )
    else:
        b.add(
            Component.WORK,
            wage * sum(onsite.values()) / 60,
            onsite,
            {p: _quantity(m) for p, m in onsite.items()},
            wage,
            loans,
        )
    b.add(
        Component.TRAVEL_TIME,
        wage * sum(travel2.values()) / 120,
        travel2,
        {p: _quantity(m, 120) for p, m in travel2.items()},
        wage,
        loans,
    )
    for name, component, rate_field in (*PREMIUM_COMPONENTS, *TIME_COMPONENTS):
        rate: Decimal = getattr(rules, rate_field)
        weights = by_class[name]
        minutes = class_totals[name]
        if rate and minutes:
            b.add(
                component,
                wage * rate * minutes / 60,
                weights,
                {p: _quantity(m) for p, m in weights.items()},
                wage * rate,
                loans,
            )
    for party, exact in sorted(diff_exact.items()):
        b.add(
            Component.DIFFERENTIAL,
            exact,
            {party: 1},
            {party: _quantity(diff_minutes[party])},
            (exact * 60 / diff_minutes[party]) if diff_minutes[party] else Decimal(0),
        )
    if not is_loan:
        bearer_weights = dict(used)
        _unplaced(
            b, Component.IDLE, settings.idle_bearer, hours, wage, day_wage, forfait, bearer_weights, group
        )
        _unplaced(
            b,
            Component.ABSENCE,
            settings.absence_bearer,
            hours,
            wage,
            day_wage,
            forfait,
            bearer_weights,
            group,
        )

    # Provision and contributions on gross.
    gross = b.gross_by_party()
    gross_total = sum(gross.values())
    leave_cents = to_cents(Decimal(gross_total) * settings.paid_leave_rate / 100)
    b.add(
        Component.PAID_LEAVE,
        Decimal(leave_cents) / 100,
        gross,
        unit_price=settings.paid_leave_rate,
        loans=loans,
    )
    leave = {(s.party_kind, s.party): s.cents for s in cost.shares if s.component is Component.PAID_LEAVE}
    base = {p: gross.get(p, 0) + leave.get(p, 0) for p in set(gross) | set(leave)}
    rate = employee.employer_contribution_rate
    b.add(
        Component.CONTRIBUTIONS,
        Decimal(gross_total + leave_cents) * rate / 100,
        base,
        unit_price=rate,
        loans=loans,
    )

    # Expenses.
    per_km = per_km_rate(employee.vehicle, ctx.scale)
    total_km = Decimal(sum(km2.values())) / (2 * KM_SCALE)
    if per_km and total_km:
        b.add(
            Component.MILEAGE,
            total_km * per_km,
            km2,
            {p: _quantity(k, 2 * KM_SCALE) for p, k in km2.items()},
            per_km,
            loans,
        )
    if is_loan:
        _loan_expenses(ctx, b, spans, loans)
        cost.shares = _below_cost(ctx, cost.shares)
    return cost


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _travel_parties(ctx: CostContext, s: SpanHours) -> list[tuple[Party, int]]:
    """Who pays a span's travel, in halves: the destination (2), or 1 + 1 with the origin member (split)."""
    dest: Party = (PartyKind.MEMBER, s.member)
    origin_site = s.span.travel_from
    if ctx.settings.travel_payer is TravelPayer.SPLIT and origin_site and not s.span.travel_from_home:
        origin = ctx.scenario.site_member.get(origin_site)
        if origin is not None and origin != s.member:
            return [(dest, 1), ((PartyKind.MEMBER, origin), 1)]
    return [(dest, 2)]


def _wage_gap(scenario: Scenario, employee: Employee, member_id: str, skill: str | None) -> Decimal:
    """Comparable hourly wage at the host minus the employee's (L1253-9); the skill of the need, else the best."""
    member = scenario.member_by_id.get(member_id)
    if member is None or not member.comparable_wages:
        return Decimal(0)
    skills = [skill] if skill else employee.skills
    wages = [member.comparable_wages[k] for k in skills if k in member.comparable_wages]
    return max(wages, default=Decimal(0)) - employee.hourly_wage


def _unplaced(
    b: _Builder,
    component: Component,
    bearer: CostBearer,
    hours: EmployeeMonthHours,
    wage: Decimal,
    day_wage: Decimal,
    forfait: bool,
    used: Mapping[Party, Weight],
    group: Party,
) -> None:
    """Idle contract time or paid absence: borne by the group, or by members pro rata to use."""
    if forfait:
        days = sum(w.idle_days if component is Component.IDLE else w.paid_absence_days for w in hours.weeks)
        exact, qty, price = day_wage * days, Decimal(days), day_wage
    else:
        minutes = hours.idle_minutes if component is Component.IDLE else hours.paid_absence_minutes
        exact, qty, price = wage * minutes / 60, _quantity(minutes), wage
    if bearer is CostBearer.MEMBERS_PRO_RATA and any(Fraction(w) > 0 for w in used.values()):
        total = sum(Fraction(w) for w in used.values())
        b.add(
            component,
            exact,
            used,
            {p: (qty * _dec(Fraction(w) / total)).quantize(Decimal("0.01")) for p, w in used.items()},
            price,
        )
    else:
        b.add(component, exact, {group: 1}, {group: qty}, price)


def _loan_expenses(ctx: CostContext, b: _Builder, spans: list[SpanHours], loans: dict[Party, str]) -> None:
    """Professional expenses of a loan: the agreed amount per day worked at the host (L8241-1)."""
    days: dict[Party, set[object]] = defaultdict(set)
    for s in spans:
        days[(PartyKind.MEMBER, s.member)].add(s.span.date)
    for party, worked in sorted(days.items()):
        loan = ctx.scenario.secondment_by_id[loans[party]]
        if loan.expenses_per_day:
            n = len(worked)
            b.add(
                Component.EXPENSES,
                loan.expenses_per_day * n,
                {party: 1},
                {party: Decimal(n)},
                loan.expenses_per_day,
                loans,
            )


def _below_cost(ctx: CostContext, shares: list[CostShare]) -> list[CostShare]:
    """L8241-3: the host pays `billed_share` of each cost line; the lender bears the rest, line by line."""
    out: list[CostShare] = []
    for s in shares:
        loan = ctx.scenario.secondment_by_id.get(s.loan or "")
        if loan is None or loan.billing is LoanBilling.AT_COST or s.party_kind is not PartyKind.MEMBER:
            out.append(s)
            continue
        share = Fraction(str(loan.billed_share))
        host, lender = allocate(s.cents, [share, 1 - share])
        out.append(_replace(s, cents=host))
        out.append(_replace(s, cents=lender, party_kind=PartyKind.LENDER, party=loan.lender))
    return out


def _replace(s: CostShare, **changes: object) -> CostShare:
    return s._replace(**changes)  # type: ignore[arg-type]
