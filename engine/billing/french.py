"""French wording of dates and periods, as invoices and reports print them ("1er octobre 2026")."""

from __future__ import annotations

import datetime as dt

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def fr_day(day: dt.date) -> str:
    """`1er`, `2`, … `31`: French writes the first of a month as an ordinal."""
    return "1er" if day.day == 1 else str(day.day)


def fr_date(day: dt.date) -> str:
    """`1er octobre 2026`, `25 octobre 2026`."""
    return f"{fr_day(day)} {MONTHS_FR[day.month - 1]} {day.year}"


def fr_period(first: dt.date, last: dt.date, weekdays: bool = False) -> str:
    """`du 1er au 31 octobre 2026`, `du 28 septembre au 25 octobre 2026`, `du 29 décembre 2025 au 4 janvier
    2026`; with `weekdays`, each date is preceded by its day of the week (`du lundi 28 septembre …`)."""

    def named(day: dt.date, text: str) -> str:
        return f"{WEEKDAYS_FR[day.weekday()]} {text}" if weekdays else text

    if first.year != last.year:
        start = fr_date(first)
    elif first.month != last.month:
        start = f"{fr_day(first)} {MONTHS_FR[first.month - 1]}"
    else:
        start = fr_day(first)
    return f"du {named(first, start)} au {named(last, fr_date(last))}"
