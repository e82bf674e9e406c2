"""Daily rest between working days, and the amplitude of a working day, across the horizon's start.

References: L3131-1 (11 consecutive hours of rest; 9 h by agreement, D3131-1); L3164-1 (under 18: 12 h).
Every 24 h must hold the rest, so a working day may not span more than 24 h minus the rest (13 h): the
administration's reading of L3131-1 (the *amplitude*). A working day's block runs from its first piece of work
to its last (travel counted as work included); blocks before the horizon come from `history.recent_shifts` and
`history.last_shift_end`. Exactly 11 h 00 of rest is legal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import at, day, hm
from engine.checker.violation import Violation
from engine.timeline import Piece, Timeline
from engine.timeutil import minutes_between

RULE = "daily_rest"

Block = tuple[dt.date, dt.datetime, dt.datetime, bool]  # day, start, end, in the horizon


def blocks(tl: Timeline) -> list[Block]:
    """Working-day blocks (history first), sorted by start."""
    spans: dict[tuple[dt.date, bool], tuple[dt.datetime, dt.datetime]] = {}

    def add(p_day: dt.date, start: dt.datetime, end: dt.datetime, inside: bool) -> None:
        key = (p_day, inside)
        if key in spans:
            lo, hi = spans[key]
            spans[key] = (min(lo, start), max(hi, end))
        else:
            spans[key] = (start, end)

    for p in tl.history_pieces:
        add(p.day, p.start, p.end, False)
    if tl.last_end_before is not None and not tl.history_pieces:
        add(tl.last_end_before.date(), tl.last_end_before, tl.last_end_before, False)
    elif tl.last_end_before is not None:
        last: Piece = max(tl.history_pieces, key=lambda p: p.end)
        add(last.day, last.end, tl.last_end_before, False)
    for p in tl.pieces:
        add(p.day, p.start, p.end, True)
    out = [(d, lo, hi, inside) for (d, inside), (lo, hi) in spans.items()]
    out.sort(key=lambda b: (b[1], b[2]))
    return out


def required_rest(tl: Timeline) -> tuple[int, str] | None:
    rest = tl.rules.daily_rest_minutes
    if tl.is_minor and (rest is None or tl.rules.minor_daily_rest_minutes > rest):
        return tl.rules.minor_daily_rest_minutes, "L3164-1"
    return (rest, "L3131-1") if rest is not None else None


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        required = required_rest(tl)
        if required is None or not tl.assignments:
            continue
        rest, article = required
        amplitude_max = 1440 - rest
        previous: Block | None = None
        for block in blocks(tl):
            work_day, start, end, inside = block
            if inside:
                span = minutes_between(start, end)
                if amplitude_max > 0 and span > amplitude_max:
                    yield Violation(
                        "amplitude",
                        article,
                        f"Amplitude de la journée du {day(work_day)} de {hm(span)} (max {hm(amplitude_max)} pour "
                        f"garder {hm(rest)} de repos sur 24 h)",
                        tl.employee.id,
                        work_day,
                        start,
                        end,
                    )
                if previous is not None:
                    gap = minutes_between(previous[2], start)
                    if gap < rest:
                        yield Violation(
                            RULE,
                            article,
                            f"Repos quotidien insuffisant : {hm(max(gap, 0))} entre {at(previous[2], ctx.tz)} et "
                            f"{at(start, ctx.tz)} (min {hm(rest)})",
                            tl.employee.id,
                            work_day,
                            previous[2],
                            start,
                        )
            if previous is None or end > previous[2]:
                previous = block
