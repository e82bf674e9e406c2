"""Money helpers: euros as `Decimal`, cents as `int`, and the one split used everywhere.

Rounding policy (docs/billing.md): every cost is computed exactly (`Decimal`/`Fraction`) per employee, month
and cost component, and rounded ONCE to the cent (half up) by `to_cents`. From then on only integer cents
move: splits between members use `allocate`, which never loses nor creates a cent.

`allocate` is the largest-remainder method (Fowler's Money.allocate, django-hordak's ratio_split): each part
gets the floor of its exact share; the cents left over go one by one to the parts with the largest
remainders, ties broken by position (the earlier part first), so the result is deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
_ONE = Decimal(1)

Weight = int | Decimal | Fraction


def to_cents(amount: Decimal | Fraction | int) -> int:
    """Round an exact euro amount to integer cents, half up (the single rounding place)."""
    if type(amount) is not Decimal:  # `isinstance(x, Fraction)` goes through ABCMeta: slow on a hot path
        if isinstance(amount, Fraction):
            amount = Decimal(amount.numerator) / Decimal(amount.denominator)
        amount = Decimal(amount)
    return int((amount * 100).quantize(_ONE, rounding=ROUND_HALF_UP))


def euros(cents: int) -> Decimal:
    """Integer cents → euros with two decimals."""
    return (Decimal(cents) / 100).quantize(CENT)


def allocate(total_cents: int, weights: Sequence[Weight]) -> list[int]:
    """Split `total_cents` in proportion to `weights`; the parts sum exactly to the total.

    Largest remainder, ties to the earlier position. Weights are non-negative; a part with weight 0 gets
    0 unless every weight is 0, in which case the whole total goes to the first part (so nothing is lost;
    callers that can meet all-zero weights decide beforehand who bears the amount). A negative total is
    split as the negation of the split of its absolute value, so credits mirror debits.
    """
    if not weights:
        if total_cents:
            raise ValueError("cannot allocate a non-zero amount over no parts")
        return []
    if total_cents < 0:
        return [-p for p in allocate(-total_cents, weights)]
    ints = _as_integers(weights)
    if min(ints) < 0:
        raise ValueError("allocation weights must not be negative")
    total_weight = sum(ints)
    if total_weight == 0:
        return [total_cents] + [0] * (len(ints) - 1)
    # Exact shares total × w / W as integer quotients and remainders (no float, no Fraction in the loop).
    parts = [total_cents * w // total_weight for w in ints]
    left = total_cents - sum(parts)
    if left:
        remainders = [total_cents * w % total_weight for w in ints]
        order = sorted(range(len(ints)), key=lambda i: (-remainders[i], i))
        for i in order[:left]:
            parts[i] += 1
    return parts


def _as_integers(weights: Sequence[Weight]) -> Sequence[int]:
    """Proportional integer weights: ints as they are; Decimals and Fractions over a common denominator."""
    if all(type(w) is int for w in weights):
        return weights  # type: ignore[return-value]
    fractions = [Fraction(w) for w in weights]
    denominator = math.lcm(*(f.denominator for f in fractions))
    return [int(f * denominator) for f in fractions]


def fr_amount(cents: int, currency: bool = True) -> str:
    """French display of an amount: `1 234,56 €` (narrow no-break space as thousands separator)."""
    sign = "-" if cents < 0 else ""
    whole, cent = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", "\u202f")
    text = f"{sign}{grouped},{cent:02d}"
    return f"{text}\u00a0€" if currency else text


def fr_decimal(value: Decimal, places: int = 2) -> str:
    """A quantity or rate in French notation (`12,5`), without thousands separators."""
    q = Decimal(1).scaleb(-places)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if places > 2 else text
    return text.replace(".", ",")


def fr_exact(value: Decimal, min_places: int = 2) -> str:
    """An exact decimal in French notation, every significant digit kept (`13,37`, `3,3425`, `0,5`
    with `min_places=0`): what an invoice prints where the reader must be able to redo the product."""
    text = f"{value.normalize():f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0").ljust(min_places, "0")
    return f"{whole},{decimals}" if decimals else whole
