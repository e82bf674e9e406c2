"""1 May worked is paid double (L3133-6): an indemnity equal to the pay, whatever the agreement's holiday rate.

Friday 1 May 2026 and Thursday 14 May 2026 (Ascension) are public holidays; the agreement pays +50 % on
public holidays.
"""

from __future__ import annotations

from engine.billing.run import bill_month
from tests.billing.factory import employee, member, scenario, share_cents, span

FULL = {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}
FORFAIT = {"kind": "forfait_jours", "start": "2025-01-01", "annual_days": 218}
AGREEMENT = {"holiday_premium_rate": "0.50"}


def _bill(spans, contract=FULL, wage="12.20"):  # type: ignore[no-untyped-def]
    sc = scenario([member("m"), member("n")], [employee("e", contract, wage)], group={"rules": AGREEMENT})
    return bill_month(sc, "2026-05", spans)


def test_hours_on_1_may_earn_an_indemnity_equal_to_their_pay():
    """08:00–12:00 on 1 May: work 4 × 12.20 = 48.80, and the indemnity 48.80 again (not the agreement's 50 %)."""
    bill = _bill([span("e", "m", "2026-05-01", "08:00", "12:00")])
    assert share_cents(bill, "e", "work", "m") == 4880
    assert share_cents(bill, "e", "may_day", "m") == 4880
    assert share_cents(bill, "e", "holiday", "m") == 0


def test_other_public_holidays_keep_the_agreements_rate():
    """08:00–12:00 on Ascension: 4 × 12.20 × 50 % = 24.40, no 1 May indemnity."""
    bill = _bill([span("e", "m", "2026-05-14", "08:00", "12:00")])
    assert share_cents(bill, "e", "holiday", "m") == 2440
    assert share_cents(bill, "e", "may_day", "m") == 0


def test_travel_between_sites_to_a_1_may_shift_is_paid_double_too():
    """N 13:00–15:00 after 30 min of travel from M's site (work): 2 h 30 × 12.20 = 30.50 of indemnity at N."""
    bill = _bill(
        [
            span("e", "m", "2026-05-01", "08:00", "12:00"),
            span("e", "n", "2026-05-01", "13:00", "15:00", travel=30, origin="m-s"),
        ]
    )
    assert share_cents(bill, "e", "may_day", "n") == 3050


def test_a_forfait_day_on_1_may_earns_a_days_pay_more():
    """Forfait jours, day rate 40.00 × 7 h = 280.00: the indemnity is one day rate, 280.00."""
    bill = _bill([span("e", "m", "2026-05-01", "09:00", "17:00")], FORFAIT, "40.00")
    assert share_cents(bill, "e", "work", "m") == 28000
    assert share_cents(bill, "e", "may_day", "m") == 28000
