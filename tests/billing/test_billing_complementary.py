"""Complementary hours in two bands (L3123-29): +10 % within one tenth of the contract, then the higher rate.

The legal cap (`complementary_ratio`: 1/10, or 1/3 by agreement, L3123-20/28) is not the edge of the +10 %
band, which is always the tenth (L3123-29); an agreement may set the rate beyond the tenth, never below
+10 % (L3123-21).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.billing.run import bill_month
from engine.errors import ScenarioError
from tests.billing.factory import employee, member, scenario, share_cents, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 24}


def _week(agreement_rules: dict[str, object]):  # type: ignore[no-untyped-def]
    """A 24 h part-timer under an agreement, 30 h worked in the week of 2 March 2026 (5 × 6 h)."""
    contract = {**CONTRACT, "agreement": "accord"}
    sc = scenario(
        [member("m")],
        [employee("p", contract, "15.00")],
        agreements=[{"id": "accord", "name": "Accord de branche", "rules": agreement_rules}],
    )
    days = [span("p", "m", f"2026-03-0{d}", "08:00", "14:00") for d in range(2, 7)]
    return bill_month(sc, "2026-03", days)


def test_a_third_by_agreement_bills_beyond_the_tenth_at_25_percent():
    """Cap 1/3 (8 h): the 6 complementary hours are legal. Tenth of 24 h = 2 h 24: 2.4 h × 15.00 × 10 % = 3.60;
    the other 3 h 36 at +25 %: 3.6 × 15.00 × 25 % = 13.50."""
    bill = _week({"complementary_ratio": "0.3333"})
    hours = bill.hours["p"]
    assert (hours.total("comp_low"), hours.total("comp_high")) == (144, 216)
    assert share_cents(bill, "p", "complementary_10", "m") == 360
    assert share_cents(bill, "p", "complementary_25", "m") == 1350


def test_an_agreement_may_set_the_rate_beyond_the_tenth():
    """Same week, the agreement pays the band beyond the tenth +15 %: 3.6 h × 15.00 × 15 % = 8.10."""
    bill = _week({"complementary_ratio": "0.3333", "complementary_premium_high": "0.15"})
    assert share_cents(bill, "p", "complementary_10", "m") == 360
    assert share_cents(bill, "p", "complementary_25", "m") == 810


@pytest.mark.parametrize("field", ["complementary_premium_high", "complementary_premium_low"])
def test_a_complementary_rate_below_10_percent_is_refused_naming_the_field(field: str):
    with pytest.raises(ScenarioError) as caught:
        _week({"complementary_ratio": "0.3333", field: "0.05"})
    messages = [str(p) for p in caught.value.problems]
    assert any(f"agreements[0].rules.{field}" in m and "L3123-21" in m for m in messages), messages


def test_no_floor_under_a_rule_set_that_is_not_french_law():
    """`preset: none` replaces French law (a benchmark's rules): its rates are its own."""
    from engine.model.rules import RuleSet

    assert RuleSet(preset="none", complementary_premium_high=Decimal("0")).complementary_premium_high == 0
