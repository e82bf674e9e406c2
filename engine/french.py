"""French wording of dates, months and periods: one home for every page, invoice, workbook and message.

Why a module: the small words are where a machine gives itself away — "1 octobre" instead of "1er octobre",
"de octobre" instead of "d'octobre". Each rule of the language lives here once; the plan page's other labels
are `engine.report.french`'s, the checker's durations and weeks `engine.checker.fmt`'s.
"""

from __future__ import annotations

import datetime as dt

from engine.timeutil import parse_month

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

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæh")
"""Initial letters before which « de » elides to « d' » (the months concerned: avril, août, octobre)."""


def day_number(day: dt.date) -> str:
    """`1er`, `2`, … `31`: French writes the first of a month as an ordinal."""
    return "1er" if day.day == 1 else str(day.day)


def date_long(day: dt.date, *, weekday: bool = False, year: bool = True) -> str:
    """`2026-10-01` → `1er octobre 2026` (`jeudi 1er octobre 2026` with the weekday, `1er octobre` without
    the year)."""
    text = f"{day_number(day)} {MONTHS_FR[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS_FR[day.weekday()]} {text}" if weekday else text


def month_name(month: str) -> str:
    """`2026-10` → `octobre 2026`."""
    year, mon = parse_month(month)
    return f"{MONTHS_FR[mon - 1]} {year}"


def of_month(month: str) -> str:
    """`2026-10` → `d'octobre 2026`, `2026-03` → `de mars 2026`."""
    name = month_name(month)
    prefix = "d'" if name[0] in VOWELS else "de "
    return f"{prefix}{name}"


def period_long(first: dt.date, last: dt.date, weekdays: bool = False) -> str:
    """`du 1er au 31 octobre 2026`, `du 28 septembre au 25 octobre 2026`, `du 29 décembre 2025 au 4 janvier
    2026`; with `weekdays`, each date is preceded by its day of the week (`du lundi 28 septembre …`)."""
    start = date_long(first, weekday=weekdays, year=first.year != last.year)
    if first.year == last.year and first.month == last.month:
        start = f"{WEEKDAYS_FR[first.weekday()]} {day_number(first)}" if weekdays else day_number(first)
    return f"du {start} au {date_long(last, weekday=weekdays)}"
