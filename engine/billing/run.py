"""Bill a month: hours settled, costs split, draft invoices, reconciliation (pure; no numbering, no I/O).

`bill_month` is what the CLI, the API and the benchmark call; issuing (numbers, storage) is a separate step
(engine.billing.issuing) so that a draft can be reviewed before it becomes an invoice that never changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.billing.costs import CostContext, CostShare, EmployeeCost, employee_cost
from engine.billing.documents import Document
from engine.billing.flags import HoursWarning, questionable_hours
from engine.billing.nogc import collector_paused
from engine.billing.pricing import loan_documents, member_documents
from engine.billing.reconcile import Reconciliation, reconcile
from engine.errors import DomainError
from engine.hours import (
    EmployeeMonthHours,
    WorkedSpan,
    billing_window,
    settle_month,
    spans_from_assignments,
)
from engine.loans import below_cost_refusals
from engine.model import Plan, Scenario
from engine.timeutil import month_bounds


@dataclass
class MonthBill:
    """Everything computed for one month; documents are drafts until issued."""

    month: str
    period: tuple[dt.date, dt.date]  # the calendar month: first and last day
    hours: dict[str, EmployeeMonthHours]
    costs: list[EmployeeCost]
    documents: list[Document]
    reconciliation: Reconciliation
    warnings: list[str] = field(default_factory=list)  # notes on the input (not blocking)
    flags: list[HoursWarning] = field(default_factory=list)  # questionable hours: confirmed before issuing

    @property
    def shares(self) -> list[CostShare]:
        return [s for c in self.costs for s in c.shares]


class UnconfirmedHours(DomainError):
    """The month's hours carry warnings (engine.billing.flags) nobody confirmed: nothing is billed.

    `flags`: each warning with where its hours come from; the message says how to confirm them (`confirm`:
    the CLI's option, the API's field)."""

    exit_code = 2

    def __init__(self, month: str, flags: list[HoursWarning], confirm: str):
        self.month, self.flags = month, flags
        count = len(flags)
        super().__init__(
            f"{count} warning{'s' if count > 1 else ''} on the hours of {month}, nothing issued: check them, "
            f"then {confirm} to bill the hours as they are"
        )


def require_confirmed(bill: MonthBill, *, accepted: bool, confirm: str) -> None:
    """Refuse the bill (`UnconfirmedHours`) when its hours carry warnings and they were not accepted: what
    `ge bill` and a stored billing run (persistence.billing_runs) both ask before anything is issued."""
    if bill.flags and not accepted:
        raise UnconfirmedHours(bill.month, bill.flags, confirm)


def check_loans(scenario: Scenario, month: str) -> None:
    """Refuse the month if a below-cost loan active in it is not eligible under L8241-3."""
    first, last = billing_window(month)
    reasons = [
        f"loan {loan.id}: {refusal.reason}"
        for loan in scenario.secondments
        if loan.start <= last and loan.end >= first
        for refusal in below_cost_refusals(scenario, loan)
    ]
    if reasons:
        raise DomainError("below-cost loan of staff refused: " + "; ".join(reasons))


def bill_month(
    scenario: Scenario,
    month: str,
    spans: Iterable[WorkedSpan],
    previous_spans: Iterable[WorkedSpan] = (),
    ytd_minutes_before: dict[str, int] | None = None,
    context: CostContext | None = None,
    check_hours: bool = True,
) -> MonthBill:
    """Bill a calendar month from worked spans (a plan's or a timesheet's).

    Hours are billed in the month in which they are worked; what is computed per week (complementary and
    overtime classes, idle hours) is settled in the month in which the week ends (engine.hours).
    `previous_spans`: the previous month's spans, for the week straddling both months and a shift begun on
    the previous month's last day (without them, a warning says that week's classes are partial).
    `check_hours`: read the hours for what must be confirmed before issuing (`MonthBill.flags`,
    engine.billing.flags); only a caller that makes that check itself turns it off (the benchmark times it
    apart).
    """
    current, previous = list(spans), list(previous_spans)
    with collector_paused():
        bill = _bill_month(scenario, month, current, previous, ytd_minutes_before, context)
        if check_hours:
            bill.flags = questionable_hours(scenario, month, current, previous)
        return bill


def _bill_month(
    scenario: Scenario,
    month: str,
    spans: Iterable[WorkedSpan],
    previous_spans: Iterable[WorkedSpan],
    ytd_minutes_before: dict[str, int] | None,
    context: CostContext | None,
) -> MonthBill:
    check_loans(scenario, month)
    previous = list(previous_spans)
    current = list(spans)
    period = month_bounds(month)
    warnings = []
    window_first = billing_window(month)[0]
    if not previous and window_first < period[0] and not any(s.date < period[0] for s in current):
        warnings.append(
            f"no spans given for the previous month: the complementary and overtime hours of the week from "
            f"{window_first} are computed from this month's days only"
        )
    ctx = context or CostContext(scenario)
    hours = settle_month(scenario, month, current, previous, ytd_minutes_before, context=ctx.hours)
    costs = []
    for emp_id, emp_hours in hours.items():
        cost = employee_cost(ctx, scenario.employee_by_id[emp_id], emp_hours)
        if cost.shares:
            costs.append(cost)
    shares = [s for c in costs for s in c.shares]
    documents = member_documents(scenario, month, shares, period) + loan_documents(
        scenario, month, shares, period
    )
    rec = reconcile(month, scenario, costs, documents)
    return MonthBill(month, period, hours, costs, documents, rec, warnings)


def bill_plan(
    scenario: Scenario, plan: Plan, previous_plan: Plan | None = None, *, check_hours: bool = True
) -> MonthBill:
    """Bill a plan's month (with the previous month's plan for the straddling first week, when known);
    `check_hours` as for `bill_month` (off where only the costs are read)."""
    spans = spans_from_assignments(plan.assignments, scenario, f"plan {plan.month}")
    previous = (
        spans_from_assignments(previous_plan.assignments, scenario, f"plan {previous_plan.month}")
        if previous_plan
        else []
    )
    return bill_month(scenario, plan.month, spans, previous, check_hours=check_hours)
