"""Hours belong to the calendar month; only what is computed per week is settled where the week ends.

October 2026 runs from Thursday 1st to Saturday 31st: the week of Monday 28 September ends on Sunday
4 October (its overtime is settled in October), the week of Monday 26 October ends on Sunday 1 November
(its overtime is settled in November). Full-timer (35 h, L3121-27), wage 14.00, overtime +25 % (L3121-36).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine.billing.exports import payroll_variables
from engine.billing.render import render_html
from engine.billing.run import bill_month
from tests.billing.factory import employee, invoice_for, member, scenario, share_cents, span

FULL = {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}


def _sc():  # type: ignore[no-untyped-def]
    return scenario([member("m"), member("n")], [employee("e", FULL, "14.00")])


def _days(mem: str, *days: str) -> list:  # type: ignore[type-arg]
    return [span("e", mem, d, "08:00", "16:00") for d in days]


SEPTEMBER = _days("m", "2026-09-28", "2026-09-29", "2026-09-30")
EARLY_OCTOBER = _days("m", "2026-10-01") + _days("n", "2026-10-02")
LATE_OCTOBER = _days("m", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30")


def test_the_october_invoice_covers_the_1st_to_the_31st_of_october():
    bill = bill_month(_sc(), "2026-10", EARLY_OCTOBER, SEPTEMBER)
    doc = invoice_for(bill, "m")
    assert (doc.service_start, doc.service_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert "Période de la prestation : du 1er au 31 octobre 2026" in render_html(doc)


def test_hours_of_the_previous_month_are_not_billed_again():
    """October bills 8 h at M (1 October) = 112.00, not the 24 h M worked on 28–30 September."""
    bill = bill_month(_sc(), "2026-10", EARLY_OCTOBER, SEPTEMBER)
    assert share_cents(bill, "e", "work", "m") == 11200
    assert share_cents(bill, "e", "work", "n") == 11200


def test_the_overtime_of_a_straddling_week_is_settled_in_the_month_it_ends():
    """Week of 28 September: 24 h in September + 16 h in October = 40 h, 5 h at +25 % settled in October,
    to N, whose Friday 2 October crossed 35 h: 5 × 14.00 × 25 % = 17.50."""
    bill = bill_month(_sc(), "2026-10", EARLY_OCTOBER, SEPTEMBER)
    assert share_cents(bill, "e", "overtime_25", "n") == 1750
    assert share_cents(bill, "e", "overtime_25", "m") == 0


def test_september_bills_its_own_days_of_that_week_without_its_overtime():
    """September bills 28–30 September at base pay (24 h × 14.00 = 336.00); the week's overtime is
    October's."""
    bill = bill_month(_sc(), "2026-09", SEPTEMBER)
    assert share_cents(bill, "e", "work", "m") == 33600
    assert not [s for s in bill.shares if s.component == "overtime_25"]


def test_the_last_days_are_billed_in_october_and_their_weeks_overtime_in_november():
    """26–30 October, 40 h at M: October bills 40 h × 14.00 = 560.00 and no overtime; November settles the
    week ending on 1 November: 5 h × 3.50 = 17.50, and bills no work of those days again."""
    october = bill_month(_sc(), "2026-10", LATE_OCTOBER)
    assert share_cents(october, "e", "work", "m") == 56000
    assert not [s for s in october.shares if s.component == "overtime_25"]
    november = bill_month(_sc(), "2026-11", [], LATE_OCTOBER)
    assert share_cents(november, "e", "overtime_25", "m") == 1750
    assert share_cents(november, "e", "work", "m") == 0


def test_a_night_across_the_months_end_is_billed_in_each_month_for_its_hours():
    """Saturday 31 October 22:00 → Sunday 1 November 06:00: 2 h in October (28.00), 6 h in November (84.00)."""
    night = [span("e", "m", "2026-10-31", "22:00", "06:00")]
    assert share_cents(bill_month(_sc(), "2026-10", night), "e", "work", "m") == 2800
    assert share_cents(bill_month(_sc(), "2026-11", [], night), "e", "work", "m") == 8400


def test_payroll_variables_are_those_of_the_calendar_month():
    """October: 16 h on site (1–2 October), 5 h at +25 % (the week ending 4 October)."""
    sc = _sc()
    bill = bill_month(sc, "2026-10", EARLY_OCTOBER, SEPTEMBER)
    header, rows, _ = payroll_variables(bill, sc)
    row = dict(zip(header, rows[0], strict=True))
    assert row["Heures travaillées sur site"] == Decimal("16.00")
    assert row["Heures sup. 25 %"] == Decimal("5.00")


def test_the_invoice_says_in_one_sentence_which_weeks_premiums_it_settles():
    doc = invoice_for(bill_month(_sc(), "2026-10", EARLY_OCTOBER, SEPTEMBER), "m")
    sentence = next(n for n in doc.notes if n.startswith("Les heures facturées"))
    assert sentence == (
        "Les heures facturées sont celles travaillées du 1er au 31 octobre 2026 ; les majorations d'heures "
        "complémentaires et supplémentaires, calculées par semaine civile, sont réglées sur le mois où la "
        "semaine se termine, soit ici pour les semaines du lundi 28 septembre au dimanche 25 octobre 2026."
    )
