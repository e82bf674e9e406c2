"""The month's reconciliation: every cent of payroll cost billed to a member or borne by someone named.

Checks, to the cent:
1. for the group's employees, the payroll cost (each component rounded once) equals the shares billed to
   members plus the shares borne by the group (idle hours, absences, and the rounding difference between a
   component rounded once and its parties' amounts each rounded once) — proves the splits;
2. for each member invoice priced at cost or cost plus fee, its cost lines equal the member's cost shares,
   and the invoice total excl. VAT is cost + fees + membership dues; for coefficient pricing, what is billed
   above cost (or below it) is shown apart;
3. for each loan of staff, the lender's cost equals what the host is billed plus what the lender bears
   (L8241-3), and the loan invoice equals the host's share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from engine.billing.components import GROSS_COMPONENTS, LABELS, ORDER, Component
from engine.billing.costs import CostShare, EmployeeCost, PartyKind
from engine.billing.documents import Document, DocumentKind
from engine.billing.money import fr_amount
from engine.model import Scenario

DUES = ("membership", "joining")
HIDDEN = frozenset({Component.PAID_LEAVE, Component.CONTRIBUTIONS})


@dataclass
class MemberLine:
    member: str
    name: str
    cost_cents: int  # cost shares billed to the member
    above_cost_cents: int  # fees, or the coefficient's part above (negative: below) cost
    dues_cents: int  # joining and annual fees
    invoice_ht_cents: int


@dataclass
class LoanLine:
    loan: str
    lender: str
    host: str
    cost_cents: int
    billed_cents: int
    borne_by_lender_cents: int
    invoice_ht_cents: int


@dataclass
class Reconciliation:
    month: str
    group: str
    payroll_cents: int = 0
    payroll_by_component: dict[Component, int] = field(default_factory=dict)
    billed_by_component: dict[Component, int] = field(default_factory=dict)
    borne_by_group_by_component: dict[Component, int] = field(default_factory=dict)
    members: list[MemberLine] = field(default_factory=list)
    loans: list[LoanLine] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    rounding_cents: int = 0  # borne by the group: each component rounded once minus its parties' amounts

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def billed_cents(self) -> int:
        return sum(self.billed_by_component.values())

    @property
    def borne_by_group_cents(self) -> int:
        return sum(self.borne_by_group_by_component.values())

    def to_text(self) -> str:
        """The report in French, for the accountant (Markdown)."""
        out = [
            f"# Rapprochement du mois {self.month}",
            "",
            "## Salariés du groupement : coût salarial réparti",
            "",
            "| Composante | Coût salarial | Facturé aux adhérents | À la charge du groupement |",
            "|---|---:|---:|---:|",
        ]
        for c in ORDER:
            if c in self.payroll_by_component:
                out.append(
                    f"| {LABELS[c].text} | {fr_amount(self.payroll_by_component[c])} | "
                    f"{fr_amount(self.billed_by_component.get(c, 0))} | "
                    f"{fr_amount(self.borne_by_group_by_component.get(c, 0))} |"
                )
        out.append(
            f"| **Total** | **{fr_amount(self.payroll_cents)}** | **{fr_amount(self.billed_cents)}** | "
            f"**{fr_amount(self.borne_by_group_cents)}** |"
        )
        out += [
            "",
            "Chaque composante du coût salarial est arrondie une fois au centime ; chaque ligne facturée "
            "l'est aussi, à partir de sa quantité exacte et de son prix unitaire. L'écart entre les deux, "
            f"à la charge du groupement, est de {fr_amount(self.rounding_cents)} ce mois-ci (compris "
            "ci-dessus).",
        ]
        out += [
            "",
            "## Factures aux adhérents",
            "",
            "| Adhérent | Coût refacturé | Au-delà du coût (frais, coefficient) | Cotisations | Total HT |",
            "|---|---:|---:|---:|---:|",
        ]
        for m in self.members:
            out.append(
                f"| {m.name} | {fr_amount(m.cost_cents)} | {fr_amount(m.above_cost_cents)} | "
                f"{fr_amount(m.dues_cents)} | {fr_amount(m.invoice_ht_cents)} |"
            )
        if self.loans:
            out += [
                "",
                "## Prêts de main-d'œuvre (L8241)",
                "",
                "| Prêt | Prêteur | Accueil | Coût du prêteur | Refacturé | À la charge du prêteur | Facture HT |",
                "|---|---|---|---:|---:|---:|---:|",
            ]
            for loan in self.loans:
                out.append(
                    f"| {loan.loan} | {loan.lender} | {loan.host} | {fr_amount(loan.cost_cents)} | "
                    f"{fr_amount(loan.billed_cents)} | {fr_amount(loan.borne_by_lender_cents)} | "
                    f"{fr_amount(loan.invoice_ht_cents)} |"
                )
        out += ["", "## Contrôle", ""]
        if self.ok:
            out.append(
                "Rapprochement OK : chaque centime du coût salarial est facturé ou porté par un tiers nommé."
            )
        else:
            out += [f"- ÉCART : {f}" for f in self.failures]
        return "\n".join(out) + "\n"


def reconcile(
    month: str, scenario: Scenario, costs: list[EmployeeCost], documents: list[Document]
) -> Reconciliation:
    """Check the month to the cent; failures are listed (an empty list means OK)."""
    rec = Reconciliation(month, scenario.group.id)
    payroll: dict[Component, int] = defaultdict(int)
    billed: dict[Component, int] = defaultdict(int)
    borne: dict[Component, int] = defaultdict(int)
    member_shares: dict[str, list[CostShare]] = defaultdict(list)
    loan_cost: dict[str, int] = defaultdict(int)
    loan_billed: dict[str, int] = defaultdict(int)
    loan_borne: dict[str, int] = defaultdict(int)
    for emp_cost in costs:
        shares_total = sum(s.cents for s in emp_cost.shares)
        if shares_total != emp_cost.total_cents:
            rec.failures.append(
                f"employee {emp_cost.employee}: shares {shares_total} ≠ cost {emp_cost.total_cents} cents"
            )
        rec.failures.extend(
            f"employee {emp_cost.employee}: negative share {s}"
            for s in emp_cost.shares
            if s.cents < 0 and not s.rounding and s.component is not Component.LOAN_REDUCTION
        )
        rec.rounding_cents += sum(s.cents for s in emp_cost.shares if s.rounding and emp_cost.lender is None)
        if emp_cost.lender is not None:
            for s in emp_cost.shares:
                key = s.loan or "?"
                loan_cost[key] += s.cents
                if s.party_kind is PartyKind.MEMBER:
                    loan_billed[key] += s.cents
                else:
                    loan_borne[key] += s.cents
            continue
        for c, cents in emp_cost.totals.items():
            payroll[c] += cents
        for s in emp_cost.shares:
            if s.party_kind is PartyKind.MEMBER:
                billed[s.component] += s.cents
                member_shares[s.party].append(s)
            else:
                borne[s.component] += s.cents
    rec.payroll_by_component = dict(payroll)
    rec.billed_by_component = dict(billed)
    rec.borne_by_group_by_component = dict(borne)
    rec.payroll_cents = sum(payroll.values())
    if rec.payroll_cents != rec.billed_cents + rec.borne_by_group_cents:
        rec.failures.append(
            f"payroll {rec.payroll_cents} ≠ billed {rec.billed_cents} + borne by the group {rec.borne_by_group_cents}"
        )
    invoiced = set()
    loan_invoices: dict[str, int] = defaultdict(int)
    for doc in documents:
        if doc.kind is DocumentKind.LOAN_INVOICE and doc.loan:
            loan_invoices[doc.loan] += doc.total_ht_cents
        if doc.kind is not DocumentKind.INVOICE:
            continue
        member = doc.buyer.id
        invoiced.add(member)
        shares = member_shares.get(member, [])
        cost = sum(s.cents for s in shares)
        dues = sum(line.amount_cents for line in doc.lines if line.component in DUES)
        services = doc.total_ht_cents - dues
        _check_cost_lines(rec, doc, shares)
        rec.members.append(
            MemberLine(member, doc.buyer.name, cost, services - cost, dues, doc.total_ht_cents)
        )
    for member, shares in member_shares.items():
        if member not in invoiced and any(s.cents for s in shares):
            rec.failures.append(f"member {member} bears costs but has no invoice")
    for loan_id in sorted(loan_cost):
        loan = scenario.secondment_by_id[loan_id]
        line = LoanLine(
            loan_id,
            loan.lender,
            loan.host,
            loan_cost[loan_id],
            loan_billed[loan_id],
            loan_borne[loan_id],
            loan_invoices.get(loan_id, 0),
        )
        rec.loans.append(line)
        if line.cost_cents != line.billed_cents + line.borne_by_lender_cents:
            rec.failures.append(f"loan {loan_id}: cost ≠ billed + borne by the lender")
        if line.invoice_ht_cents != line.billed_cents:
            rec.failures.append(
                f"loan {loan_id}: invoice {line.invoice_ht_cents} ≠ billed share {line.billed_cents}"
            )
    rec.members.sort(key=lambda m: m.member)
    return rec


def _check_cost_lines(rec: Reconciliation, doc: Document, shares: list[CostShare]) -> None:
    """Lines printed at cost must add up to the member's cost shares they stand for."""
    by_coefficient = {line.employee for line in doc.lines if line.coefficient is not None}
    expected = sum(
        s.cents
        for s in shares
        if not (s.employee in by_coefficient and (s.component in GROSS_COMPONENTS or s.component in HIDDEN))
    )
    printed = sum(
        line.amount_cents
        for line in doc.lines
        if line.coefficient is None and not line.above_cost and line.component not in DUES
    )
    if printed != expected:
        rec.failures.append(
            f"invoice to {doc.buyer.id}: lines at cost {printed} ≠ cost shares {expected} cents"
        )
