"""Printed lines add up: on every invoice, quantity × unit price, as printed, rounded once = the line amount.

Each amount is rounded once from exact values (hours are exact minutes, printed as hours and minutes);
invoice totals are the sums of their lines; the members' shares and the employer's rounding difference
add up to each employee's payroll cost to the cent.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.billing.documents import Document, Line
from engine.billing.issuing import MemoryDocumentStore, MemoryNumberSequence, credit_note, issue_all
from engine.billing.money import to_cents
from engine.billing.render import price_text, quantity_text, render_html
from engine.billing.run import bill_month
from tests.billing.factory import employee, invoice_for, member, scenario, span

PART = {"kind": "cdd", "start": "2026-01-01", "end": "2026-12-31", "weekly_hours": 24}
FULL = {"kind": "cdi_full_time", "start": "2025-01-01", "weekly_hours": 35}
FORFAIT = {"kind": "forfait_jours", "start": "2025-01-01", "annual_days": 218}


def printed_quantity(text: str) -> Fraction:
    """Read back a printed quantity: `40 h 20 min`, `1 234,56 €`, `12,5 km`, `3 j`, `1`."""
    text = text.replace("\u00a0", " ").replace("\u202f", "")
    hours = re.fullmatch(r"(-?)(\d+) h(?: (\d\d) min)?", text)
    if hours:
        sign = -1 if hours.group(1) else 1
        return sign * (Fraction(hours.group(2)) + Fraction(hours.group(3) or 0) / 60)
    number = re.fullmatch(r"(-?[\d,]+)(?: (?:€|km|j))?", text)
    assert number, f"unreadable quantity {text!r}"
    return Fraction(number.group(1).replace(",", "."))


def printed_price(text: str) -> Decimal:
    """Read back a printed unit price: `13,37 €/h`, `10 %`, `-40 %`, `300,00 €`."""
    text = text.replace("\u00a0", " ")
    percent = re.fullmatch(r"(-?[\d,]+) %", text)
    if percent:
        return Decimal(percent.group(1).replace(",", ".")) / 100
    price = re.fullmatch(r"(-?[\d,]+) €(?:/(?:h|j|km))?", text)
    assert price, f"unreadable unit price {text!r}"
    return Decimal(price.group(1).replace(",", "."))


def assert_line_adds_up(line: Line) -> None:
    quantity, price = printed_quantity(quantity_text(line)), Fraction(printed_price(price_text(line)))
    assert to_cents(quantity * price) == line.amount_cents, (line.description, quantity, price)


def assert_document_adds_up(doc: Document) -> None:
    for line in doc.lines:
        assert_line_adds_up(line)
    assert doc.total_ht_cents == sum(line.amount_cents for line in doc.lines)
    assert doc.total_ttc_cents == doc.total_ht_cents + sum(vat for _, _, vat in doc.vat_breakdown())


def test_40_h_20_at_13_37_is_printed_as_539_26():
    """40 h 20 min × 13.37 = 539.2566… → 539.26; printed "40 h 20 min" (exact), not "40,33 h" (539.21)."""
    sc = scenario([member("m")], [employee("e", FULL, "13.37")])
    days = [span("e", "m", f"2026-03-0{d}", "08:00", "16:04") for d in range(2, 7)]  # 5 × 8 h 04 = 40 h 20
    doc = invoice_for(bill_month(sc, "2026-03", days), "m")
    work = next(line for line in doc.lines if line.component == "work")
    assert (quantity_text(work), price_text(work), work.amount_cents) == (
        "40\u00a0h 20\u00a0min",
        "13,37\u00a0€/h",
        53926,
    )
    assert "40\u00a0h 20\u00a0min" in render_html(doc)
    assert_line_adds_up(work)


def test_a_per_hour_fee_is_computed_on_the_exact_hours():
    """8 h 10 min × €3.00 = 24.50 exactly (8,17 h × 3.00 would give 24.51)."""
    profile = {"id": "fee", "default": {"mode": "cost_plus_fee", "fee_per_hour": "3.00"}}
    sc = scenario(
        [member("m", pricing_profile="fee")],
        [employee("e", FULL, "13.37")],
        group={"pricing_profiles": [profile]},
    )
    doc = invoice_for(bill_month(sc, "2026-03", [span("e", "m", "2026-03-02", "08:00", "16:10")]), "m")
    fee = next(line for line in doc.lines if line.description.endswith("Frais de gestion à l'heure"))
    assert (fee.minutes, fee.amount_cents) == (490, 2450)
    assert_line_adds_up(fee)


def test_rates_on_gross_print_their_base_and_rate():
    """4 × 8 h 04 = 32 h 16 min × 13.37 = 431.4053… → 431.41 of gross; paid-leave provision 10 % of it =
    43.141 → 43.14, printed 431,41 € × 10 %; contributions 45 % of 474.55 = 213.5475 → 213.55."""
    sc = scenario([member("m")], [employee("e", FULL, "13.37", employer_contribution_rate="0.45")])
    days = [span("e", "m", f"2026-03-0{d}", "08:00", "16:04") for d in range(2, 6)]
    doc = invoice_for(bill_month(sc, "2026-03", days), "m")
    printed = {
        line.component: (quantity_text(line), price_text(line), line.amount_cents) for line in doc.lines
    }
    assert printed["paid_leave"] == ("431,41\u00a0€", "10\u00a0%", 4314)
    assert printed["contributions"] == ("474,55\u00a0€", "45\u00a0%", 21355)


# --- the property, over random months, policies and pricing ------------------------------------------------

PROFILES = [
    {"id": "cost", "default": {"mode": "at_cost"}},
    {"id": "coef", "default": {"mode": "coefficient", "coefficient": "1.875"}},
    {"id": "fee", "default": {"mode": "cost_plus_fee", "fee_percent": "0.075", "fee_per_hour": "0.35"}},
]


@st.composite
def months(draw):  # type: ignore[no-untyped-def]
    n_members = draw(st.integers(1, 3))
    members = [
        member(
            m,
            pricing_profile=draw(st.sampled_from(["cost", "coef", "fee"])),
            comparable_wages=draw(st.sampled_from([{}, {"compta": Decimal("15.13")}])),
        )
        for m in "abc"[:n_members]
    ]
    contracts = draw(st.lists(st.sampled_from([PART, FULL, FORFAIT]), min_size=1, max_size=2))
    employees = [
        employee(
            f"e{i}",
            contract,
            str(draw(st.decimals("12.02", "31.99", places=2))),
            employer_contribution_rate=str(draw(st.decimals("0.20", "0.48", places=4))),
            vehicle={"kind": "car", "fiscal_hp": 5, "yearly_km": draw(st.integers(1000, 30000))},
        )
        for i, contract in enumerate(contracts)
    ]
    billing = {
        "premium_payer": draw(st.sampled_from(["threshold_member", "pro_rata"])),
        "travel_payer": draw(st.sampled_from(["destination", "split"])),
        "idle_bearer": draw(st.sampled_from(["group", "members_pro_rata"])),
        "paid_leave_rate": str(draw(st.sampled_from(["0.10", "0.1015"]))),
    }
    rules = {
        "night_premium_rate": str(draw(st.sampled_from(["0", "0.15"]))),
        "sunday_premium_rate": str(draw(st.sampled_from(["0", "0.3333"]))),
    }
    sc = scenario(
        members,
        employees,
        group={"billing": billing, "rules": rules, "pricing_profiles": PROFILES},
    )
    spans = []
    for i in range(len(employees)):
        days = draw(st.lists(st.integers(1, 31), min_size=1, max_size=12, unique=True))
        for day in sorted(days):
            mem = draw(st.sampled_from(members))["id"]
            start = draw(st.integers(6 * 60, 21 * 60))
            length = draw(st.integers(17, 10 * 60))
            end = start + length
            spans.append(
                span(
                    f"e{i}",
                    mem,
                    f"2026-05-{day:02d}",
                    f"{start // 60:02d}:{start % 60:02d}",
                    f"{end // 60 % 24:02d}:{end % 60:02d}",
                    travel=draw(st.sampled_from([0, 0, 17, 25])),
                    km=str(draw(st.decimals("0", "40", places=1))),
                    origin=draw(st.sampled_from([None, "a-s", "b-s", f"home:e{i}"])),
                )
            )
    return sc, spans


def _no_overlap(spans):  # type: ignore[no-untyped-def]
    by_emp = {}
    for s in sorted(spans, key=lambda s: s.start):
        last = by_emp.get(s.employee)
        if last is None or s.start >= last.end:
            by_emp[s.employee] = s
            yield s


@settings(
    max_examples=int(os.environ.get("GE_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(month=months())
def test_every_printed_line_adds_up_and_every_split_sums_to_the_cost(month):  # type: ignore[no-untyped-def]
    sc, spans = month
    bill = bill_month(sc, "2026-05", list(_no_overlap(spans)))
    assert bill.reconciliation.ok, bill.reconciliation.failures
    for cost in bill.costs:
        assert sum(s.cents for s in cost.shares) == cost.total_cents
    store = MemoryDocumentStore()
    issued = issue_all(bill.documents, MemoryNumberSequence(), store, dt.date(2026, 6, 1))
    for doc in issued:
        assert_document_adds_up(doc)
    note = credit_note(
        issued[0], "erreur de saisie", MemoryNumberSequence(), store, dt.date(2026, 6, 2), "AV"
    )
    assert_document_adds_up(note)
