"""Pins: assignments fixed by hand, kept in every solve and re-plan.

They are checked before solving, one by one and against each other, so that a pin breaking a hard rule
stops the solve with a message naming the pin and the rule (`DomainError`), instead of an opaque
"infeasible".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from engine.errors import DomainError
from engine.model import Pin, occurrence_key
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.readback.reasons import blocking, limit_of


def describe(pin: Pin) -> str:
    return f"pin {pin.employee} on {pin.need} {pin.date.isoformat()}"


def _rule(code: str) -> str:
    label, articles = limit_of(code)
    return f"{label} ({', '.join(articles)})" if articles else label


def resolve_pins(inst: Instance, pins: list[Pin]) -> list[tuple[Staff, Occ]]:
    """The pins inside the horizon as (employee, occurrence); DomainError for the first broken one."""
    out: list[tuple[Staff, Occ, Pin]] = []
    h = inst.horizon
    for pin in pins:
        if not (h.first <= pin.date <= h.last):
            continue
        staff = inst.staff_by_id.get(pin.employee)
        if staff is None:
            raise DomainError(f"{describe(pin)}: no employee {pin.employee!r} in the scenario")
        occ = inst.occ_by_key.get(occurrence_key(pin.need, pin.date))
        if occ is None:
            raise DomainError(
                f"{describe(pin)}: need {pin.need!r} has no occurrence on {pin.date.isoformat()}"
            )
        code = inst.ineligibility(staff, occ)
        if code is not None:
            raise DomainError(f"{describe(pin)} breaks a hard rule: {_rule(code)}")
        out.append((staff, occ, pin))
    by_staff: dict[int, list[tuple[Occ, Pin]]] = defaultdict(list)
    by_occ: dict[int, int] = defaultdict(int)
    for staff, occ, pin in out:
        if any(o.index == occ.index for o, _ in by_staff[staff.index]):
            raise DomainError(f"{describe(pin)} is pinned twice")
        by_staff[staff.index].append((occ, pin))
        by_occ[occ.index] += 1
    for staff_index, items in by_staff.items():
        staff = inst.staff[staff_index]
        for k, (occ, pin) in enumerate(items):
            others = [o for j, (o, _) in enumerate(items) if j != k]
            code = blocking(inst, staff, occ, others)
            if code is not None:
                raise DomainError(
                    f"{describe(pin)} breaks a hard rule together with the employee's other pins: {_rule(code)}"
                )
    for occ_index, count in by_occ.items():
        occ = inst.occs[occ_index]
        room = occ.headcount + (occ.max_surplus if occ.surplus_units is not None else 0)
        if count > room:
            raise DomainError(
                f"{count} pins on {occ.source.need} {occ.source.date.isoformat()} exceed its head count {room}"
            )
    return [(s, o) for s, o, _ in out]


def pins_in(published_pins: list[Pin], day: dt.date | None = None) -> list[Pin]:
    return [p for p in published_pins if day is None or p.date == day]
