"""The one split: largest remainder with a fixed tie-break (engine.billing.money.allocate)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from engine.billing.money import allocate, to_cents

weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30)


@given(st.integers(min_value=0, max_value=10**10), weights)
def test_split_sums_exactly_and_is_never_negative(total, ws):
    parts = allocate(total, ws)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


@given(st.integers(min_value=0, max_value=10**8), weights)
def test_each_part_is_within_one_cent_of_its_exact_share(total, ws):
    parts = allocate(total, ws)
    if sum(ws):
        for part, w in zip(parts, ws, strict=True):
            assert abs(part - Fraction(total * w, sum(ws))) < 1


@given(st.integers(min_value=-(10**8), max_value=10**8), weights)
def test_negative_totals_mirror_positive_ones(total, ws):
    assert allocate(total, ws) == [-p for p in allocate(-total, ws)]


def test_ties_go_to_the_earlier_part():
    assert allocate(1, [1, 1]) == [1, 0]
    assert allocate(2, [1, 1, 1]) == [1, 1, 0]


def test_zero_weights_give_nothing_unless_all_are_zero():
    assert allocate(10, [0, 3, 0]) == [0, 10, 0]
    assert allocate(10, [0, 0]) == [10, 0]


def test_rounding_to_cents_is_half_up():
    from decimal import Decimal

    assert to_cents(Decimal("11.625")) == 1163
    assert to_cents(Decimal("-11.625")) == -1163
    assert to_cents(Fraction(1, 3)) == 33
