"""Hand-worked case: a full-timer with overtime (L3121-36), priced by coefficient, and the premium payer policy."""

from __future__ import annotations

from engine.billing.run import bill_month
from tests.billing.factory import employee, invoice_for, member, scenario, share_cents, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 35}
DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


def _bill(members: list[str], premium_payer: str = "threshold_member", pricing: dict | None = None):  # type: ignore[no-untyped-def]
    group = {"billing": {"premium_payer": premium_payer}}
    if pricing:
        group.update(pricing)
    sc = scenario(
        [member(m) for m in sorted(set(members))],
        [employee("f", CONTRACT, "14.00", employer_contribution_rate="0.45")],
        group=group,
    )
    spans = [span("f", m, d, "08:00", "17:00") for m, d in zip(members, DAYS, strict=True)]
    return bill_month(sc, "2026-03", spans)


COEFFICIENT = {
    "pricing_profiles": [{"id": "std", "default": {"mode": "coefficient", "coefficient": "1.87"}}],
    "default_pricing_profile": "std",
}


def test_overtime_cost_of_a_45_hour_week():
    """45 h worked: 35 h normal, 8 h at +25 % (36th–43rd), 2 h at +50 %. Wage €14.00:
    work 45 × 14 = 630.00; +25 %: 8 × 3.50 = 28.00; +50 %: 2 × 7.00 = 14.00; gross 672.00;
    leave 67.20; contributions 45 % × 739.20 = 332.64; payroll cost 1,071.84."""
    bill = _bill(["m"] * 5)
    cost = bill.costs[0].totals
    assert {k.value: v for k, v in cost.items()} == {
        "work": 63000,
        "overtime_25": 2800,
        "overtime_50": 1400,
        "paid_leave": 6720,
        "contributions": 33264,
    }
    assert bill.reconciliation.payroll_cents == 107184


def test_coefficient_pricing_bills_gross_times_187_and_shows_the_margin_apart():
    """× 1.87 on gross lines: 630 × 1.87 = 1,178.10; 28 × 1.87 = 52.36; 14 × 1.87 = 26.18; HT 1,256.64;
    above cost 1,256.64 − 1,071.84 = 184.80; VAT 251.328 → 251.33; TTC 1,507.97."""
    bill = _bill(["m"] * 5, pricing=COEFFICIENT)
    doc = invoice_for(bill, "m")
    assert [line.amount_cents for line in doc.lines] == [117810, 5236, 2618]
    assert (doc.total_ht_cents, doc.total_vat_cents, doc.total_ttc_cents) == (125664, 25133, 150797)
    assert bill.reconciliation.members[0].above_cost_cents == 18480


def test_overtime_premium_goes_to_the_member_whose_hours_crossed_the_threshold():
    """Mon–Thu at M (36 h: the 36th hour is overtime), Fri at N (7 h at +25 %, 2 h at +50 %):
    M 1 h × 3.50 = 3.50; N 7 × 3.50 = 24.50 and 2 × 7.00 = 14.00."""
    bill = _bill(["m", "m", "m", "m", "n"])
    assert share_cents(bill, "f", "overtime_25", "m") == 350
    assert share_cents(bill, "f", "overtime_25", "n") == 2450
    assert share_cents(bill, "f", "overtime_50", "n") == 1400


def test_overtime_premium_pro_rata_to_the_weeks_hours():
    """Pro rata 36 : 9 hours: +25 % 28.00 → M 22.40, N 5.60; +50 % 14.00 → M 11.20, N 2.80."""
    bill = _bill(["m", "m", "m", "m", "n"], premium_payer="pro_rata")
    assert share_cents(bill, "f", "overtime_25", "m") == 2240
    assert share_cents(bill, "f", "overtime_25", "n") == 560
    assert share_cents(bill, "f", "overtime_50", "m") == 1120
    assert share_cents(bill, "f", "overtime_50", "n") == 280
