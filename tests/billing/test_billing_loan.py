"""Hand-worked case: a manager lent below cost under L8241-3, and the refusals when ineligible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.billing.run import bill_month
from engine.errors import DomainError, InputError
from tests.billing.factory import employee, member, scenario, span

FORFAIT = {"kind": "forfait_jours", "start": "2020-01-01", "annual_days": 218}


def _scenario(
    lender_headcount: int = 6000,
    host_group: str | None = None,
    end: str = "2027-02-28",
    host_created: str = "2021-01-01",
    host_headcount: int = 40,
):  # type: ignore[no-untyped-def]
    lender = member(
        "l",
        siren="222222226",
        vat_number="FR46222222226",
        headcount=lender_headcount,
        corporate_group="bigco",
    )
    host = member(
        "h",
        siren="333333334",
        headcount=host_headcount,
        created_on=host_created,
        joined_on="2021-06-01",
        corporate_group=host_group,
    )
    manager = employee(
        "x", FORFAIT, "40.00", employer="l", employer_contribution_rate="0.42", skills=["direction"]
    )
    loan = {
        "id": "pret",
        "lender": "l",
        "host": "h",
        "employee": "x",
        "site": "h-s",
        "start": "2026-03-02",
        "end": end,
        "weekdays": ["mon", "tue", "wed"],
        "billing": "below_cost",
        "billed_share": "0.6",
        "expenses_per_day": "15",
        "agreement_reference": "Convention 2026-01",
    }
    # Schema only: the loader refuses these loans too; billing must refuse them on its own (API data, old files).
    return scenario([lender, host], [manager], secondments=[loan], checked=False)


def _spans():  # type: ignore[no-untyped-def]
    return [
        span("x", "h", d, "09:00", "17:30", loan="pret") for d in ("2026-03-02", "2026-03-03", "2026-03-04")
    ]


def test_below_cost_loan_itemised_and_shared_with_the_lender():
    """Forfait jours: day rate = 40.00 × 7 h = 280.00; 3 days = 840.00; leave 84.00; contributions
    42 % × 924.00 = 388.08; expenses 3 × 15 = 45.00; cost 1,357.08, every line at its full price. The host
    pays 60 %: a reduction of 40 % × 1,357.08 = 542.832 → -542.83 is a line of its own (L441-9 C. com.),
    borne by the lender; invoice 814.25."""
    bill = bill_month(_scenario(), "2026-03", _spans())
    doc = next(d for d in bill.documents if d.kind == "loan_invoice")
    assert doc.seller.id == "l" and doc.buyer.id == "h"
    assert [line.amount_cents for line in doc.lines] == [84000, 8400, 38808, 4500, -54283]
    reduction = doc.lines[-1]
    assert (reduction.quantity, reduction.unit, reduction.unit_price) == (
        Decimal("1357.08"),
        "€",
        Decimal("-0.4"),
    )
    assert doc.total_ht_cents == 81425
    assert doc.total_vat_cents == 16285  # the lender is VAT-liable: 20 %
    assert not any(line.above_cost for line in doc.lines)
    loan = bill.reconciliation.loans[0]
    assert (loan.cost_cents, loan.billed_cents, loan.borne_by_lender_cents) == (135708, 81425, 54283)
    assert bill.reconciliation.ok


def test_loan_invoice_is_in_the_lenders_own_series():
    from datetime import date

    from engine.billing.issuing import MemoryDocumentStore, MemoryNumberSequence, issue_all

    bill = bill_month(_scenario(), "2026-03", _spans())
    issued = issue_all(bill.documents, MemoryNumberSequence(), MemoryDocumentStore(), date(2026, 4, 1))
    assert [d.number for d in issued if d.kind == "loan_invoice"] == ["PMD-l-2026-00001"]


def test_below_cost_refused_when_the_lender_is_too_small():
    with pytest.raises(DomainError, match="at least 5,000 staff"):
        bill_month(_scenario(lender_headcount=1200), "2026-03", _spans())


def test_below_cost_refused_inside_the_lenders_corporate_group():
    with pytest.raises(DomainError, match="outside the lender's group"):
        bill_month(_scenario(host_group="bigco"), "2026-03", _spans())


def test_below_cost_refused_for_an_old_large_host():
    with pytest.raises(DomainError, match="under 8 years old"):
        bill_month(_scenario(host_created="2000-01-01", host_headcount=900), "2026-03", _spans())


def test_below_cost_refused_beyond_two_years():
    with pytest.raises(DomainError, match="at most 2 years"):
        bill_month(_scenario(end="2028-03-02"), "2026-03", _spans())


def test_the_loader_and_billing_refuse_with_the_same_reasons():
    """One reading of L8241-3 (engine.loans): the loader's problems are billing's refusals, at the field
    each is about."""
    from engine.loader import scenario_from_data
    from engine.loans import below_cost_refusals

    sc = _scenario(lender_headcount=1200, host_group="bigco", end="2028-03-02")
    refusals = below_cost_refusals(sc, sc.secondments[0])
    assert [r.field for r in refusals] == ["billing", "billing", "end"]
    with pytest.raises(InputError) as caught:
        scenario_from_data(sc.model_dump(mode="json", exclude_none=True))
    loader = {(p.path, p.message) for p in caught.value.problems if "L8241-3" in p.message}
    assert loader == {(f"secondments[0].{r.field}", r.reason) for r in refusals}
    with pytest.raises(DomainError) as refused:
        bill_month(sc, "2026-03", _spans())
    assert all(r.reason in str(refused.value) for r in refusals)


def test_the_loan_invoice_prints_lines_that_add_up_with_the_reduction_as_a_line():
    from tests.billing.test_billing_lines_add_up import assert_document_adds_up

    bill = bill_month(_scenario(), "2026-03", _spans())
    doc = next(d for d in bill.documents if d.kind == "loan_invoice")
    assert_document_adds_up(doc)
    assert doc.lines[-1].description.endswith(
        "Réduction accordée par le prêteur (prêt sous le coût, art. L8241-3)"
    )
