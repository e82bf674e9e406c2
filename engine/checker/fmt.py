"""French wording of durations, days and instants for the checker's messages (and the plan page)."""

from __future__ import annotations

import datetime as dt


def hm(minutes: int) -> str:
    """`630` → `10 h 30`; `600` → `10 h`; negative values keep their sign."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours} h {mins:02d}" if mins else f"{sign}{hours} h"


def day(value: dt.date) -> str:
    """`2026-03-12` → `12/03/2026`."""
    return value.strftime("%d/%m/%Y")


def at(moment: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """An instant as `12/03/2026 08:30` in the given zone (the moment's own zone by default)."""
    local = moment.astimezone(tz) if tz is not None else moment
    return local.strftime("%d/%m/%Y %H:%M")


def clock(moment: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    local = moment.astimezone(tz) if tz is not None else moment
    return local.strftime("%H:%M")


def week(monday: dt.date) -> str:
    """A legal week as `semaine du 09/03/2026 au 15/03/2026`."""
    return f"semaine du {day(monday)} au {day(monday + dt.timedelta(days=6))}"
