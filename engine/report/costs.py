"""What a month costs, apart from what the solver only counts: the two figures of the plan page's headline.

Why apart: the solver's objective adds money (wages of idle hours, premiums, travel) to penalties that steer
it (a need left unfilled, a change of person, a wish not met, an unfair spread). The penalties are nobody's
expense; shown as one "cost" they would make a manager believe the month costs thousands of euros more
than it does. So the page's cost of the month is the payroll cost as billing computes it
(`engine.billing.bill_plan`: wages of the hours worked and of idle contract hours, premiums, travel, paid
leave, employer contributions), and the penalties are listed on their own, in euros of the model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from engine.billing.components import LABELS, Component
from engine.errors import DomainError
from engine.model import Plan, Scenario

COMPONENT_GROUPS: tuple[tuple[str, tuple[Component, ...]], ...] = (
    (
        "Salaires, congés payés et cotisations",
        (
            Component.WORK,
            Component.IDLE,
            Component.ABSENCE,
            Component.DIFFERENTIAL,
            Component.PAID_LEAVE,
            Component.CONTRIBUTIONS,
        ),
    ),
    (
        "Majorations",
        (
            Component.COMPLEMENTARY_10,
            Component.COMPLEMENTARY_25,
            Component.OVERTIME_25,
            Component.OVERTIME_50,
            Component.SUNDAY,
            Component.NIGHT,
            Component.HOLIDAY,
            Component.MAY_DAY,
        ),
    ),
    ("Trajets et frais", (Component.TRAVEL_TIME, Component.MILEAGE, Component.EXPENSES)),
    ("Réductions accordées par les prêteurs", (Component.LOAN_REDUCTION,)),
)
"""Every billing component in one group of the page's "what the month costs" (tests check the cover)."""

OTHER_GROUP = "Autres coûts"

ESTIMATE_TERMS = {
    "idle": "Heures payées non placées",
    "complementary_premium": "Majorations d'heures complémentaires",
    "overtime_premium": "Majorations d'heures supplémentaires",
    "travel_time": "Temps de trajet rémunéré",
    "mileage": "Indemnités kilométriques",
}
"""Objective terms that estimate money the group pays (also in the payroll cost above, computed exactly)."""

PENALTY_TERMS = {
    "unfilled": "Besoins non pourvus",
    "surplus": "Personnel en surnombre",
    "continuity": "Intervenant habituel remplacé",
    "preferred": "Intervenant préféré non retenu",
    "wishes": "Souhaits des salariés non satisfaits",
    "weekend_fairness": "Week-ends inégalement répartis",
    "travel_fairness": "Trajets inégalement répartis",
    "changes": "Changements par rapport au plan publié",
}
"""Objective terms that are penalties: they steer the solver and are paid by nobody."""


@dataclass(frozen=True)
class CostLine:
    label: str
    amount: Decimal  # euros


@dataclass(frozen=True)
class CostGroup:
    label: str
    lines: list[CostLine]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))


@dataclass(frozen=True)
class MonthCost:
    """The payroll cost of the month by group of components; `refused` when billing cannot price it."""

    groups: list[CostGroup] = field(default_factory=list)
    refused: str | None = None

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.groups), Decimal("0"))


def month_cost(scenario: Scenario, plan: Plan) -> MonthCost:
    """The month's payroll cost as billed (weeks and settlement as engine.billing does them)."""
    from engine.billing.run import bill_plan

    try:
        bill = bill_plan(scenario, plan, check_hours=False)  # the costs alone: no hours to confirm here
    except DomainError as exc:
        return MonthCost(refused=str(exc))
    cents: Counter[Component] = Counter()
    for cost in bill.costs:
        cents.update(cost.totals)
    groups = []
    placed: set[Component] = set()
    for label, components in COMPONENT_GROUPS:
        lines = [_line(c, cents[c]) for c in components if cents[c]]
        placed.update(components)
        if lines:
            groups.append(CostGroup(label, lines))
    others = [_line(c, n) for c, n in cents.items() if c not in placed and n]
    if others:
        groups.append(CostGroup(OTHER_GROUP, others))
    return MonthCost(groups)


def _line(component: Component, cents: int) -> CostLine:
    return CostLine(LABELS[component].text, Decimal(cents) / 100)


def objective_lines(plan: Plan) -> tuple[list[CostLine], list[CostLine]]:
    """The objective's non-zero terms as (estimated costs, penalties), labelled in French, largest first.

    A term the tables above do not know is counted as a penalty, labelled as such (never shown by its id).
    """
    estimates, penalties = [], []
    for key, amount in plan.cost_terms.items():
        if not amount:
            continue
        if key in ESTIMATE_TERMS:
            estimates.append(CostLine(ESTIMATE_TERMS[key], amount))
        else:
            penalties.append(CostLine(PENALTY_TERMS.get(key, "Autre pénalité du solveur"), amount))
    order = lambda line: (-line.amount, line.label)  # noqa: E731
    return sorted(estimates, key=order), sorted(penalties, key=order)
