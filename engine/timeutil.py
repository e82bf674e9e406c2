"""Time helpers: local wall-clock windows to aware datetimes, durations in UTC, months and weeks.

Python subtracts two aware datetimes of the same zone by wall clock, which is an hour off across a DST
change; every duration here is computed on UTC instants.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from engine.model.common import MONTH_PATTERN

_MONTH = re.compile(MONTH_PATTERN)


def zone(name: str = "Europe/Paris") -> ZoneInfo:
    return ZoneInfo(name)


def parse_month(month: str) -> tuple[int, int]:
    """`2026-03` → (2026, 3); a clear error otherwise."""
    text = month.strip()
    if not _MONTH.fullmatch(text):
        raise ValueError(f"month must be written YYYY-MM (e.g. 2026-03), got {month!r}")
    return int(text[:4]), int(text[5:7])


def month_days(month: str) -> list[dt.date]:
    year, mon = parse_month(month)
    last = calendar.monthrange(year, mon)[1]
    return [dt.date(year, mon, d) for d in range(1, last + 1)]


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    days = month_days(month)
    return days[0], days[-1]


def previous_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def next_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"


def local_datetime(day: dt.date, clock: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware datetime for a wall-clock time; a time skipped by DST moves forward (fold=0 rule)."""
    naive = dt.datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz)
    # Normalise through UTC so that a non-existent time (02:30 on the spring change) becomes real.
    return aware.astimezone(dt.UTC).astimezone(tz)


def window(day: dt.date, start: dt.time, end: dt.time, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end of a local window starting on `day`; `end <= start` crosses midnight."""
    begin = local_datetime(day, start, tz)
    end_day = day + dt.timedelta(days=1) if end <= start else day
    finish = local_datetime(end_day, end, tz)
    return begin, finish


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Exact minutes between two aware datetimes, computed in UTC (right across DST changes)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("minutes_between needs timezone-aware datetimes")
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)


def week_start(day: dt.date, first_weekday: int = 0) -> dt.date:
    """First day of the legal week containing `day` (Monday by default, L3121-35)."""
    return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)


def weeks_touching(month: str, first_weekday: int = 0) -> list[dt.date]:
    """Start dates of the weeks that contain at least one day of the month."""
    first, last = month_bounds(month)
    start = week_start(first, first_weekday)
    out = []
    while start <= last:
        out.append(start)
        start += dt.timedelta(days=7)
    return out


def to_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime where an aware one is required")
    return moment.astimezone(dt.UTC)
