"""Continuity's regulars (objective/continuity.py): with the assignments given, `hint_regulars` chooses
them at their best, so that pricing a plan is exact at once."""

from __future__ import annotations

from decimal import Decimal

from engine.solver import SolveOptions
from engine.solver.model.build import build
from engine.solver.search.run import price
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario

CHANGE = {"continuity_change": 6}


def _priced(sc: object, plan: dict[str, list[int]]) -> Decimal:
    """The model's exact cost of a plan given as employee → days of the need `x`."""
    options = SolveOptions(time_limit=None, deterministic_time=5.0, workers=1, seed=1, greedy_hint=False)
    built = build(sc, *month_bounds("2026-03"), options)  # type: ignore[arg-type]
    wanted = {(e, f"x@{day(d)}") for e, days in plan.items() for d in days}
    solver = price(
        built, lambda staff, i, lit: (staff.id, built.ctx.inst.occs[i].source.key) in wanted, options
    )
    assert solver is not None  # legal, and proven at its best
    return Decimal(round(solver.objective_value + built.fixed_units)) / built.ctx.inst.units


def test_the_employee_serving_a_need_most_is_its_regular_when_a_plan_is_priced() -> None:
    sc = scenario(
        [employee("e"), employee("f")], [need("x", "09:00", "12:00", [day(d) for d in (2, 3, 4, 5)])]
    )
    with_change = scenario(
        [employee("e"), employee("f")],
        [need("x", "09:00", "12:00", [day(d) for d in (2, 3, 4, 5)])],
        objective=CHANGE,
    )
    # e serves 3 times, f once: f's one assignment is the only change (6 €)
    assert _priced(with_change, {"e": [2, 3, 4], "f": [5]}) - _priced(sc, {"e": [2, 3, 4], "f": [5]}) == 6


def test_a_newcomer_serving_the_need_alone_is_its_regular_at_one_change() -> None:
    needs = [need("x", "09:00", "12:00", [day(d) for d in (2, 3, 4, 5)])]
    staff = [employee("e"), employee("f")]
    base = scenario(staff, needs)
    sc = scenario(staff, needs, objective=CHANGE, history={"last_month_servers": {"x": ["f"]}})
    # e did not serve it last month: one change as the new regular, not four as an outsider
    assert _priced(sc, {"e": [2, 3, 4, 5]}) - _priced(base, {"e": [2, 3, 4, 5]}) == 6
