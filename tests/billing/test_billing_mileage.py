"""The 2025 mileage scale (barème kilométrique) by fiscal power."""

from __future__ import annotations

from decimal import Decimal

from engine.billing.mileage import per_km_rate, yearly_allowance
from engine.model import Vehicle


def test_five_cv_first_band_is_0_636_per_km():
    assert per_km_rate(Vehicle(fiscal_hp=5, yearly_km=3000)) == Decimal("0.636")


def test_middle_band_rate_is_the_yearly_amount_over_the_distance():
    """4 CV, 10,000 km: 10,000 × 0.340 + 1,330 = 4,730 → 0.473 €/km."""
    assert per_km_rate(Vehicle(fiscal_hp=4, yearly_km=10000)) == Decimal("0.473")


def test_powers_are_clamped_to_3_and_7_cv():
    assert yearly_allowance(2, 1000) == Decimal("529.000")
    assert yearly_allowance(11, 30000) == Decimal("14100.000")


def test_electric_cars_get_20_percent_more():
    assert per_km_rate(Vehicle(kind="electric_car", fiscal_hp=5, yearly_km=3000)) == Decimal("0.7632")


def test_no_car_no_allowance():
    assert per_km_rate(Vehicle(kind="none")) == 0
