"""Loans of staff billed below cost must meet L8241-3: lender ≥ 5,000, young or small host, ≤ 2 years."""

from __future__ import annotations

from tests.foundation.helpers import check_data, employee, errors, minimal


def _loan_data(**loan_changes):
    data = minimal()
    lender, host = data["members"][1], data["members"][0]
    lender.update({"headcount": 1200, "corporate_group": "Groupe Alpha", "corporate_group_headcount": 6000})
    host.update({"created_on": "2022-01-01", "joined_on": "2023-01-01", "headcount": 30})
    data["employees"].append(employee("dg", employer="m2", skills=["direction"], hourly_wage="55"))
    loan = {
        "id": "pret",
        "lender": "m2",
        "host": "m1",
        "employee": "dg",
        "site": "m1-s1",
        "start": "2026-01-01",
        "end": "2027-06-30",
        "days_per_week": 3,
        "billing": "below_cost",
        "billed_share": "0.6",
    }
    loan.update(loan_changes)
    data["secondments"] = [loan]
    return data


def _messages(data):
    return {p.path: p.message for p in errors(check_data(data))}


def test_eligible_below_cost_loan_has_no_error():
    assert _messages(_loan_data()) == {}


def test_lender_group_under_5000_staff_cannot_bill_below_cost():
    data = _loan_data()
    data["members"][1]["corporate_group_headcount"] = 4000
    assert "5,000" in _messages(data)["secondments[0].billing"]


def test_old_and_large_host_cannot_be_billed_below_cost():
    data = _loan_data()
    data["members"][0].update({"created_on": "2001-01-01", "headcount": 400})
    assert "250 staff" in _messages(data)["secondments[0].billing"]


def test_host_in_the_lenders_group_cannot_be_billed_below_cost():
    data = _loan_data()
    data["members"][0]["corporate_group"] = "Groupe Alpha"
    assert "outside the lender's group" in _messages(data)["secondments[0].billing"]


def test_below_cost_loan_longer_than_two_years_is_refused():
    assert "at most 2 years" in _messages(_loan_data(end="2028-06-30"))["secondments[0].end"]


def test_billed_share_below_1_needs_below_cost_billing():
    messages = _messages(_loan_data(billing="at_cost"))
    assert any("below_cost" in m for m in messages.values())


def test_loan_without_written_consent_is_refused():
    messages = _messages(_loan_data(consent_signed=False))
    assert any("L8241-2" in m for m in messages.values())
