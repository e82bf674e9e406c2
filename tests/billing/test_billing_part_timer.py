"""Hand-worked case: a part-timer at three members, with complementary hours and travel between sites."""

from __future__ import annotations

from engine.billing.run import bill_month
from tests.billing.factory import employee, invoice_for, member, scenario, share_cents, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 24}


def _bill():  # type: ignore[no-untyped-def]
    sc = scenario(
        [member("a"), member("b"), member("c")],
        [
            employee(
                "p",
                CONTRACT,
                "15.00",
                employer_contribution_rate="0.40",
                vehicle={"kind": "car", "fiscal_hp": 5, "yearly_km": 4000},
            )
        ],
    )
    spans = [
        span("p", "a", "2026-03-02", "08:00", "12:00"),
        span("p", "b", "2026-03-02", "13:00", "17:00", travel=30, km="20", origin="a-s"),
        span("p", "a", "2026-03-03", "08:00", "16:00"),
        span("p", "c", "2026-03-04", "08:00", "14:00", travel=25, km="18", origin="home:p"),
        span("p", "b", "2026-03-05", "08:00", "12:00"),
        span("p", "c", "2026-03-05", "13:00", "15:30", travel=30, km="25", origin="b-s"),
    ]
    return bill_month(sc, "2026-03", spans)


def test_complementary_minutes_go_to_the_spans_that_cross_the_contract():
    """Week of 2 March: 28.5 h on site + 1 h travel between sites (home travel does not count) = 29.5 h paid.

    Contract 24 h; tenth = 2.4 h (L3123-28). In time order: Mon A 4 h (4), Mon B 0.5+4 (8.5), Tue A 8 (16.5),
    Wed C 6 (22.5), Thu B 4 h: 1.5 normal, 2.4 at +10 %, 0.1 h (6 min) at +25 %; Thu C 0.5+2.5 = 3 h at +25 %.
    """
    hours = _bill().hours["p"]
    assert hours.total("comp_low") == 144
    assert hours.total("comp_high") == 186
    by_member = {}
    for s in hours.spans:
        by_member.setdefault(s.member, [0, 0])
        by_member[s.member][0] += s.comp_low
        by_member[s.member][1] += s.comp_high
    assert by_member == {"a": [0, 0], "b": [144, 6], "c": [0, 180]}


def test_gross_pay_premiums_and_travel_are_split_to_the_cent():
    """Wage €15.00/h.

    Work: A 12 h = 180.00; B 8 h = 120.00; C 8.5 h = 127.50. Travel time: B 0.5 h = 7.50; C 0.5 h = 7.50.
    +10 %: 2.4 h × 15 × 0.10 = 3.60 (B). +25 %: 3.1 h × 15 × 0.25 = 11.625 → 11.63 (rounded once), split 6:180
    minutes: B 37.516 → 38 cents, C 1125.484 → 1125 cents (largest remainder gives the last cent to B).
    """
    bill = _bill()
    assert share_cents(bill, "p", "work", "a") == 18000
    assert share_cents(bill, "p", "work", "b") == 12000
    assert share_cents(bill, "p", "work", "c") == 12750
    assert share_cents(bill, "p", "travel_time", "b") == 750
    assert share_cents(bill, "p", "travel_time", "c") == 750
    assert share_cents(bill, "p", "complementary_10", "b") == 360
    assert share_cents(bill, "p", "complementary_25", "b") == 38
    assert share_cents(bill, "p", "complementary_25", "c") == 1125


def test_leave_contributions_and_mileage_per_member():
    """Gross 457.73 (A 180.00, B 131.48, C 146.25). Leave 10 % on each member's gross, rounded once:
    A 18.00, B 13.148 → 13.15, C 14.625 → 14.63; the payroll's provision is 45.773 → 45.77, so the group bears
    the -0.01 between them. Contributions 40 % × (gross + leave): A 198.00 → 79.20, B 144.63 → 57.852 → 57.85,
    C 160.88 → 64.352 → 64.35 (payroll 40 % × 503.50 = 201.40, no difference).
    Mileage 5 CV, 4,000 km/year: €0.636/km; 20 km to B, 25 km to C (the 18 km from home are not work) =
    45 km × 0.636 = 28.62: B 12.72, C 15.90.
    """
    bill = _bill()
    assert [share_cents(bill, "p", "paid_leave", m) for m in "abc"] == [1800, 1315, 1463]
    assert share_cents(bill, "p", "paid_leave", "ge") == -1
    assert [share_cents(bill, "p", "contributions", m) for m in "abc"] == [7920, 5785, 6435]
    assert [share_cents(bill, "p", "mileage", m) for m in "abc"] == [0, 1272, 1590]


def test_invoices_at_cost_add_up_to_the_payroll_cost():
    """A 180.00 + 18.00 + 79.20 = 277.20; B 131.48 + 13.15 + 57.85 + 12.72 = 215.20;
    C 146.25 + 14.63 + 64.35 + 15.90 = 241.13; billed 733.53 = payroll cost 733.52 + the group's -0.01 of
    rounding. VAT 20 %: 55.44, 43.04, 48.226 → 48.23."""
    bill = _bill()
    totals = {m: (invoice_for(bill, m).total_ht_cents, invoice_for(bill, m).total_vat_cents) for m in "abc"}
    assert totals == {"a": (27720, 5544), "b": (21520, 4304), "c": (24113, 4823)}
    rec = bill.reconciliation
    assert (rec.payroll_cents, rec.billed_cents, rec.rounding_cents) == (73352, 73353, -1)
    assert rec.ok
