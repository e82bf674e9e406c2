"""One employee's plan as concrete shifts, read as the model reads it.

The greedy first plan, the pins' check and the reasons of unfilled needs ask each rule module whether an
employee may take one more shift given the shifts they already have (`rules.*.blocks`); those checks read
the plan through these helpers, which follow the model's conventions (`rules.worktime`,
docs/checker.md): a shift belongs to the day it starts; travel between two workplaces the same day is
work placed just before the next shift; the legs from and to home count where the contract says so
(L3121-4); weekly totals clip every piece at Monday 00:00 (L3121-35).
"""

from __future__ import annotations

import itertools
from typing import cast

from engine.solver.model.instance import Instance, Occ, Staff


def day_pieces(
    inst: Instance, staff: Staff, shifts: list[Occ], *, home: bool = True
) -> list[tuple[int, int]]:
    """Pieces of work of one day's shifts, in time: the shifts, travel between sites just before the next
    shift, and (unless `home` is False) the legs from and to home where they count."""
    shifts = sorted(shifts, key=lambda o: o.start)
    pieces = [(o.start, o.end) for o in shifts]
    if staff.rules.travel_between_sites_is_work:
        for a, b in itertools.pairwise(shifts):
            if a.site != b.site:
                pieces.append((b.start - inst.travel_minutes(a.site, b.site), b.start))
    if home and shifts and staff.employee.contract.home_travel_is_work:
        last = max(shifts, key=lambda o: o.end)
        pieces.append((shifts[0].start - inst.home_minutes(staff, shifts[0].site), shifts[0].start))
        pieces.append((last.end, last.end + inst.home_minutes(staff, last.site)))
    return pieces


def work_minutes(inst: Instance, staff: Staff, shifts: list[Occ], *, home: bool = True) -> int:
    """Working minutes of one day's shifts: the shifts, travel between sites and home legs that count."""
    return sum(hi - lo for lo, hi in day_pieces(inst, staff, shifts, home=home))


def by_day(shifts: list[Occ]) -> dict[int, list[Occ]]:
    """Shifts grouped by working day."""
    out: dict[int, list[Occ]] = {}
    for o in shifts:
        out.setdefault(o.day, []).append(o)
    return out


def week_minutes(inst: Instance, staff: Staff, week: list[int], mine: list[Occ]) -> int:
    """Minutes of a legal week, history included, every piece clipped at Monday 00:00 (L3121-35)."""
    h = inst.horizon
    lo, hi = h.midnight(week[0]), h.midnight(week[-1] + 1)
    days = by_day([o for o in mine if week[0] - 1 <= o.day <= week[-1]])
    total = sum(max(0, min(f.end, hi) - max(f.start, lo)) for f in staff.fixed)
    for shifts in days.values():
        total += sum(max(0, min(b, hi) - max(a, lo)) for a, b in day_pieces(inst, staff, shifts))
    return total


def week_totals(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> list[int]:
    """Minutes of every legal week of the horizon with `occ` added to `mine` (`week_minutes`). Several
    rules read them for one candidate (the 12-week average, the overtime quota): the last answer is kept."""
    key = (staff.index, occ.index, tuple(o.index for o in mine))
    last = inst.memo.get(("week_totals",))
    if last is not None and last[0] == key:  # type: ignore[index]
        return last[1]  # type: ignore[index,no-any-return]
    shifts = [*mine, occ]
    totals = [week_minutes(inst, staff, week, shifts) for week in inst.horizon.weeks]
    inst.memo[("week_totals",)] = (key, totals)
    return totals


def weeks_touched(inst: Instance, occ: Occ) -> list[list[int]]:
    """The legal weeks a shift has minutes in: its own, and the next when it crosses Sunday midnight."""
    return [w for w in inst.horizon.weeks if w[0] - 1 <= occ.day <= w[-1]]


def weeks_before(inst: Instance, staff: Staff, span: int) -> list[int]:
    """Minutes of each of the `span` - 1 weeks before the horizon, latest first: the history's weekly
    totals or its dated shifts, whichever says more. They never change within a solve: computed once per
    employee (the greedy asks for every candidate it tries)."""
    key = ("weeks_before", staff.index, span)
    if key not in inst.memo:
        past = list(staff.history.weekly_minutes) if staff.history else []
        first = inst.horizon.weeks[0]
        inst.memo[key] = [
            max(
                past[-back] if back <= len(past) else 0,
                week_minutes(inst, staff, [d - 7 * back for d in first], []),
            )
            for back in range(1, span)
        ]
    return cast(list[int], inst.memo[key])
