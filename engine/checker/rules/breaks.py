"""Breaks: 20 minutes once work reaches 6 h; minors: 30 minutes beyond 4 h 30; part-timers: at most one
interruption a day, of at most 2 h.

References: L3121-16 (a break of 20 consecutive minutes as soon as the day's work reaches 6 h); L3162-3 (under
18: no uninterrupted work beyond 4 h 30, and a break of 30 consecutive minutes once the day's work exceeds
4 h 30); L3123-30 [verify] (part-time: at most one interruption of activity in a day, of at most 2 h;
domain.md). The GE is the single employer: a day split between two members is one day.

How a plan shows a break (docs/checker.md, "Breaks"): pieces of work (shifts, travel counted as work) whose
free gap is shorter than `break_minutes` form one continuous span; a span whose work reaches the threshold is a
violation unless it is a single assignment at least the threshold long (a need window of 6 h or more holds its
own break, organised by the host inside the window). Legs from and to home that a contract counts as work
are not part of the spans: the break may be taken on the way. A minor's day is read the same way with the
minors' figures, on top of the adult rule: pieces closer than 30 free minutes form a span, whose work may
not exceed 4 h 30 unless it is a single assignment of more than 4 h 30 (whose window holds the 30 minutes);
a day of more than 4 h 30 split into spans of at most 4 h 30 has its 30-minute break between them.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import at, clock, day, hm
from engine.checker.violation import Violation
from engine.timeline import Piece, Timeline
from engine.timeutil import minutes_between

RULE = "break"
MINOR_RULE = "minor_break"


def spans(pieces: list[Piece], min_gap: int) -> list[list[Piece]]:
    """Pieces of one working day chained by free gaps shorter than `min_gap` minutes."""
    out: list[list[Piece]] = []
    end = None
    for p in sorted(pieces, key=lambda p: (p.start, p.end)):
        if end is not None and minutes_between(end, p.start) < min_gap:
            out[-1].append(p)
            end = max(end, p.end)
        else:
            out.append([p])
            end = p.end
    return out


def interruptions(pieces: list[Piece]) -> list[tuple[Piece, Piece, int]]:
    """Free gaps longer than zero between consecutive pieces of a working day (previous, next, minutes)."""
    out = []
    ordered = sorted(pieces, key=lambda p: (p.start, p.end))
    latest = ordered[0] if ordered else None
    for p in ordered[1:]:
        assert latest is not None
        gap = minutes_between(latest.end, p.start)
        if gap > 0:
            out.append((latest, p, gap))
        if p.end > latest.end:
            latest = p
    return out


def check_break(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    rules = tl.rules
    if rules.break_threshold_minutes is not None:
        yield from _spans_without_break(
            ctx, tl, RULE, "L3121-16", rules.break_threshold_minutes, rules.break_minutes, "pause due dès"
        )
    if tl.is_minor:
        yield from _spans_without_break(
            ctx,
            tl,
            MINOR_RULE,
            "L3162-3",
            rules.minor_break_after_minutes + 1,
            rules.minor_break_minutes,
            "mineur : pause due au-delà de",
            shown=rules.minor_break_after_minutes,
        )


def _spans_without_break(
    ctx: CheckContext,
    tl: Timeline,
    rule: str,
    article: str,
    threshold: int,
    break_minutes: int,
    due: str,
    shown: int | None = None,
) -> Iterator[Violation]:
    """Spans of work reaching `threshold` minutes without `break_minutes` free, unless a single assignment
    at least `threshold` long (its window holds the break)."""
    for work_day, pieces in tl.days.items():
        # the legs from and to home are work by contract, but not scheduled to the minute: the break may
        # be taken on the way, so they stay out of the spans (the solver reads it the same way)
        for span in spans([p for p in pieces if not p.home], break_minutes):
            worked = sum(p.minutes for p in span)
            shifts = [p for p in span if p.assignment is not None]
            holds_break = len(shifts) == 1 and shifts[0].minutes >= threshold
            if worked >= threshold and not holds_break:
                start, end = span[0].start, max(p.end for p in span)
                yield Violation(
                    rule,
                    article,
                    f"Pas de pause de {hm(break_minutes)} le {day(work_day)} : {hm(worked)} de travail "
                    f"continu de {clock(start, ctx.tz)} à {clock(end, ctx.tz)} ({due} "
                    f"{hm(threshold if shown is None else shown)})",
                    tl.employee.id,
                    work_day,
                    start,
                    end,
                )


def check_part_time(ctx: CheckContext, tl: Timeline) -> Iterator[Violation]:
    rules = tl.rules
    if not tl.employee.contract.is_part_time:
        return
    for work_day, pieces in tl.days.items():
        gaps = interruptions(pieces)
        if rules.part_time_max_breaks is not None and len(gaps) > rules.part_time_max_breaks:
            yield Violation(
                "part_time_interruptions",
                "L3123-30",
                f"{len(gaps)} interruptions d'activité le {day(work_day)} pour un temps partiel "
                f"(max {rules.part_time_max_breaks})",
                tl.employee.id,
                work_day,
                pieces[0].start,
                max(p.end for p in pieces),
            )
        if rules.part_time_max_break_minutes is not None:
            for before, after, gap in gaps:
                if gap > rules.part_time_max_break_minutes:
                    yield Violation(
                        "part_time_interruptions",
                        "L3123-30",
                        f"Interruption de {hm(gap)} le {day(work_day)} entre {at(before.end, ctx.tz)} et "
                        f"{clock(after.start, ctx.tz)} pour un temps partiel (max "
                        f"{hm(rules.part_time_max_break_minutes)})",
                        tl.employee.id,
                        work_day,
                        before.end,
                        after.start,
                    )


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        yield from check_break(ctx, tl)
        yield from check_part_time(ctx, tl)
