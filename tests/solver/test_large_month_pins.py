"""Pins in large months (engine.solver.search.large): placed first by the greedy, kept in every
neighbourhood, the plan legal. The large-month path is forced on small generated months (it starts by
itself above `strategy.LARGE_PAIRS` candidate pairs) under CP-SAT's deterministic limit."""

from __future__ import annotations

from typing import Any

import pytest

from engine.errors import DomainError
from engine.generator import generate_scenario
from engine.loader import scenario_from_data
from engine.model import Pin, Plan, Scenario
from engine.solver import SolveOptions
from engine.solver.model.build import build
from engine.solver.model.instance import Held, Instance, narrowed
from engine.solver.pipeline import solve_outcome
from engine.solver.search.large import greedy_pairs
from engine.timeutil import month_bounds
from tests.solver.conftest import check

MONTH = "2026-03"


def deterministic(**extra: Any) -> SolveOptions:
    return SolveOptions(
        time_limit=None, deterministic_time=6.0, workers=1, seed=1, neighbourhood_search=True, **extra
    )


def with_pins(sc: Scenario, pins: list[Pin]) -> Scenario:
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["pins"] = [{"employee": p.employee, "need": p.need, "date": p.date.isoformat()} for p in pins]
    return scenario_from_data(data, "<test>")


def unlikely_pins(sc: Scenario, plan: Plan, count: int) -> list[Pin]:
    """Pins the solver would not choose by itself: each need of the plan given to another qualified,
    available employee who works nothing that day (so that the pins hold together)."""
    inst = Instance(sc, *month_bounds(MONTH))
    worked = {(a.employee, a.date) for a in plan.assignments}
    taken = {(a.employee, a.occurrence_id) for a in plan.assignments}
    pins: list[Pin] = []
    used: set[str] = set()
    for a in plan.assignments:
        occ = inst.occ_by_key[a.occurrence_id]
        for s in inst.eligible_staff[occ.index]:
            other = inst.staff[s].id
            if other in used or (other, a.date) in worked or (other, a.occurrence_id) in taken:
                continue
            pins.append(Pin(employee=other, need=a.need, date=a.date))
            used.add(other)
            break
        if len(pins) == count:
            break
    return pins


@pytest.fixture(scope="module")
def pinned_month() -> tuple[Scenario, list[Pin], Plan]:
    sc = generate_scenario(12, 5, 1, MONTH)
    free = solve_outcome(sc, MONTH, options=deterministic()).plan
    pins = unlikely_pins(sc, free, 4)
    assert len(pins) == 4
    pinned = with_pins(sc, pins)
    return pinned, pins, solve_outcome(pinned, MONTH, options=deterministic()).plan


def test_every_pin_of_a_large_month_is_in_its_plan_and_flagged(pinned_month: Any) -> None:
    _, pins, plan = pinned_month
    worked = {(a.employee, a.need, a.date): a for a in plan.assignments}
    for pin in pins:
        assert worked[(pin.employee, pin.need, pin.date)].pinned


def test_a_large_month_with_pins_passes_the_checker(pinned_month: Any) -> None:
    sc, _, plan = pinned_month
    assert check(sc, plan) == []


def test_the_greedy_places_the_pins_first() -> None:
    sc = generate_scenario(12, 5, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    plain = greedy_pairs(inst, deterministic())
    # a pair the greedy does not choose by itself
    missing = next(
        (inst.staff[s].id, occ.source.key)
        for occ in inst.occs
        for s in inst.eligible_staff[occ.index]
        if (inst.staff[s].id, occ.source.key) not in plain
    )
    occ = inst.occ_by_key[missing[1]]
    pin = Pin(employee=missing[0], need=occ.source.need, date=occ.source.date)
    assert missing in greedy_pairs(inst, deterministic(), pins=[pin])


def test_pins_given_to_the_solve_are_kept_by_the_neighbourhoods(pinned_month: Any) -> None:
    sc, pins, _ = pinned_month
    bare = with_pins(sc, [])
    plan = solve_outcome(bare, MONTH, options=deterministic(), pins=pins).plan
    worked = {(a.employee, a.need, a.date) for a in plan.assignments}
    assert {(p.employee, p.need, p.date) for p in pins} <= worked
    assert check(sc, plan) == []


def test_a_broken_pin_stops_a_large_month_with_the_pin_named() -> None:
    sc = generate_scenario(12, 5, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    # qualified, but ruled out (an absence, the contract, a legal limit): the loader lets it through
    staff, occ = next(
        (staff, o)
        for staff in inst.staff
        for o in inst.occs
        if o.source.skill in staff.employee.skills
        and o.source.reserved_for is None
        and inst.ineligibility(staff, o) is not None
    )
    pin = Pin(employee=staff.id, need=occ.source.need, date=occ.source.date)
    with pytest.raises(DomainError, match=f"pin {staff.id} on {occ.source.need} .* breaks a hard rule"):
        solve_outcome(with_pins(sc, [pin]), MONTH, options=deterministic())


def test_a_neighbourhood_model_fixes_its_movers_pins_and_leaves_the_others_to_the_held_plan(
    pinned_month: Any,
) -> None:
    sc, pins, _ = pinned_month
    base = Instance(sc, *month_bounds(MONTH))
    mover, held = pins[0], pins[1]
    allowed = {(mover.employee, base.occs[i].source.key) for i in base.staff_by_id[mover.employee].eligible}
    inst = narrowed(base, allowed, Held(heads={}, served={}, amounts={}))
    built = build(sc, *month_bounds(MONTH), deterministic(greedy_hint=False), instance=inst)
    staff, occ = inst.staff_by_id[mover.employee], inst.occ_by_key[f"{mover.need}@{mover.date.isoformat()}"]
    assert built.pinned == {(staff.index, occ.index)}
    assert inst.outside(inst.staff_by_id[held.employee])
