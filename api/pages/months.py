"""Month arithmetic for the pages' navigation (YYYY-MM strings, as everywhere in the engine)."""

from __future__ import annotations

import datetime as dt

from engine.timeutil import next_month, previous_month

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def current_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}-{today.month:02d}"


def around(month: str) -> tuple[str, str]:
    """The previous and next months of `month`."""
    return previous_month(month), next_month(month)
