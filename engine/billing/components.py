"""Cost components: what one euro of payroll cost is for, with the French label the invoice shows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Component(StrEnum):
    WORK = "work"  # hours (or forfait days) worked on site, at the gross wage
    TRAVEL_TIME = "travel_time"  # travel between workplaces, paid as work
    COMPLEMENTARY_10 = "complementary_10"  # premium only: L3123-29, within the tenth
    COMPLEMENTARY_25 = "complementary_25"  # premium only: L3123-29, beyond the tenth
    OVERTIME_25 = "overtime_25"  # premium only: L3121-36, 36th to 43rd hour
    OVERTIME_50 = "overtime_50"  # premium only: L3121-36, from the 44th hour
    SUNDAY = "sunday"  # agreement premium
    NIGHT = "night"  # agreement premium
    HOLIDAY = "holiday"  # agreement premium (public holidays other than 1 May)
    MAY_DAY = "may_day"  # 1 May worked: an indemnity equal to the pay (L3133-6)
    DIFFERENTIAL = "differential"  # equal treatment with the host's staff, L1253-9
    IDLE = "idle"  # paid contract hours placed with nobody
    ABSENCE = "absence"  # paid absences (paid leave taken, training…)
    PAID_LEAVE = "paid_leave"  # paid-leave provision (règle du dixième, L3141-24)
    CONTRIBUTIONS = "contributions"  # employer social contributions
    MILEAGE = "mileage"  # mileage allowance (barème kilométrique)
    EXPENSES = "expenses"  # professional expenses reimbursed (loans of staff)
    LOAN_REDUCTION = "loan_reduction"  # a loan billed below cost: the reduction the lender grants (L8241-3)


GROSS_COMPONENTS = frozenset(
    {
        Component.WORK,
        Component.TRAVEL_TIME,
        Component.COMPLEMENTARY_10,
        Component.COMPLEMENTARY_25,
        Component.OVERTIME_25,
        Component.OVERTIME_50,
        Component.SUNDAY,
        Component.NIGHT,
        Component.HOLIDAY,
        Component.MAY_DAY,
        Component.DIFFERENTIAL,
        Component.IDLE,
        Component.ABSENCE,
    }
)
"""Components that are gross pay: the base of the paid-leave provision and of employer contributions."""

ORDER = list(Component)


@dataclass(frozen=True)
class Label:
    text: str  # French, as printed on invoices and exports
    unit: str  # h, j, km, or € (a rate on a base in euros)


LABELS: dict[Component, Label] = {
    Component.WORK: Label("Heures travaillées", "h"),
    Component.TRAVEL_TIME: Label("Temps de trajet entre sites (temps de travail effectif)", "h"),
    Component.COMPLEMENTARY_10: Label("Majoration heures complémentaires 10 % (L3123-29)", "h"),
    Component.COMPLEMENTARY_25: Label("Majoration heures complémentaires 25 % (L3123-29)", "h"),
    Component.OVERTIME_25: Label("Majoration heures supplémentaires 25 % (L3121-36)", "h"),
    Component.OVERTIME_50: Label("Majoration heures supplémentaires 50 % (L3121-36)", "h"),
    Component.SUNDAY: Label("Majoration dimanche (convention collective)", "h"),
    Component.NIGHT: Label("Majoration travail de nuit (convention collective)", "h"),
    Component.HOLIDAY: Label("Majoration jour férié (convention collective)", "h"),
    Component.MAY_DAY: Label("Indemnité du 1er mai travaillé (L3133-6)", "h"),
    Component.DIFFERENTIAL: Label("Différentiel d'égalité de traitement (L1253-9)", "h"),
    Component.IDLE: Label("Heures rémunérées non placées", "h"),
    Component.ABSENCE: Label("Absences rémunérées", "h"),
    Component.PAID_LEAVE: Label("Provision congés payés", "€"),
    Component.CONTRIBUTIONS: Label("Cotisations patronales", "€"),
    Component.MILEAGE: Label("Indemnités kilométriques", "km"),
    Component.EXPENSES: Label("Frais professionnels remboursés", "j"),
    Component.LOAN_REDUCTION: Label(
        "Réduction accordée par le prêteur (prêt sous le coût, art. L8241-3)", "€"
    ),
}


def unit_of(component: Component, forfait_jours: bool) -> str:
    """The display unit: forfait-jours work, 1 May, idle and absence are counted in days."""
    if forfait_jours and component in (Component.WORK, Component.MAY_DAY, Component.IDLE, Component.ABSENCE):
        return "j"
    return LABELS[component].unit


HOUR = Decimal(60)
