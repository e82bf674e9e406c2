"""Text summary of a plan for the terminal (coverage, unfilled with reasons, cost by term, solver facts).

Shared by `ge solve` and `ge replan`; rendering with rich happens in the commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.model import Plan


@dataclass(frozen=True)
class Coverage:
    heads: int
    filled: int

    @property
    def ratio(self) -> Decimal:
        if self.heads == 0:
            return Decimal("1")
        return (Decimal(self.filled) / self.heads).quantize(Decimal("0.0001"))


def coverage(plan: Plan) -> Coverage:
    """Heads demanded and filled (loan days on a days-per-week loan count when worked)."""
    missing = sum(u.missing for u in plan.unfilled)
    filled = len(plan.assignments)
    return Coverage(filled + missing, filled)


def total_cost(plan: Plan) -> Decimal:
    return sum(plan.cost_terms.values(), Decimal("0"))


def euros(amount: Decimal) -> str:
    return f"{amount:,.2f} €".replace(",", " ")
