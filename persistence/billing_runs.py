"""Billing runs: a month billed from its published plan, stored as draft invoices with its inputs.

A run bills the month's published plan, with the actual hours of every member that confirmed or corrected
them (api/routes/actuals.py) in place of its planned hours, and the previous month's published plan for the
week straddling both months. The run keeps its inputs (the scenario and the worked spans), so its exports
can be produced again identically later (`stored_bill`). Drafts are reviewed, then issued (api/routes/billing.py,
api/routes/accounting.py): the number comes from the database sequence in the same transaction that freezes
the invoice (persistence.invoices).

Stable functions (the API's `POST /billing/runs` and the workspace's Facturation page call the same one):
- `run_billing(session, scope, month, *, accept_warnings=False)`: the run and its drafts (the month's
  earlier drafts replaced, issued invoices kept), audited; flushed, not committed. Refused, with nothing
  stored: `NoPublishedPlan`, or `engine.billing.run.UnconfirmedHours` when the hours carry warnings
  (engine.billing.flags) and `accept_warnings` is not set; the scenario is validated once;
- `stored_bill(run)`: the run's stored inputs billed again (its exports).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session, col, delete, select

from engine.billing.run import MonthBill, bill_month, require_confirmed
from engine.billing.service import reconciliation_json
from engine.errors import DomainError
from engine.french import month_name
from engine.hours import WorkedSpan, spans_from_assignments
from engine.loader import scenario_from_data
from engine.model import Plan, Scenario
from engine.timeutil import previous_month
from persistence.audit import record
from persistence.invoices import fill
from persistence.mapping import KeyIndex
from persistence.plans import plan_from_row, published_plan
from persistence.scenario_io import export_data
from persistence.scope import Scope
from persistence.tables import INVOICE_DRAFT, ActualHoursRow, BillingRunRow, InvoiceRow, NeedRow

CONFIRM = "run again with accept_warnings: true"
"""How a refused run's message says to confirm the hours (the API's field)."""


class NoPublishedPlan(DomainError):
    """The month has no published plan: there is nothing to bill."""

    def __init__(self, month: str):
        self.month = month
        super().__init__(f"no published plan for {month}: publish one before billing")

    def french(self) -> str:
        """The refusal as the workspace says it."""
        return f"aucun planning publié pour {month_name(self.month)} : publiez-le avant de facturer"


def run_billing(
    session: Session, scope: Scope, month: str, *, accept_warnings: bool = False
) -> BillingRunRow:
    """Bill `month` for the scope's group: the stored run, its drafts replacing the month's earlier drafts."""
    plan_row = published_plan(session, scope.group_id, month)
    if plan_row is None:
        raise NoPublishedPlan(month)
    plan = plan_from_row(session, plan_row)
    scenario_data = export_data(session, scope.group_id)
    scenario = scenario_from_data(scenario_data, filename="database", stored=True)
    index = KeyIndex.load(session, scope.group_id)
    actual_spans, actual_members = spans_from_actuals(session, scope.group_id, index, month, plan)
    planned = [a for a in plan.assignments if a.member not in actual_members]
    previous_row = published_plan(session, scope.group_id, previous_month(month))
    previous = (
        spans_from_assignments(
            plan_from_row(session, previous_row).assignments, scenario, f"plan {previous_row.id}"
        )
        if previous_row
        else []
    )
    spans = spans_from_assignments(planned, scenario, f"plan {plan_row.id}") + actual_spans
    bill = bill_month(scenario, month, spans, previous)
    require_confirmed(bill, accepted=accept_warnings, confirm=CONFIRM)
    run = BillingRunRow(
        group_id=scope.group_id,
        month=month,
        plan_id=plan_row.id,
        uses_actuals=bool(actual_members),
        created_by=scope.actor,
        totals=reconciliation_json(bill),
        data={
            "month": month,
            "scenario": scenario_data,
            "spans": [dataclasses.asdict(s) for s in spans],
            "previous_spans": [dataclasses.asdict(s) for s in previous],
        },
    )
    session.add(run)
    session.exec(  # drafts of earlier runs of the month are replaced (issued invoices stay)
        delete(InvoiceRow).where(
            col(InvoiceRow.group_id) == scope.group_id,
            col(InvoiceRow.month) == month,
            col(InvoiceRow.status) == INVOICE_DRAFT,
        )
    )
    session.flush()
    for document in bill.documents:
        member_id = index.id_of("member", document.buyer.id)
        assert member_id is not None
        row = InvoiceRow(
            group_id=scope.group_id,
            billing_run_id=run.id,
            member_id=member_id,
            month=month,
            series=document.series_prefix,
            total_excl_vat_cents=0,
            vat_cents=0,
            total_incl_vat_cents=0,
        )
        session.add(fill(row, document))
    session.flush()
    record(
        session,
        scope.group_id,
        scope.actor,
        "billing.run",
        "billing_run",
        str(run.id),
        after={"month": month, "documents": len(bill.documents)},
    )
    return run


def stored_bill(run: BillingRunRow) -> tuple[Scenario, MonthBill]:
    """The run's stored scenario and spans billed again: the same bill as when it ran."""
    data: dict[str, Any] = run.data
    scenario = scenario_from_data(data["scenario"], filename="billing run", stored=True)
    spans = [WorkedSpan(**s) for s in data["spans"]]
    previous = [WorkedSpan(**s) for s in data["previous_spans"]]
    return scenario, bill_month(scenario, data["month"], spans, previous)


def spans_from_actuals(
    session: Session, group_id: int, index: KeyIndex, month: str, plan: Plan
) -> tuple[list[WorkedSpan], set[str]]:
    """The month's actual hours as worked spans (each naming its row), and the members who reported them."""
    rows = session.exec(
        select(ActualHoursRow)
        .where(ActualHoursRow.group_id == group_id, ActualHoursRow.month == month)
        .order_by(col(ActualHoursRow.start))
    ).all()
    need_sites = {
        n.key: (n.site_id, n.skill) for n in session.exec(select(NeedRow).where(NeedRow.group_id == group_id))
    }
    planned_site = {(a.employee, a.member, a.date): a.site for a in plan.assignments}
    spans = []
    members = set()
    for r in rows:
        member = index.key_of("member", r.member_id) or ""
        employee = index.key_of("employee", r.employee_id) or ""
        members.add(member)
        site_id, skill = need_sites.get(r.need_key or "", (None, None))
        site = index.key_of("site", site_id) or planned_site.get((employee, member, r.date), "")
        spans.append(
            WorkedSpan(
                employee=employee,
                member=member,
                site=site,
                date=r.date,
                start=r.start,
                end=r.end,
                need=r.need_key,
                skill=skill,
                source=f"actuals[{r.id}] ({member}, {employee}, {r.date.isoformat()})",
            )
        )
    return spans, members
