"""Daily maximum working time: 10 h (L3121-18; 12 h by agreement, L3121-19).

Minors: 8 h (L3162-1). Night workers — by contract or by their schedule (`rules.night_worker`, L3122-5): 8 h on
a day that includes night work (L3122-6). Forfait jours contracts have no hourly maximum (L3121-62).
Travel counted as work is included (see `worktime`), the legs from and to home too where the contract
counts them (L3121-4).
"""

from __future__ import annotations

from typing import Any

from engine.solver.bound.linear import EmployeeRows
from engine.solver.model import instance as I
from engine.solver.model.context import Context, upper, weighted
from engine.solver.model.encoding import is_const
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import by_day, day_pieces, work_minutes
from engine.solver.rules import night_worker

ARTICLES = ("L3121-18", "L3121-19", "L3162-1", "L3122-6", "L3121-62")

LIMITS = {
    I.TOO_LONG: ("créneau plus long que la durée quotidienne maximale", ("L3121-18",)),
    I.MINOR_TOO_LONG: ("mineur : créneau de plus de 8 h", ("L3162-1",)),
    I.NIGHT_TOO_LONG: ("travailleur de nuit : créneau de nuit de plus de 8 h", ("L3122-6",)),
    "daily_max": ("durée quotidienne maximale", ("L3121-18",)),
    "minor_daily_max": ("mineur : 8 h de travail par jour au plus", ("L3162-1",)),
    "daily_max_home_travel": (
        "durée quotidienne maximale, dépassée par les trajets domicile-travail que son contrat compte "
        "comme du travail",
        ("L3121-18", "L3121-4"),
    ),
    "night_worker_daily": (
        "travailleur de nuit (par son contrat ou son horaire) : 8 h par jour de travail de nuit",
        ("L3122-5", "L3122-6"),
    ),
}


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        limit = day_cap(staff)
        if limit is None:
            continue
        rules = staff.rules
        night_limit = rules.night_daily_max_minutes
        status = night_worker.status(ctx, staff)
        if is_const(status) and not status:
            night_limit = None
        for day in ctx.by_day[staff.index]:
            terms = ctx.day_terms(staff, day)
            top = upper(terms)
            if top > limit:
                model.add(weighted(terms) <= limit)
            if night_limit is not None and top > night_limit:
                nightday = _night_day(ctx, staff, day)
                if nightday is not None:
                    enforced = [nightday] if is_const(status) else [nightday, status]
                    model.add(weighted(terms) <= night_limit).only_enforce_if(enforced)


def _night_day(ctx: Context, staff: Staff, day: int) -> Any:
    """A literal true when the working day holds a minute of night work (any piece: shifts, travel), or
    None when it cannot."""
    inst, model = ctx.inst, ctx.model
    rules = staff.rules
    lits: list[Any] = []
    amounts: list[Any] = []
    for lit, lo, hi, amount in ctx.day_pieces(staff, day):
        if inst.night_overlap(lo, hi, day, rules.night_start, rules.night_end):
            (amounts if amount else lits).append(lit)
    if not lits and not amounts:
        return None
    nightday = model.new_bool_var("")
    for lit in lits:
        model.add_implication(lit, nightday)
    for var in amounts:
        model.add(var <= upper([(var, 1)]) * nightday)
    return nightday


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The daily maxima on the employee's plan with `occ` added."""
    limit = day_cap(staff)
    if limit is None:
        return None
    day = [o for o in mine if o.day == occ.day] + [occ]
    minutes = work_minutes(inst, staff, day)
    if minutes > limit:
        if (
            staff.employee.contract.home_travel_is_work
            and work_minutes(inst, staff, day, home=False) <= limit
        ):
            return "daily_max_home_travel"
        minor = staff.minor and limit == staff.rules.minor_daily_max_minutes
        return "minor_daily_max" if minor else "daily_max"
    night_limit = staff.rules.night_daily_max_minutes
    if night_limit is None or not night_worker.night_possible(inst, staff):
        return None
    shifts = [*mine, occ]
    days = by_day(shifts)
    over = [d for d, items in days.items() if work_minutes(inst, staff, items) > night_limit]
    if not over or not any(_has_night(inst, staff, d, days[d]) for d in over):
        return None
    return "night_worker_daily" if night_worker.is_night_worker(inst, staff, shifts) else None


def _has_night(inst: Instance, staff: Staff, day: int, shifts: list[Occ]) -> bool:
    rules = staff.rules
    return any(
        inst.night_overlap(lo, hi, day, rules.night_start, rules.night_end)
        for lo, hi in day_pieces(inst, staff, shifts)
    )


def day_cap(staff: Staff) -> int | None:
    """The daily maximum of the employee's shifts (10 h, by agreement 12 h; minors 8 h; None for forfait
    jours), without the night worker's 8 h, which depends on the day: the linear relaxation's rows and the
    month programme's day paths (engine.solver.bound.lagrangian, through `rules.day_cap`) read it."""
    return staff.daily_max


def linear(rows: EmployeeRows) -> None:
    """The daily maximum on the shifts' lengths (travel left out: a weaker row)."""
    limit = day_cap(rows.staff)
    if limit is None:
        return
    occs = rows.inst.occs
    for occ_indexes in rows.by_day.values():
        lengths = [occs[i].length for i in occ_indexes]
        if sum(lengths) > limit:
            rows.at_most([rows.y[i] for i in occ_indexes], [float(x) for x in lengths], limit)
