"""engine.hours: weeks settled where they end, time-of-day premiums, idle hours and who bears them."""

from __future__ import annotations

import datetime as dt

from engine.billing.run import bill_month
from engine.hours import settle_month, settled_weeks
from tests.billing.factory import employee, member, scenario, share_cents, span

FULL = {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}


def test_a_straddling_week_is_settled_in_the_month_it_ends():
    """April 2026 starts on a Wednesday: the week of 30 March ends on 5 April, so April settles it;
    the week of 27 April ends on 3 May and goes to May."""
    weeks = settled_weeks("2026-04")
    assert weeks[0] == dt.date(2026, 3, 30)
    assert weeks[-1] == dt.date(2026, 4, 20)


def test_previous_month_spans_count_toward_the_straddling_weeks_overtime():
    """Mon 30 and Tue 31 March 10 h each (previous month), Wed–Fri 1–3 April 9 h each: 47 h in the week,
    so 8 h at +25 % and 4 h at +50 %, all falling in April's days."""
    sc = scenario([member("m")], [employee("e", FULL, "14.00")])
    march = [span("e", "m", d, "07:00", "17:00") for d in ("2026-03-30", "2026-03-31")]
    april = [span("e", "m", d, "08:00", "17:00") for d in ("2026-04-01", "2026-04-02", "2026-04-03")]
    hours = settle_month(sc, "2026-04", april, march)["e"]
    assert hours.weeks[0].worked_minutes == 47 * 60
    assert (hours.total("ot_low"), hours.total("ot_high")) == (8 * 60, 4 * 60)


def test_sunday_night_and_holiday_minutes_at_the_agreements_rates():
    """Sunday 3 May 2026 22:00 → Mon 4 May 03:00: 5 h, all night (21:00–06:00), 2 h on the Sunday.
    Thursday 14 May (Ascension) 08:00–12:00: 4 h. Rates 20 % Sunday, 25 % night, 100 % holiday, wage 12.20:
    Sunday 2 × 2.44 = 4.88; night 5 × 3.05 = 15.25; holiday 4 × 12.20 = 48.80."""
    rules = {"sunday_premium_rate": "0.20", "night_premium_rate": "0.25", "holiday_premium_rate": "1.00"}
    sc = scenario([member("m")], [employee("e", FULL, "12.20")], group={"rules": rules})
    bill = bill_month(
        sc,
        "2026-05",
        [span("e", "m", "2026-05-03", "22:00", "03:00"), span("e", "m", "2026-05-14", "08:00", "12:00")],
    )
    assert share_cents(bill, "e", "sunday", "m") == 488
    assert share_cents(bill, "e", "night", "m") == 1525
    assert share_cents(bill, "e", "holiday", "m") == 4880


def test_no_time_premium_without_an_agreement_rate():
    sc = scenario([member("m")], [employee("e", FULL, "12.20")])
    bill = bill_month(sc, "2026-05", [span("e", "m", "2026-05-03", "22:00", "03:00")])
    assert not [s for s in bill.shares if s.component in ("sunday", "night", "holiday")]


def test_idle_hours_are_borne_by_the_group_by_default():
    """Part-time 20 h, week of 2 March: 8 h worked, 12 h idle × 12.50 = 150.00 borne by the group."""
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 20}
    sc = scenario([member("m")], [employee("e", contract, "12.50")])
    bill = bill_month(sc, "2026-03", [span("e", "m", "2026-03-02", "08:00", "16:00")])
    assert share_cents(bill, "e", "idle", "ge") == 15000
    assert bill.reconciliation.borne_by_group_cents > 0 and bill.reconciliation.ok


def test_idle_hours_spread_over_members_pro_rata_to_use():
    """Same week, 6 h at M and 2 h at N: idle 150.00 → M 112.50, N 37.50."""
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 20}
    sc = scenario(
        [member("m"), member("n")],
        [employee("e", contract, "12.50")],
        group={"billing": {"idle_bearer": "members_pro_rata"}},
    )
    bill = bill_month(
        sc,
        "2026-03",
        [span("e", "m", "2026-03-02", "08:00", "14:00"), span("e", "n", "2026-03-03", "08:00", "10:00")],
    )
    assert (share_cents(bill, "e", "idle", "m"), share_cents(bill, "e", "idle", "n")) == (11250, 3750)
    assert bill.reconciliation.borne_by_group_cents == 0


def test_equal_treatment_differential_billed_to_the_better_paying_member():
    """Comparable wage 16.50 at M for 'compta', employee 15.20: 4 h × 1.30 = 5.20 at M only."""
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 8}
    sc = scenario(
        [member("m", comparable_wages={"compta": "16.50"}), member("n")], [employee("e", contract, "15.20")]
    )
    bill = bill_month(
        sc,
        "2026-03",
        [
            span("e", "m", "2026-03-02", "08:00", "12:00", skill="compta"),
            span("e", "n", "2026-03-03", "08:00", "12:00", skill="compta"),
        ],
    )
    assert share_cents(bill, "e", "differential", "m") == 520
    assert share_cents(bill, "e", "differential", "n") == 0


def test_travel_split_policy_shares_travel_with_the_origin_member():
    """30 min travel from M's site to N's at 14.00/h = 7.00 → M 3.50, N 3.50; 20 km × 0.636 = 12.72 → 6.36 each."""
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 10}
    sc = scenario(
        [member("m"), member("n")],
        [employee("e", contract, "14.00")],
        group={"billing": {"travel_payer": "split"}},
    )
    bill = bill_month(
        sc,
        "2026-03",
        [
            span("e", "m", "2026-03-02", "08:00", "12:00"),
            span("e", "n", "2026-03-02", "13:00", "17:00", travel=30, km="20", origin="m-s"),
        ],
    )
    assert (share_cents(bill, "e", "travel_time", "m"), share_cents(bill, "e", "travel_time", "n")) == (
        350,
        350,
    )
    assert (share_cents(bill, "e", "mileage", "m"), share_cents(bill, "e", "mileage", "n")) == (636, 636)


def test_annualised_hours_beyond_the_annual_threshold_are_overtime():
    """Annualised 1,607 h with 1,600 h already worked this year: a 10 h day → 7 h normal, 3 h at +25 %."""
    contract = {"kind": "cdi_full_time", "start": "2025-01-01", "annualised": True, "annual_hours": 1607}
    sc = scenario([member("m")], [employee("e", contract, "14.00")])
    hours = settle_month(
        sc,
        "2026-11",
        [span("e", "m", "2026-11-03", "07:00", "17:00")],
        (),
        ytd_minutes_before={"e": 1600 * 60},
    )["e"]
    assert (hours.total("normal"), hours.total("ot_low")) == (7 * 60, 3 * 60)


def test_equal_treatment_differential_is_rounded_once_on_the_exact_total():
    """Gap 0.50 €/h over 3h10 + 3h10 + 3h25 = 9.75 h: exactly 4.875 €, 4.88 € half up (summing the three
    spans' 28-digit quotients first gave 4.874999… and 4.87 €)."""
    contract = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 10}
    sc = scenario([member("m", comparable_wages={"compta": "15.70"})], [employee("e", contract, "15.20")])
    spans = [
        span("e", "m", "2026-03-02", "08:00", "11:10", skill="compta"),
        span("e", "m", "2026-03-03", "08:00", "11:10", skill="compta"),
        span("e", "m", "2026-03-04", "08:00", "11:25", skill="compta"),
    ]
    assert share_cents(bill_month(sc, "2026-03", spans), "e", "differential", "m") == 488
