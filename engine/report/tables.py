"""assignments.csv and unfilled.csv for French Excel: `;` separators, decimal commas, UTF-8 with a BOM."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from engine.billing.money import fr_decimal
from engine.french import WEEKDAYS_FR
from engine.model import Assignment, Plan, Scenario, Unfilled
from engine.report.stats import hours
from engine.timeutil import minutes_between, to_utc, zone

ASSIGNMENT_COLUMNS = (
    "Date",
    "Jour",
    "Salarié",
    "Nom",
    "Adhérent",
    "Nom de l'adhérent",
    "Site",
    "Besoin",
    "Début",
    "Fin",
    "Heures",
    "Trajet avant (min)",
    "Trajet avant (km)",
    "Prêt",
    "Fixé",
)
UNFILLED_COLUMNS = (
    "Date",
    "Jour",
    "Adhérent",
    "Nom de l'adhérent",
    "Besoin",
    "Début",
    "Fin",
    "Manquants",
    "Heures manquantes",
    "Motif",
    "Code motif",
    "Articles",
)


def decimal_fr(value: Decimal) -> str:
    """`12.5` → `12,50` (French Excel reads it as a number)."""
    return fr_decimal(value, 2)


def write_rows(path: Path, columns: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> Path:
    """A CSV for French Excel: UTF-8 with a BOM, `;` separators, CRLF line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def write_assignments_csv(scenario: Scenario, plan: Plan, path: Path) -> Path:
    tz = zone(scenario.group.timezone)

    def row(a: Assignment) -> tuple[object, ...]:
        emp = scenario.employee_by_id.get(a.employee)
        member = scenario.member_by_id.get(a.member)
        return (
            a.date.strftime("%d/%m/%Y"),
            WEEKDAYS_FR[a.date.weekday()],
            a.employee,
            emp.name if emp else "",
            a.member,
            member.name if member else "",
            a.site,
            a.need,
            a.start.astimezone(tz).strftime("%H:%M"),
            a.end.astimezone(tz).strftime("%H:%M"),
            decimal_fr(hours(a.minutes)),
            a.travel_before_minutes,
            decimal_fr(a.travel_before_km),
            a.secondment or "",
            "oui" if a.pinned else "non",
        )

    ordered = sorted(plan.assignments, key=lambda a: (a.date, to_utc(a.start), a.employee))
    return write_rows(path, ASSIGNMENT_COLUMNS, map(row, ordered))


def write_unfilled_csv(scenario: Scenario, plan: Plan, path: Path) -> Path:
    tz = zone(scenario.group.timezone)

    def row(u: Unfilled) -> tuple[object, ...]:
        member = scenario.member_by_id.get(u.member)
        return (
            u.date.strftime("%d/%m/%Y"),
            WEEKDAYS_FR[u.date.weekday()],
            u.member,
            member.name if member else "",
            u.need,
            u.start.astimezone(tz).strftime("%H:%M"),
            u.end.astimezone(tz).strftime("%H:%M"),
            u.missing,
            decimal_fr(hours(u.missing * minutes_between(u.start, u.end))),
            u.reason,
            u.reason_code,
            ", ".join(u.limits),
        )

    ordered = sorted(plan.unfilled, key=lambda u: (u.date, to_utc(u.start), u.need))
    return write_rows(path, UNFILLED_COLUMNS, map(row, ordered))
