"""From cost shares to draft invoices: pricing per member, membership lines, VAT, loans of staff.

Pricing (Group.pricing_profiles; the member's profile, else the group's default; a rule per contract kind
may replace the profile's default):
- `at_cost`: every cost line at cost;
- `cost_plus_fee`: every cost line at cost, plus a management fee: `fee_percent` × the loaded cost of the
  employee at that member, and/or `fee_per_hour` × the hours worked there (work + travel time);
- `coefficient`: each gross-pay line (hours, premiums, differential, idle or absence hours a member bears)
  × the coefficient (e.g. €12.00 × 1.87 = €22.44/h); the coefficient covers the paid-leave provision and the
  contributions, which are not printed; mileage and expenses are re-billed at cost.
Joining fee: in the month the member joins. Annual fee: in the first month of the fiscal year, or the joining
month. VAT: the group's rate (20 %) unless the group chose art. 261 B CGI, under which invoices to members
that are not VAT-liable (or act in the public interest) carry no VAT and the exemption wording; the
exemption is refused with the reason when a fee or a coefficient above cost would be billed to them.
Loans of staff: the lender's invoice to the host lists salary, charges and expenses at cost (or the share
billed under L8241-3), never a fee; VAT follows the lender's regime.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from engine.billing.components import GROSS_COMPONENTS, LABELS, ORDER, Component
from engine.billing.costs import HOUR_Q, CostShare, PartyKind
from engine.billing.documents import EXEMPTION_261B, NOT_LIABLE_293B, Document, DocumentKind, Line, Party
from engine.billing.money import fr_exact, to_cents
from engine.errors import DomainError
from engine.french import period_long
from engine.hours import settled_weeks
from engine.model import (
    Employee,
    Member,
    MemberVatRegime,
    PricingMode,
    PricingProfile,
    PricingRule,
    Scenario,
    VatRegime,
)
from engine.model.secondment import LoanBilling
from engine.timeutil import month_bounds

MEMBERSHIP_ACCOUNT = "756000"  # cotisations (PCG 2025, associations)
SERVICE_ACCOUNT = "706000"  # prestations de services
AT_COST_ALWAYS = frozenset({Component.MILEAGE, Component.EXPENSES})
HIDDEN_UNDER_COEFFICIENT = frozenset({Component.PAID_LEAVE, Component.CONTRIBUTIONS})


def pricing_rule(
    scenario: Scenario,
    member: Member,
    employee: Employee,
    profiles: Mapping[str, PricingProfile] | None = None,
) -> PricingRule:
    """The rule pricing an employee's time at a member (profile per member, rule per contract kind).

    `profiles`: the group's profiles by id, when the caller prices many employees.
    """
    profile_id = member.pricing_profile or scenario.group.default_pricing_profile
    if profiles is None:
        profiles = {p.id: p for p in scenario.group.pricing_profiles}
    profile = profiles.get(profile_id) if profile_id else None
    if profile is None:
        return PricingRule(mode=PricingMode.AT_COST)
    return profile.by_contract_kind.get(employee.contract.kind.value, profile.default)


def member_vat(scenario: Scenario, member: Member) -> tuple[Decimal, str | None]:
    """(VAT rate, exemption wording) of the group's invoices to a member."""
    billing = scenario.group.billing
    if billing.vat_regime is VatRegime.EXEMPT_261B and member.vat_regime is not MemberVatRegime.LIABLE:
        return Decimal("0"), EXEMPTION_261B
    return billing.vat_rate, None


def lender_vat(scenario: Scenario, lender: Member) -> tuple[Decimal, str | None]:
    """VAT of a lender's loan invoice: its own regime (a non-liable lender charges none, art. 293 B) [verify]."""
    if lender.vat_regime is MemberVatRegime.LIABLE:
        return scenario.group.billing.vat_rate, None
    return Decimal("0"), NOT_LIABLE_293B


LineData = dict[str, Any]
"""A line's fields: the lines of a document are validated together when the document is built (pydantic
validates a whole invoice's lines in one call, a third faster than one `Line(...)` each)."""


def _exact(share: CostShare, price: Decimal) -> Decimal:
    """A share's exact amount at a unit price: minutes × price / 60 for hours, quantity × price otherwise."""
    if share.minutes is not None:
        return share.minutes * price / 60
    return share.quantity * price


def _line(
    share: CostShare, employee: Employee, vat_rate: Decimal, coefficient: Decimal | None = None
) -> LineData:
    """A cost share as an invoice line: at cost its amount is the share's; under a coefficient the unit
    price is the cost price × coefficient and the amount that product on the exact quantity, rounded once."""
    label = LABELS[share.component].text
    if coefficient is None:
        price, amount = share.unit_price, share.cents
    else:
        price = share.unit_price * coefficient
        amount = to_cents(_exact(share, price))
        label = f"{label} (coefficient {_coefficient_text(coefficient)})"
    return dict(
        description=f"{employee.name} – {label}",
        quantity=share.quantity,
        minutes=share.minutes,
        unit=share.unit,
        unit_price=price,
        amount_cents=amount,
        vat_rate=vat_rate,
        employee=employee.id,
        component=share.component.value,
        coefficient=coefficient,
    )


@lru_cache(maxsize=64)
def _coefficient_text(coefficient: Decimal) -> str:
    return fr_exact(coefficient, 0)


_ORDER = {c: i for i, c in enumerate(ORDER)}


def _printed(shares: list[CostShare]) -> list[CostShare]:
    """The shares an invoice prints, in component order (the cost model makes one share per party,
    component and unit price; rounding shares are the employer's and never billed)."""
    kept = [s for s in shares if not s.rounding and (s.cents or s.quantity)]
    return sorted(kept, key=lambda s: (_ORDER[s.component], s.unit_price))


def _employee_lines(
    employee: Employee, shares: list[CostShare], vat_rate: Decimal, rule: PricingRule
) -> list[LineData]:
    printed = _printed(shares)
    lines: list[LineData] = []
    if rule.mode is PricingMode.COEFFICIENT and rule.coefficient is not None:
        for s in printed:
            if s.component in HIDDEN_UNDER_COEFFICIENT:
                continue
            coefficient = rule.coefficient if s.component in GROSS_COMPONENTS else None
            lines.append(_line(s, employee, vat_rate, coefficient))
        return lines
    lines.extend(_line(s, employee, vat_rate) for s in printed)
    if rule.mode is PricingMode.COST_PLUS_FEE:
        cost = sum(s.cents for s in printed)
        if rule.fee_percent and cost:
            base = Decimal(cost) / 100
            lines.append(
                dict(
                    description=f"{employee.name} – Frais de gestion ({fr_exact(rule.fee_percent * 100, 0)} % du coût chargé)",
                    quantity=base,
                    unit="€",
                    unit_price=rule.fee_percent,
                    amount_cents=to_cents(base * rule.fee_percent),
                    vat_rate=vat_rate,
                    employee=employee.id,
                    component="fee",
                    above_cost=True,
                )
            )
        # A per-hour fee on the exact hours worked there (on site and travel between sites).
        minutes = sum(
            s.minutes or 0 for s in printed if s.component in (Component.WORK, Component.TRAVEL_TIME)
        )
        if rule.fee_per_hour and minutes and not employee.contract.is_forfait_jours:
            lines.append(
                dict(
                    description=f"{employee.name} – Frais de gestion à l'heure",
                    quantity=(Decimal(minutes) / 60).quantize(HOUR_Q),
                    minutes=minutes,
                    unit="h",
                    unit_price=rule.fee_per_hour,
                    amount_cents=to_cents(minutes * rule.fee_per_hour / 60),
                    vat_rate=vat_rate,
                    employee=employee.id,
                    component="fee",
                    above_cost=True,
                )
            )
    return lines


def hours_note(month: str) -> str:
    """The one sentence saying which hours an invoice bills: the calendar month's, with the weekly premiums
    of the weeks that end in it (engine.hours)."""
    first, last = month_bounds(month)
    weeks = settled_weeks(month)
    return (
        f"Les heures facturées sont celles travaillées {period_long(first, last)} ; les majorations d'heures "
        "complémentaires et supplémentaires, calculées par semaine civile, sont réglées sur le mois où la "
        f"semaine se termine, soit ici pour les semaines {period_long(weeks[0], weeks[-1] + _SIX_DAYS, True)}."
    )


_SIX_DAYS = dt.timedelta(days=6)


def membership_lines(scenario: Scenario, member: Member, month: str, vat_rate: Decimal) -> list[Line]:
    """Joining fee in the joining month; annual fee at the fiscal year's start or on joining."""
    billing = scenario.group.billing
    first, last = month_bounds(month)
    joined_now = first <= member.joined_on <= last
    if not member.is_member_on(last) and not joined_now:
        return []
    lines = []
    if joined_now and billing.joining_fee:
        lines.append(
            Line(
                description="Droit d'entrée au groupement",
                unit_price=billing.joining_fee,
                amount_cents=to_cents(billing.joining_fee),
                vat_rate=vat_rate,
                component="joining",
                account=MEMBERSHIP_ACCOUNT,
            )
        )
    if billing.annual_fee and (joined_now or first.month == scenario.group.fiscal_year_start_month):
        lines.append(
            Line(
                description=f"Cotisation annuelle (exercice {_fiscal_label(scenario, first)})",
                unit_price=billing.annual_fee,
                amount_cents=to_cents(billing.annual_fee),
                vat_rate=vat_rate,
                component="membership",
                account=MEMBERSHIP_ACCOUNT,
            )
        )
    return lines


def _fiscal_label(scenario: Scenario, day: dt.date) -> str:
    start = scenario.group.fiscal_year_start_month
    year = day.year if day.month >= start else day.year - 1
    return str(year) if start == 1 else f"{year}-{year + 1}"


def _sorted_employees(scenario: Scenario, ids: set[str]) -> list[Employee]:
    return sorted((scenario.employee_by_id[i] for i in ids), key=lambda e: (e.name, e.id))


def member_documents(
    scenario: Scenario, month: str, shares: list[CostShare], period: tuple[dt.date, dt.date]
) -> list[Document]:
    """One draft invoice per member with something to bill this month."""
    billing = scenario.group.billing
    by_member: dict[str, dict[str, list[CostShare]]] = defaultdict(lambda: defaultdict(list))
    for s in shares:
        if s.party_kind is PartyKind.MEMBER and s.loan is None:
            by_member[s.party][s.employee].append(s)
    seller = Party.of_group(scenario.group)
    profiles = {p.id: p for p in scenario.group.pricing_profiles}
    docs = []
    refusals = []
    for member in sorted(scenario.members, key=lambda m: m.id):
        vat_rate, exemption = member_vat(scenario, member)
        lines: list[LineData | Line] = []
        per_employee = by_member.get(member.id, {})
        for employee in _sorted_employees(scenario, set(per_employee)):
            rule = pricing_rule(scenario, member, employee, profiles)
            lines.extend(_employee_lines(employee, per_employee[employee.id], vat_rate, rule))
            if exemption and rule.above_cost:
                refusals.append(
                    f"{member.name}: {employee.name} is priced '{rule.mode.value}' above cost "
                    f"(fee or coefficient), which art. 261 B CGI forbids"
                )
        lines.extend(membership_lines(scenario, member, month, vat_rate))
        if not lines:
            continue
        document = Document.model_validate(
            dict(
                kind=DocumentKind.INVOICE,
                series_prefix=billing.invoice_prefix,
                month=month,
                seller=seller,
                buyer=Party.of_member(member),
                service_start=period[0],
                service_end=period[1],
                lines=tuple(lines),
                vat_exemption=exemption,
                payment_terms_days=billing.payment_terms_days,
                late_payment_rate=billing.late_payment_rate,
                recovery_fee=billing.recovery_fee,
                iban=billing.iban,
                bic=billing.bic,
                notes=(
                    "Mise à disposition de personnel par le groupement d'employeurs (art. L1253-1 et suivants "
                    "du Code du travail).",
                    hours_note(month),
                ),
            )
        )
        if exemption and any(line.above_cost for line in document.lines):
            refusals.append(f"{member.name}: management fees are billed, which art. 261 B CGI forbids")
        docs.append(document)
    if refusals:
        raise DomainError(
            "the VAT exemption of art. 261 B CGI is refused: "
            + "; ".join(sorted(set(refusals)))
            + " — bill at cost (pricing mode at_cost) or switch the group to vat_regime: standard"
        )
    return docs


def loan_documents(
    scenario: Scenario, month: str, shares: list[CostShare], period: tuple[dt.date, dt.date]
) -> list[Document]:
    """The lenders' invoices to hosts for loans of staff: itemised cost, no fee (L8241-1)."""
    by_loan: dict[str, dict[str, list[CostShare]]] = defaultdict(lambda: defaultdict(list))
    for s in shares:
        if s.loan is not None and s.party_kind is PartyKind.MEMBER:
            by_loan[s.loan][s.employee].append(s)
    billing = scenario.group.billing
    docs = []
    for loan_id in sorted(by_loan):
        loan = scenario.secondment_by_id[loan_id]
        lender, host = scenario.member_by_id[loan.lender], scenario.member_by_id[loan.host]
        vat_rate, exemption = lender_vat(scenario, lender)
        lines: list[LineData] = []
        for employee in _sorted_employees(scenario, set(by_loan[loan_id])):
            lines.extend(_line(s, employee, vat_rate) for s in _printed(by_loan[loan_id][employee.id]))
        notes = [
            "Prêt de main-d'œuvre à but non lucratif (art. L8241-1 du Code du travail) : refacturation des seuls "
            "salaires versés, charges sociales et frais professionnels remboursés, sans frais de gestion.",
        ]
        if loan.agreement_reference:
            notes.append(f"Convention de mise à disposition : {loan.agreement_reference}.")
        if loan.billing is LoanBilling.BELOW_COST:
            notes.append(
                f"Facturation inférieure au coût (art. L8241-3 du Code du travail) : chaque ligne est au prix "
                f"coûtant, puis une réduction de {fr_exact((1 - loan.billed_share) * 100, 0)} % de leur total, "
                "à la charge du prêteur."
            )
        docs.append(
            Document.model_validate(
                dict(
                    kind=DocumentKind.LOAN_INVOICE,
                    series_prefix=billing.loan_invoice_prefix,
                    month=month,
                    seller=Party.of_member(lender),
                    buyer=Party.of_member(host),
                    service_start=max(period[0], loan.start),
                    service_end=min(period[1], loan.end),
                    lines=tuple(lines),
                    vat_exemption=exemption,
                    nature="Prestation de services : prêt de main-d'œuvre à but non lucratif",
                    payment_terms_days=billing.payment_terms_days,
                    late_payment_rate=billing.late_payment_rate,
                    recovery_fee=billing.recovery_fee,
                    notes=tuple(notes),
                    loan=loan.id,
                )
            )
        )
    return docs
