"""VTIMEZONE components written with yearly RRULEs, as calendar clients expect them.

Outlook misreads a VTIMEZONE made of one RDATE per transition (what `icalendar`'s
`add_missing_timezones()` writes) and shifts summer events by an hour; Google reads times without TZID as
UTC. So every event carries `TZID=<zone>` and the zone is described by two yearly rules: summer time from
the last Sunday of March, standard time from the last Sunday of October, both at 01:00 UTC (EU directive
2000/84/EC, which France applies). Zones without daylight saving (e.g. America/Cayenne, Indian/Reunion)
get a single STANDARD component. The rule is checked against the system's tz database for the years the
feed covers, so a zone that does not follow it is refused instead of being described wrongly.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from engine.feeds.ical import content_line

_EU_SPRING = "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"  # last Sunday of March, 01:00 UTC
_EU_AUTUMN = "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"  # last Sunday of October, 01:00 UTC
_RULE_START = 1970  # DTSTART year of the rules: any year before the events, with the same weekday rule


def _last_sunday(year: int, month: int) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    day = dt.date(year, month, last)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def _offset(tz: ZoneInfo, moment_utc: dt.datetime) -> dt.timedelta:
    offset = moment_utc.astimezone(tz).utcoffset()
    assert offset is not None
    return offset


def _format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


def _name(tz: ZoneInfo, moment_utc: dt.datetime) -> str:
    return moment_utc.astimezone(tz).tzname() or ""


def _follows_eu_rule(tz: ZoneInfo, year: int, winter: dt.timedelta, summer: dt.timedelta) -> bool:
    """Whether the zone changes at 01:00 UTC on the last Sundays of March and October of `year`."""
    spring = dt.datetime.combine(_last_sunday(year, 3), dt.time(1, 0), dt.UTC)
    autumn = dt.datetime.combine(_last_sunday(year, 10), dt.time(1, 0), dt.UTC)
    second = dt.timedelta(seconds=1)
    return (
        _offset(tz, spring - second) == winter
        and _offset(tz, spring) == summer
        and _offset(tz, autumn - second) == summer
        and _offset(tz, autumn) == winter
    )


def _observance(
    kind: str, before: dt.timedelta, after: dt.timedelta, name: str, start: str, rrule: str | None = None
) -> list[str]:
    """One STANDARD or DAYLIGHT sub-component (RFC 5545 3.6.5): offsets before/after, name, first onset."""
    return [
        f"BEGIN:{kind}",
        content_line("TZOFFSETFROM", _format_offset(before)),
        content_line("TZOFFSETTO", _format_offset(after)),
        content_line("TZNAME", name),
        content_line("DTSTART", start),
        *([content_line("RRULE", rrule)] if rrule else []),
        f"END:{kind}",
    ]


def vtimezone_lines(tzid: str, years: range) -> list[str]:
    """Content lines of the VTIMEZONE of `tzid`, valid for every year in `years`.

    Raises ValueError for a zone whose changes are neither absent nor the EU rule in those years.
    """
    tz = ZoneInfo(tzid)
    first = years.start
    january = dt.datetime(first, 1, 15, tzinfo=dt.UTC)
    july = dt.datetime(first, 7, 15, tzinfo=dt.UTC)
    winter, summer = _offset(tz, january), _offset(tz, july)
    lines = ["BEGIN:VTIMEZONE", content_line("TZID", tzid), content_line("X-LIC-LOCATION", tzid)]
    if winter == summer and all(
        _offset(tz, dt.datetime(y, m, 15, tzinfo=dt.UTC)) == winter for y in years for m in (1, 4, 7, 10)
    ):
        lines += _observance("STANDARD", winter, winter, _name(tz, january), f"{_RULE_START}0101T000000")
    elif all(_follows_eu_rule(tz, y, winter, summer) for y in years):
        # Local wall-clock times of the changes: 01:00 UTC seen from the offset in force before it.
        spring_local = (dt.datetime(2000, 1, 1, 1) + winter).strftime("%H%M%S")
        autumn_local = (dt.datetime(2000, 1, 1, 1) + summer).strftime("%H%M%S")
        spring_day = _last_sunday(_RULE_START, 3).strftime("%Y%m%d")
        autumn_day = _last_sunday(_RULE_START, 10).strftime("%Y%m%d")
        lines += _observance(
            "DAYLIGHT", winter, summer, _name(tz, july), f"{spring_day}T{spring_local}", _EU_SPRING
        )
        lines += _observance(
            "STANDARD", summer, winter, _name(tz, january), f"{autumn_day}T{autumn_local}", _EU_AUTUMN
        )
    else:
        raise ValueError(
            f"time zone {tzid!r} follows neither the EU daylight-saving rule nor a fixed offset in "
            f"{years.start}-{years.stop - 1}: no VTIMEZONE can be written for it"
        )
    lines.append("END:VTIMEZONE")
    return lines
