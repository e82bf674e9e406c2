"""Read a solved model back into the domain: assignments with travel, unfilled needs with reasons,
cost terms in euros (Decimal, rounded to the cent once, here)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from ortools.sat.python import cp_model

from engine.model import Assignment, Unfilled
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, Occ
from engine.solver.readback.reasons import explain
from engine.solver.rules.occurrences import fixed_short
from engine.travel import home_key

CENT = Decimal("0.01")


def worked(ctx: Context, solver: cp_model.CpSolver) -> dict[int, list[Occ]]:
    """Each employee's worked occurrences, by start."""
    out: dict[int, list[Occ]] = defaultdict(list)
    occs = ctx.inst.occs
    for staff in ctx.inst.staff:
        for i, lit in ctx.literals(staff).items():
            if solver.boolean_value(lit):
                out[staff.index].append(occs[i])
        out[staff.index].sort(key=lambda o: o.start)
    return out


def assignments(
    ctx: Context, plan_worked: dict[int, list[Occ]], pinned: set[tuple[int, int]]
) -> list[Assignment]:
    inst = ctx.inst
    out = []
    for staff in inst.staff:
        previous: Occ | None = None
        for occ in plan_worked.get(staff.index, []):
            src = occ.source
            travel_from, minutes, km = None, 0, Decimal("0")
            if previous is not None and previous.day == occ.day:
                if previous.site != occ.site:
                    travel_from = previous.site
                    minutes = inst.travel_minutes(previous.site, occ.site)
                    km = inst.travel.km(previous.site, occ.site)
            elif staff.employee.contract.home_travel_is_work:
                travel_from = home_key(staff.id)
                minutes = inst.home_minutes(staff, occ.site)
                km = inst.home_km(staff, occ.site)
            out.append(
                src.assign(
                    staff.id,
                    travel_minutes=minutes,
                    travel_km=km,
                    travel_from=travel_from,
                    pinned=(staff.index, occ.index) in pinned,
                )
            )
            previous = occ
    out.sort(key=lambda a: (a.start, a.employee, a.need))
    return out


def unfilled(
    ctx: Context, solver: cp_model.CpSolver, plan_worked: dict[int, list[Occ]], *, proven: bool = False
) -> list[Unfilled]:
    missing = {}
    for occ in ctx.inst.occs:
        short = ctx.short.get(occ.index)
        missing[occ.index] = (solver.value(short) if short is not None else 0) + fixed_short(ctx, occ.index)
    return unfilled_of(ctx.inst, missing, plan_worked, proven=proven)


def unfilled_of(
    inst: Instance, missing: dict[int, int], plan_worked: dict[int, list[Occ]], *, proven: bool = False
) -> list[Unfilled]:
    """The occurrences with heads missing (`missing`: occurrence index → heads), each with its reason
    given what every employee works (`plan_worked`)."""
    out = []
    for occ in inst.occs:
        if occ.source.optional or missing.get(occ.index, 0) <= 0:
            continue
        reason = explain(inst, occ, plan_worked, proven=proven)
        src = occ.source
        out.append(
            Unfilled(
                need=src.need,
                date=src.date,
                start=src.start,
                end=src.end,
                member=src.member,
                missing=missing[occ.index],
                skill=src.skill,
                reason_code=reason.code,
                reason=reason.text,
                limits=reason.limits,
            )
        )
    return out


def term_values(ctx: Context, solver: cp_model.CpSolver) -> dict[str, int]:
    """Each named term's value in objective units, fixed parts included."""
    out: dict[str, int] = {}
    for name in ctx.costs.names():
        total = ctx.costs.fixed.get(name, 0)
        for var, coef in ctx.costs.terms.get(name, []):
            total += coef * solver.value(var)
        out[name] = total
    return out


def euros(ctx: Context, units: int | float) -> Decimal:
    return money(ctx.inst, units)


def money(inst: Instance, units: int | float) -> Decimal:
    """Model units in euros, rounded to the cent (here only)."""
    value = Decimal(units) / inst.units if isinstance(units, int) else Decimal(str(units)) / inst.units
    return value.quantize(CENT, ROUND_HALF_UP)
