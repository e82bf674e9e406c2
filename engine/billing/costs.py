"""Payroll cost of each employee for a month, and who bears each cent of it.

For every employee and month (engine.hours), each cost component is priced PER PARTY from an exact
quantity and an exact unit price: minutes (exactly, printed as hours and minutes), days, km, or a base in
euros for a rate; each party's amount is rounded ONCE to the cent, half up (`money.to_cents`), from that
exact product — so the invoice line printed from it always reads quantity × unit price = amount. The
component's payroll cost is its whole exact amount rounded once (`EmployeeCost.totals`); the few cents
between it and the parties' rounded amounts (at most half a cent a party) are a rounding share borne by
the employer (the group, or a lender for its own employee), so the shares still add up to the payroll
cost to the cent.

Components and their base (docs/billing.md has worked examples):
- work: on-site minutes × hourly wage (forfait jours: days × day rate, the day rate being
  hourly wage × weekly hours / 5 rounded to the cent; a day shared between members is split in hundredths of
  a day by the minutes spent at each);
- travel time between workplaces: travel minutes × hourly wage (effective work, Cass. crim. 2 Sept 2014);
- complementary and overtime premiums: premium minutes × wage × the rule set's rate (L3123-29, L3121-36); only
  the uplift, the base pay of those minutes is in work/travel time;
- Sunday, night and public-holiday premiums: minutes × wage × the agreement's rate (none when 0);
- 1 May (L3133-6): an indemnity equal to the pay of the work that day (minutes × wage; forfait: the day
  rate), whatever the agreement's rate for other public holidays;
- equal-treatment differential (L1253-9): paid minutes at a member × (member's comparable wage for the skill −
  wage), when positive, billed to that member alone (one line per wage gap);
- idle contract hours and paid absences: wage × minutes, borne by the group or by members pro rata to use
  (BillingSettings.idle_bearer / absence_bearer; the minutes are split in whole minutes); with no use in the
  month, the group bears them;
- paid-leave provision: each party's gross × paid_leave_rate (10 %, L3141-24 [verify]);
- employer contributions: each party's (gross + paid-leave provision) × the employee's contribution rate;
- mileage: counted km × the employee's per-km rate from the scale (engine.billing.mileage);
- loans of staff: professional expenses per day at the host (Secondment.expenses_per_day); a loan billed
  below cost (L8241-3) keeps every line at its full price and adds the reduction as a line of its own
  (L441-9 C. com.), borne by the lender.
Premiums go to the member whose hours crossed the threshold, or pro rata to the week's hours in whole
minutes (BillingSettings.premium_payer); travel to the destination, or half to the origin member
(BillingSettings.travel_payer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from engine.billing.components import GROSS_COMPONENTS, Component, unit_of
from engine.billing.mileage import SCALE_2025, MileageScale, per_km_rate
from engine.billing.money import CENT, Weight, allocate, to_cents
from engine.errors import DomainError
from engine.hours import EmployeeMonthHours, HoursContext, SpanHours, is_may_day
from engine.model import CostBearer, Employee, PremiumPayer, Scenario, Secondment, TravelPayer
from engine.model.secondment import LoanBilling


class PartyKind(StrEnum):
    MEMBER = "member"  # billed to this member
    GROUP = "group"  # borne by the employer group
    LENDER = "lender"  # borne by the lender of a loan of staff (its own employee, L8241)


Party = tuple[PartyKind, str]


class CostShare(NamedTuple):
    """The part of one employee's cost component borne by one party (immutable; a year makes ~300,000).

    `cents` = `quantity` × `unit_price` rounded once (hours: `minutes` × `unit_price` / 60, exactly), except
    for a rounding share (`rounding`), which is the component's payroll cost minus its parties' amounts.
    """

    employee: str
    component: Component
    party_kind: PartyKind
    party: str
    cents: int
    quantity: Decimal  # days, km or a base in € exactly; hours: minutes / 60 to 4 places (see `minutes`)
    unit: str
    unit_price: Decimal  # exact € per unit (a rate for a base in €)
    loan: str | None = None
    minutes: int | None = None  # hour units: the exact quantity
    rounding: bool = False  # the cents between the component's cost rounded once and its parties' amounts


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
LEAVE = frozenset({Component.PAID_LEAVE})
MAY_DAY_RATE = Decimal(1)
"""L3133-6: work on 1 May earns an indemnity equal to its pay (paid double), whatever the agreement says of
other public holidays."""
HOUR_Q = Decimal("0.0001")
ZERO = Decimal("0")
HUNDREDTHS = 100  # a forfait day shared between members is split in hundredths of a day
MINUTES_PER_HOUR = 60

Quantity = int | Decimal
"""Minutes (int) for hour units; days, km or a base in € (Decimal, exact) otherwise."""


def day_rate(employee: Employee) -> Decimal:
    """A forfait-jours day: hourly wage × weekly hours / 5 (7 h by default), rounded to the cent."""
    exact = employee.hourly_wage * employee.contract.weekly_minutes / 5 / MINUTES_PER_HOUR
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


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
    """Collects one employee's shares: each party's amount rounded once from its exact quantity × price."""

    def __init__(self, cost: EmployeeCost, forfait: bool, employer: Party, loans: Mapping[Party, str]):
        self.cost = cost
        self.forfait = forfait
        self.employer = employer  # who bears the rounding: the group, or the lender of a lent employee
        self.loans = loans
        self.employer_loan = next(iter(sorted(loans.values())), None)

    def add(
        self,
        component: Component,
        price: Decimal,
        quantities: Mapping[Party, Quantity],
        total_quantity: Decimal | None = None,
    ) -> None:
        """One component at one unit price: a share per party with a quantity, plus the rounding share.

        Hour units take minutes (exact); every other unit an exact Decimal quantity. The component's cost is
        the total quantity × price rounded once; the total quantity is the parties' unless given (a rate on
        gross pay: the payroll's gross, of which the parties' bases leave out the employer's rounding).
        """
        unit = unit_of(component, self.forfait)
        hourly = unit == "h"
        parties = sorted(p for p, q in quantities.items() if q)
        if not price or not (parties or total_quantity):
            return
        employee, shares, loans = self.cost.employee, self.cost.shares, self.loans
        parts = 0
        for party in parties:
            q = quantities[party]
            # One division at most: an exact half cent is never lost to a rounded quotient.
            cents = to_cents(q * price / MINUTES_PER_HOUR if hourly else q * price)
            parts += cents
            shares.append(
                CostShare(
                    employee,
                    component,
                    party[0],
                    party[1],
                    cents,
                    (Decimal(q) / MINUTES_PER_HOUR).quantize(HOUR_Q) if hourly else Decimal(q),
                    unit,
                    price,
                    loans.get(party),
                    int(q) if hourly else None,
                )
            )
        if total_quantity is not None:
            total = to_cents(total_quantity * price)
        else:
            whole = sum((quantities[p] for p in parties), ZERO)
            total = to_cents(whole * price / MINUTES_PER_HOUR if hourly else whole * price)
        self.cost.totals[component] = self.cost.totals.get(component, 0) + total
        if total != parts:
            kind, bearer = self.employer
            shares.append(
                CostShare(
                    employee,
                    component,
                    kind,
                    bearer,
                    total - parts,
                    ZERO,
                    unit,
                    price,
                    self.employer_loan if kind is PartyKind.LENDER else None,
                    rounding=True,
                )
            )

    def add_rate(
        self, component: Component, rate: Decimal, bases: Mapping[Party, int], total_cents: int
    ) -> None:
        """A rate on each party's base in cents (paid-leave provision, contributions); the payroll's amount is
        the rate on the whole base, `total_cents`."""
        quantities = {p: Decimal(c) / 100 for p, c in bases.items() if c}
        self.add(component, rate, quantities, Decimal(total_cents) / 100)

    def cents_by_party(self, components: frozenset[Component]) -> dict[Party, int]:
        """Each party's amounts of some components, rounding shares left out (they are the employer's)."""
        out: dict[Party, int] = defaultdict(int)
        for s in self.cost.shares:
            if s.component in components and not s.rounding:
                out[(s.party_kind, s.party)] += s.cents
        return out

    def total_of(self, components: frozenset[Component]) -> int:
        return sum(c for k, c in self.cost.totals.items() if k in components)


def employee_cost(ctx: CostContext, employee: Employee, hours: EmployeeMonthHours) -> EmployeeCost:
    """The month's payroll cost of one employee, split between members, the group and lenders."""
    scenario, settings = ctx.scenario, ctx.settings
    rules = scenario.rules_for(employee)
    contract = employee.contract
    forfait = contract.is_forfait_jours
    is_loan = employee.employer is not None
    group: Party = (PartyKind.GROUP, ctx.group_id)
    cost = EmployeeCost(employee.id, hours.month, employee.employer)
    wage = employee.hourly_wage
    spans = hours.spans
    premium_spans = hours.premium_spans

    loans: dict[Party, str] = {}
    if is_loan:
        for s in (*spans, *premium_spans):
            loan = ctx.loan_for(employee, s.member, s.span.date, s.span.secondment)
            loans[(PartyKind.MEMBER, s.member)] = loan.id
    employer: Party = (PartyKind.LENDER, employee.employer) if employee.employer else group
    b = _Builder(cost, forfait, employer, loans)

    # One pass over the month's spans sums, per member, the minutes of every class (a year of billing runs
    # this for ~400,000 spans); premiums come from the spans whose weeks are settled this month.
    by_class: dict[str, dict[Party, int]] = defaultdict(lambda: defaultdict(int))
    by_gap: dict[tuple[Party, Decimal], int] = defaultdict(int)  # paid minutes per member and wage gap
    routes: dict[tuple[str, str | None], list[int | Decimal]] = {}  # travel minutes and counted km
    per_member: dict[str, list[int]] = {}  # per member id: [on-site minutes, paid minutes]
    day_minutes: dict[object, dict[Party, int]] = defaultdict(lambda: defaultdict(int))  # forfait
    gaps: dict[tuple[str, str | None], Decimal] = {}
    members: dict[str, Party] = {}
    for s in spans:
        span = s.span
        member_id = span.member
        acc = per_member.get(member_id)
        if acc is None:
            acc = per_member[member_id] = [0, 0]
            members[member_id] = (PartyKind.MEMBER, member_id)
        party = members[member_id]
        onsite_minutes = s.onsite_minutes
        paid = onsite_minutes + s.travel_minutes
        acc[0] += onsite_minutes
        acc[1] += paid
        if forfait:
            day_minutes[span.date][party] += paid
        if s.travel_minutes or span.travel_km:
            counted_km = s.travel_minutes or not span.travel_from_home or contract.home_travel_is_work
            route = routes.get((member_id, span.travel_from))
            if route is None:
                route = routes[(member_id, span.travel_from)] = [0, ZERO]
            route[0] += s.travel_minutes
            if counted_km:
                route[1] += span.travel_km
        if s.sunday or s.night or s.holiday or s.may_day:
            for name, value in (("sunday", s.sunday), ("night", s.night), ("holiday", s.holiday)):
                if value:
                    by_class[name][party] += value
            if s.may_day:
                by_class["may_day"][party] += s.may_day
        if not is_loan:
            gap_key = (member_id, span.skill)
            gap = gaps.get(gap_key)
            if gap is None:
                gap = gaps[gap_key] = _wage_gap(scenario, employee, member_id, span.skill)
            if gap > 0:
                by_gap[(party, gap)] += paid
    if settings.premium_payer is PremiumPayer.THRESHOLD_MEMBER:
        for s in premium_spans:
            if s.comp_low or s.comp_high or s.ot_low or s.ot_high:
                party = (PartyKind.MEMBER, s.span.member)
                for name, value in (
                    ("comp_low", s.comp_low),
                    ("comp_high", s.comp_high),
                    ("ot_low", s.ot_low),
                    ("ot_high", s.ot_high),
                ):
                    if value:
                        by_class[name][party] += value
    else:
        _premiums_pro_rata(hours, by_class)

    onsite: dict[Party, int] = {members[m]: acc[0] for m, acc in per_member.items()}
    days: dict[Party, Decimal] = {}
    may_days: dict[Party, Decimal] = {}
    if forfait:
        days, may_days = _forfait_days(day_minutes)

    # Gross pay.
    if forfait:
        rate = day_rate(employee)
        b.add(Component.WORK, rate, days)
        b.add(Component.MAY_DAY, rate * MAY_DAY_RATE, may_days)
    else:
        b.add(Component.WORK, wage, onsite)
    b.add(Component.TRAVEL_TIME, wage, _travel_minutes(ctx, routes))
    for name, component, rate_field in (*PREMIUM_COMPONENTS, *TIME_COMPONENTS):
        b.add(component, wage * getattr(rules, rate_field), by_class.get(name, {}))
    if not forfait:
        b.add(Component.MAY_DAY, wage * MAY_DAY_RATE, by_class.get("may_day", {}))
    for (party, gap), minutes in sorted(by_gap.items()):
        b.add(Component.DIFFERENTIAL, gap, {party: minutes})
    if not is_loan:
        # Use of the employee, the weights of idle hours and absences borne pro rata: minutes (forfait: days).
        used: dict[Party, Weight] = (
            dict(days) if forfait else {members[m]: acc[1] for m, acc in per_member.items()}
        )
        _unplaced(b, Component.IDLE, settings.idle_bearer, hours, employee, used, group)
        _unplaced(b, Component.ABSENCE, settings.absence_bearer, hours, employee, used, group)

    # Provision and contributions: a rate on each party's gross; the payroll's, on the whole gross.
    gross = b.cents_by_party(GROSS_COMPONENTS)
    gross_total = b.total_of(GROSS_COMPONENTS)
    b.add_rate(Component.PAID_LEAVE, settings.paid_leave_rate, gross, gross_total)
    leave = b.cents_by_party(LEAVE)
    base = {p: gross.get(p, 0) + leave.get(p, 0) for p in set(gross) | set(leave)}
    b.add_rate(
        Component.CONTRIBUTIONS,
        employee.employer_contribution_rate,
        base,
        gross_total + b.total_of(LEAVE),
    )

    # Expenses.
    per_km = per_km_rate(employee.vehicle, ctx.scale)
    if per_km:
        b.add(Component.MILEAGE, per_km, _travel_km(ctx, routes))
    if is_loan:
        _loan_expenses(ctx, b, spans, loans)
        cost.shares.extend(_below_cost(ctx, cost.employee, cost.shares))
    return cost


def _premiums_pro_rata(hours: EmployeeMonthHours, by_class: dict[str, dict[Party, int]]) -> None:
    """Premium minutes of each settled week split over its members by their minutes that week, in whole
    minutes (largest remainder; members in id order)."""
    for week in hours.settled_weeks:
        week_members = sorted(week.minutes_by_member().items())
        weights = [m for _, m in week_members]
        for name, _, _ in PREMIUM_COMPONENTS:
            minutes = week.total(name)
            if minutes and sum(weights):
                for (member_id, _), part in zip(week_members, allocate(minutes, weights), strict=True):
                    if part:
                        by_class[name][(PartyKind.MEMBER, member_id)] += part


def _forfait_days(
    day_minutes: Mapping[object, Mapping[Party, int]],
) -> tuple[dict[Party, Decimal], dict[Party, Decimal]]:
    """Forfait jours: each worked day counts once, split between its members in hundredths of a day by the
    minutes spent at each (largest remainder); (days, 1 May days) per party, exact."""
    days: dict[Party, int] = defaultdict(int)
    may_days: dict[Party, int] = defaultdict(int)
    for day, minutes in day_minutes.items():
        parties = sorted(minutes)
        weights = [minutes[p] for p in parties]
        if not sum(weights):
            weights = [1] * len(parties)
        for party, part in zip(parties, allocate(HUNDREDTHS, weights), strict=True):
            days[party] += part
            if is_may_day(day):  # type: ignore[arg-type]
                may_days[party] += part
    return (
        {p: Decimal(n) / HUNDREDTHS for p, n in days.items()},
        {p: Decimal(n) / HUNDREDTHS for p, n in may_days.items()},
    )


def _route_parties(ctx: CostContext, member_id: str, origin_site: str | None) -> list[Party]:
    """Who pays a route's travel: the destination, or the destination and the origin member (split)."""
    dest: Party = (PartyKind.MEMBER, member_id)
    if ctx.settings.travel_payer is TravelPayer.SPLIT and origin_site and not origin_site.startswith("home:"):
        origin = ctx.scenario.site_member.get(origin_site)
        if origin is not None and origin != member_id:
            return sorted([dest, (PartyKind.MEMBER, origin)])
    return [dest]


def _travel_minutes(
    ctx: CostContext, routes: Mapping[tuple[str, str | None], list[int | Decimal]]
) -> dict[Party, int]:
    """Travel minutes per party: each route's minutes to its destination, or halved in whole minutes."""
    out: dict[Party, int] = defaultdict(int)
    for (member_id, origin), (minutes, _) in routes.items():
        parties = _route_parties(ctx, member_id, origin)
        for party, part in zip(parties, allocate(int(minutes), [1] * len(parties)), strict=True):
            out[party] += part
    return out


def _travel_km(
    ctx: CostContext, routes: Mapping[tuple[str, str | None], list[int | Decimal]]
) -> dict[Party, Decimal]:
    """Counted km per party, like travel time (halves of a decimal distance are exact)."""
    out: dict[Party, Decimal] = defaultdict(Decimal)
    for (member_id, origin), (_, km) in routes.items():
        parties = _route_parties(ctx, member_id, origin)
        for party in parties:
            out[party] += Decimal(km) / len(parties)
    return out


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
    employee: Employee,
    used: Mapping[Party, Weight],
    group: Party,
) -> None:
    """Idle contract time or paid absence: borne by the group, or by members pro rata to use (whole minutes;
    forfait: hundredths of a day)."""
    if b.forfait:
        days = hours.idle_days if component is Component.IDLE else hours.paid_absence_days
        amount, price, scale = days * HUNDREDTHS, day_rate(employee), HUNDREDTHS
    else:
        amount = hours.idle_minutes if component is Component.IDLE else hours.paid_absence_minutes
        price, scale = employee.hourly_wage, 1
    if not amount:
        return
    parties = sorted(p for p, w in used.items() if Fraction(w) > 0)
    if bearer is CostBearer.MEMBERS_PRO_RATA and parties:
        parts = allocate(amount, [used[p] for p in parties])
        quantities = dict(zip(parties, parts, strict=True))
    else:
        quantities = {group: amount}
    if scale != 1:
        b.add(component, price, {p: Decimal(q) / scale for p, q in quantities.items()})
    else:
        b.add(component, price, quantities)


def _loan_expenses(ctx: CostContext, b: _Builder, spans: list[SpanHours], loans: dict[Party, str]) -> None:
    """Professional expenses of a loan: the agreed amount per day worked at the host (L8241-1)."""
    days: dict[Party, set[object]] = defaultdict(set)
    for s in spans:
        days[(PartyKind.MEMBER, s.member)].add(s.span.date)
    for party, worked in sorted(days.items()):
        loan = ctx.scenario.secondment_by_id[loans[party]]
        if loan.expenses_per_day:
            b.add(Component.EXPENSES, loan.expenses_per_day, {party: Decimal(len(worked))})


def _below_cost(ctx: CostContext, employee: str, shares: list[CostShare]) -> list[CostShare]:
    """L8241-3: the host is billed every cost line at its full price and a reduction of (1 − `billed_share`)
    of their total, rounded once, which the lender bears (a reduction is printed on the invoice, L441-9)."""
    full: dict[str, int] = defaultdict(int)
    for s in shares:
        if s.loan is not None and s.party_kind is PartyKind.MEMBER:
            full[s.loan] += s.cents
    out = []
    for loan_id, cents in sorted(full.items()):
        loan = ctx.scenario.secondment_by_id[loan_id]
        if loan.billing is LoanBilling.AT_COST or not cents:
            continue
        rate = -(1 - loan.billed_share)
        base = Decimal(cents) / 100
        reduction = to_cents(base * rate)
        for kind, party, amount in (
            (PartyKind.MEMBER, loan.host, reduction),
            (PartyKind.LENDER, loan.lender, -reduction),
        ):
            out.append(
                CostShare(employee, Component.LOAN_REDUCTION, kind, party, amount, base, "€", rate, loan_id)
            )
    return out
