"""Weekly rest: 35 consecutive hours (24 h + the 11 h daily rest) in every legal week (L3132-2).

Read as the checker reads it (docs/checker.md): each legal week touching the horizon, the partial ones at
both ends included, holds a free period of at least 35 h of which at least 24 h lie inside the week; time
after the horizon and before the known history is free (the next month, seeing this one as history,
judges the rest of a week it completes).

Encoding: some day `d` of the week is chosen as the rest day: no shift starts on `d`, and the time from
the end of the last piece of work of `d-1` to the start of the first piece of `d+1` reaches 35 h (exact
minutes across DST; the trips from and to home count where the contract makes them work). When `d` is
the week's Sunday, the rest must also start early enough for 24 h of it to lie before Monday 00:00: a
Saturday night shift ending on Sunday morning leaves less than 24 h of that week free. Days outside the
horizon are free; the history's shifts are constants.

Sunday (L3132-3 with L3132-2): where the rule set keeps Sunday rest, a Sunday of the horizon without any
work is the week's rest day, so it must have the 35 h around it (Saturday's last end to Monday's first
start): "that Sunday's option, or some shift touching that Sunday" (Sunday work is only possible at a
site with a derogation, which lets the rest be given another day). A Saturday ending at 22:30 and a
Monday starting at 05:30 leave 31 h: refused, even when the week rests 35 h on another day, and even for
an employee who works a site with a derogation on other days (the stricter reading: the derogation lets
that site's staff work on Sunday, and one who does not has the Sunday as weekly rest).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from engine.solver.model.context import Context
from engine.solver.model.encoding import add_clause, forbid_close_pairs, is_const, neg
from engine.solver.model.instance import Instance, Occ, Staff

ARTICLES = ("L3132-2", "L3132-3")

LIMITS = {
    "weekly_rest": ("repos hebdomadaire de 35 h", ("L3132-2",)),
    "sunday_weekly_rest": ("35 h de repos autour d'un dimanche non travaillé", ("L3132-3", "L3132-2")),
}

linear = None  # left out of the LP (leaving a rule out only widens the plans it ranges over: still a bound)


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    h = inst.horizon
    for staff in inst.staff:
        rest = staff.rules.weekly_rest_minutes
        if not rest or not staff.eligible:
            continue
        inside = min(1440, rest)
        for week in h.weeks:
            if not any(ctx.day_occs(staff, d) for d in week if h.in_horizon(d)):
                continue
            options: list[Any] = []
            for d in week:
                work = _works(ctx, staff, d)
                if is_const(work) and work:
                    continue
                late = _ends(ctx, staff, d - 1)
                early = _starts(ctx, staff, d + 1)
                latest_end = h.midnight(d + 1) - inside if d == week[-1] else None
                option = _option(ctx, work, late, early, rest, latest_end)
                if option is True:
                    options = []
                    break  # the week's rest holds whatever the plan
                if option is not None:
                    options.append(option)
            else:
                if options:
                    model.add_bool_or(options)
                # no option at all: the history alone breaks the week; nothing the plan can change
        if staff.rules.sunday_rest:
            for sunday in range(h.n_days):
                if h.date(sunday).weekday() == 6:
                    _rest_on_sunday(ctx, staff, sunday, rest, inside)


def _rest_on_sunday(ctx: Context, staff: Staff, sunday: int, rest: int, inside: int) -> None:
    """A Sunday without work has the 35 h around it (module docstring)."""
    inst = ctx.inst
    midnight = inst.horizon.midnight(sunday)
    if any(f.end > midnight for f in staff.fixed if f.day == sunday - 1):
        return  # the history works into that Sunday
    xs = ctx.literals(staff)
    touching = (
        [xs[i] for i in ctx.day_occs(staff, sunday - 1) if inst.occs[i].end > midnight] if sunday else []
    )
    touching += [xs[i] for i in ctx.day_occs(staff, sunday)]
    late, early = _ends(ctx, staff, sunday - 1), _starts(ctx, staff, sunday + 1)
    if not late or not early:
        return  # nothing on one side: the rest around Sunday holds
    latest_end = inst.horizon.midnight(sunday + 1) - inside
    option = _option(ctx, _works(ctx, staff, sunday), late, early, rest, latest_end)
    if option is True or (option is None and not touching):
        return  # holds whatever the plan; or only the history breaks it
    ctx.model.add_bool_or([*([] if option is None else [option]), *touching])


def _works(ctx: Context, staff: Staff, day: int) -> Any:
    """Whether a shift starts that day: a literal in the horizon; the history's days as constants
    (unknown days, like days after the horizon, are free)."""
    if day < 0:
        return staff.past_worked(day) or 0
    return ctx.works(staff, day) if day < ctx.inst.horizon.n_days else 0


def _ends(ctx: Context, staff: Staff, day: int) -> list[tuple[Any, int]]:
    """(literal or 1, end of work) of the shifts of a working day."""
    inst = ctx.inst
    if day < 0:
        return [(1, f.end) for f in staff.fixed if f.day == day]
    xs = ctx.literals(staff)
    return [(xs[i], inst.work_end(staff, inst.occs[i])) for i in ctx.day_occs(staff, day)]


def _starts(ctx: Context, staff: Staff, day: int) -> list[tuple[Any, int]]:
    """(literal or 1, start of work) of the shifts of a working day."""
    inst = ctx.inst
    if day < 0:
        return [(1, f.start) for f in staff.fixed if f.day == day]
    xs = ctx.literals(staff)
    return [(xs[i], inst.work_start(staff, inst.occs[i])) for i in ctx.day_occs(staff, day)]


def _option(
    ctx: Context,
    work: Any,
    late: list[tuple[Any, int]],
    early: list[tuple[Any, int]],
    rest: int,
    latest_end: int | None,
) -> Any:
    """The literal "this day is the week's rest day" with its conditions; True when it holds whatever the
    plan, None when it never can."""
    model = ctx.model
    fixed_end = max((v for lit, v in late if is_const(lit)), default=None)
    fixed_start = min((v for lit, v in early if is_const(lit)), default=None)
    if fixed_end is not None and fixed_start is not None and fixed_start - fixed_end < rest:
        return None
    if fixed_end is not None and latest_end is not None and fixed_end > latest_end:
        return None
    blocked_late = [
        lit
        for lit, end in late
        if not is_const(lit)
        and (
            (latest_end is not None and end > latest_end)
            or (fixed_start is not None and fixed_start - end < rest)
        )
    ]
    blocked_early = [
        lit
        for lit, start in early
        if not is_const(lit) and fixed_end is not None and start - fixed_end < rest
    ]
    pairs_late = [(lit, -end) for lit, end in late if not is_const(lit)]
    pairs_early = [(lit, start) for lit, start in early if not is_const(lit)]
    if (
        is_const(work)
        and not blocked_late
        and not blocked_early
        and not _close(pairs_late, pairs_early, rest)
    ):
        return True
    choose = model.new_bool_var("")
    if not is_const(work):
        add_clause(model, [neg(choose), neg(work)])
    for lit in blocked_late + blocked_early:
        add_clause(model, [neg(choose), neg(lit)])
    forbid_close_pairs(model, pairs_late, pairs_early, rest, choose)
    return choose


def _close(late: list[tuple[Any, int]], early: list[tuple[Any, int]], rest: int) -> bool:
    """Whether some pair of a late end and an early start is less than the rest apart."""
    if not late or not early:
        return False
    return max(-v for _, v in late) > min(v for _, v in early) - rest


def week_holds(inst: Instance, staff: Staff, week: list[int], shifts: dict[int, list[Any]]) -> bool:
    """The same reading on a concrete plan (`shifts`: day → occurrences worked), for the greedy first plan
    and the unfilled needs' reasons: some day of the week is free with 35 h around it, 24 h of them inside
    the week when it is Sunday."""
    rest = staff.rules.weekly_rest_minutes
    if not rest:
        return True
    inside = min(1440, rest)
    for d in week:
        if d < 0:
            if staff.past_worked(d):
                continue
            late = [f.end for f in staff.fixed if f.day == d - 1]
        else:
            if shifts.get(d):
                continue
            late = [inst.work_end(staff, o) for o in shifts.get(d - 1, [])] if d > 0 else []
            late += [f.end for f in staff.fixed if f.day == d - 1]
        if d + 1 < 0:
            early = [f.start for f in staff.fixed if f.day == d + 1]
        else:
            early = [inst.work_start(staff, o) for o in shifts.get(d + 1, [])]
        end, start = max(late, default=None), min(early, default=None)
        if d == week[-1] and end is not None and end > inst.horizon.midnight(d + 1) - inside:
            continue
        if end is not None and start is not None and start - end < rest:
            continue
        return True
    return False


def sunday_holds(inst: Instance, staff: Staff, sunday: int, shifts: dict[int, list[Any]]) -> bool:
    """`_rest_on_sunday` on a concrete plan (`shifts`: day → occurrences worked)."""
    rest = staff.rules.weekly_rest_minutes
    if not rest or not staff.rules.sunday_rest:
        return True
    midnight = inst.horizon.midnight(sunday)
    if shifts.get(sunday) or any(o.end > midnight for o in shifts.get(sunday - 1, [])):
        return True  # Sunday worked: the rest is another day
    if any(f.end > midnight for f in staff.fixed if f.day == sunday - 1):
        return True
    late = [inst.work_end(staff, o) for o in shifts.get(sunday - 1, [])]
    late += [f.end for f in staff.fixed if f.day == sunday - 1]
    early = [inst.work_start(staff, o) for o in shifts.get(sunday + 1, [])]
    end, start = max(late, default=None), min(early, default=None)
    return end is None or start is None or start - end >= rest


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The 35 h weekly rest (L3132-2) and, next to a Sunday without work, the 35 h around it (L3132-3),
    read as the model reads them, unless the history alone already breaks them."""
    shifts: dict[int, list[Occ]] = defaultdict(list)
    for o in [*mine, occ]:
        shifts[o.day].append(o)
    # the shift may take the rest of its own week, or of a neighbouring week whose rest day it borders
    for week in inst.horizon.weeks:
        near = week[0] - 1 <= occ.day <= week[-1] + 1
        if near and not week_holds(inst, staff, week, shifts) and week_holds(inst, staff, week, {}):
            return "weekly_rest"
    h = inst.horizon
    for sunday in (occ.day - 1, occ.day + 1):  # a Saturday or Monday shift next to a free Sunday
        if (
            h.in_horizon(sunday)
            and h.date(sunday).weekday() == 6
            and not sunday_holds(inst, staff, sunday, shifts)
        ):
            return "sunday_weekly_rest"
    return None
