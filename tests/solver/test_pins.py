"""Pins are kept; a pin that breaks a hard rule stops the solve with a message naming pin and rule."""

import pytest

from engine.errors import DomainError
from tests.solver.conftest import day, employee, need, scenario, solve_small


def test_a_pinned_assignment_is_kept_even_when_another_employee_is_cheaper() -> None:
    sc = scenario(
        [employee("cheap"), employee("pinned")],
        [need("n", "08:00", "12:00", [day(2)])],
        pins=[{"employee": "pinned", "need": "n", "date": day(2)}],
    )
    plan = solve_small(sc)
    [a] = plan.assignments
    assert a.employee == "pinned" and a.pinned


def test_a_pin_on_an_absence_is_refused_with_the_pin_named() -> None:
    sc = scenario(
        [employee("e", absences=[{"kind": "sickness", "start": day(2), "end": day(3)}])],
        [need("n", "08:00", "12:00", [day(2)])],
        pins=[{"employee": "e", "need": "n", "date": day(2)}],
    )
    with pytest.raises(DomainError, match=r"pin e on n 2026-03-02.*absent"):
        solve_small(sc)


def test_two_pins_breaking_the_daily_rest_are_refused_with_the_article() -> None:
    sc = scenario(
        [employee("e")],
        [need("eve", "14:00", "23:00", [day(2)]), need("early", "06:00", "12:00", [day(3)])],
        pins=[
            {"employee": "e", "need": "eve", "date": day(2)},
            {"employee": "e", "need": "early", "date": day(3)},
        ],
    )
    with pytest.raises(DomainError, match="L3131-1"):
        solve_small(sc)
