"""Mileage allowances from the French tax scale (barème kilométrique) for cars.

The 2025 scale is the 2023 scale carried over (domain.md; arrêté of 27 March 2023, reconducted for 2024 and
2025 income). For a yearly distance d (km) and a fiscal power (CV):

| Fiscal power | d ≤ 5,000 km | 5,001 to 20,000 km | d > 20,000 km |
|---|---|---|---|
| 3 CV and less | d × 0.529 | d × 0.316 + 1,065 | d × 0.370 |
| 4 CV | d × 0.606 | d × 0.340 + 1,330 | d × 0.407 |
| 5 CV | d × 0.636 | d × 0.357 + 1,395 | d × 0.427 |
| 6 CV | d × 0.665 | d × 0.374 + 1,457 | d × 0.447 |
| 7 CV and more | d × 0.697 | d × 0.394 + 1,515 | d × 0.470 |

Electric cars: +20 % on the amount. 5 CV is confirmed by domain.md; the other rows were checked against a
public copy of the 2025 scale [verify against the BOFiP before each tax year]. Groups with another scale
pass their own `MileageScale`.

The per-km rate of an employee is the scale's yearly amount for the expected yearly distance divided by
that distance (the average rate over the year), so a month's km are paid at a rate that, over the year,
adds up to the scale's amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from engine.model.employee import Vehicle, VehicleKind

ELECTRIC_UPLIFT = Decimal("0.20")
RATE_Q = Decimal("0.0001")


@dataclass(frozen=True)
class Band:
    up_to_km: int | None  # inclusive upper bound of yearly km; None: no bound
    per_km: Decimal
    fixed: Decimal = Decimal("0")


MileageScale = dict[int, tuple[Band, ...]]
"""Fiscal power (3 means 3 CV and less, 7 means 7 CV and more) → bands in increasing order."""


def _bands(low: str, mid: str, fixed: str, high: str) -> tuple[Band, ...]:
    return (
        Band(5000, Decimal(low)),
        Band(20000, Decimal(mid), Decimal(fixed)),
        Band(None, Decimal(high)),
    )


SCALE_2025: MileageScale = {
    3: _bands("0.529", "0.316", "1065", "0.370"),
    4: _bands("0.606", "0.340", "1330", "0.407"),
    5: _bands("0.636", "0.357", "1395", "0.427"),
    6: _bands("0.665", "0.374", "1457", "0.447"),
    7: _bands("0.697", "0.394", "1515", "0.470"),
}


def yearly_allowance(
    fiscal_hp: int, yearly_km: int, electric: bool = False, scale: MileageScale = SCALE_2025
) -> Decimal:
    """The scale's amount for a year's distance (exact, not rounded)."""
    power = min(max(fiscal_hp, min(scale)), max(scale))
    for band in scale[power]:
        if band.up_to_km is None or yearly_km <= band.up_to_km:
            amount = Decimal(yearly_km) * band.per_km + band.fixed
            return amount * (1 + ELECTRIC_UPLIFT) if electric else amount
    raise AssertionError("the last band has no upper bound")


def per_km_rate(vehicle: Vehicle, scale: MileageScale = SCALE_2025) -> Decimal:
    """Average €/km for the employee's car over its expected yearly distance; 0 without a car.

    With no expected distance (yearly_km 0) the first band's rate applies. The average is rounded to 4
    decimals (a hundredth of a cent a km, half up): it is the unit price printed on invoices, and amounts are
    computed from it.
    """
    if vehicle.kind is VehicleKind.NONE:
        return Decimal("0")
    electric = vehicle.kind is VehicleKind.ELECTRIC_CAR
    km = vehicle.yearly_km
    if km <= 0:
        return yearly_allowance(vehicle.fiscal_hp, 1, electric, scale).quantize(RATE_Q, ROUND_HALF_UP)
    return (yearly_allowance(vehicle.fiscal_hp, km, electric, scale) / Decimal(km)).quantize(
        RATE_Q, ROUND_HALF_UP
    )
