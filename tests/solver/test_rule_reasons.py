"""Reasons of unfilled needs are true: every rule says how it blocks a shift, with its article."""

import ast
import inspect
from types import ModuleType

import pytest

from engine.solver.model import instance as I
from engine.solver.readback.reasons import limit_of
from engine.solver.rules import hard_rules
from tests.solver.conftest import check, day, employee, need, scenario, solve_small

NOT_LIMITS = {"assignment", "occurrences", "worktime", "night_worker"}
"""Modules that are no limit on one more shift (decided per pair before the model, head counts, terms,
the night worker status whose limits `daily_max` and `rolling_average` apply)."""


def name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def test_every_rule_module_says_how_it_blocks_a_shift() -> None:
    for module in hard_rules():
        assert hasattr(module, "blocks"), f"{name(module)} has no blocks"
        assert isinstance(module.LIMITS, dict), f"{name(module)} has no LIMITS"
        assert (module.blocks is None) == (name(module) in NOT_LIMITS), name(module)


def test_no_module_writes_one_code_twice() -> None:
    # a dict literal keeps the last of two equal keys: one label would silently replace the other
    for module in hard_rules():
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "LIMITS" for t in node.targets
            ):
                assert isinstance(node.value, ast.Dict)
                keys = [_code(key) for key in node.value.keys]
                assert len(keys) == len(set(keys)), f"{name(module)}: {keys}"


def _code(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    assert isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "I"
    return str(getattr(I, node.attr))


def test_every_code_of_the_eligibility_has_a_label() -> None:
    for code in I.INELIGIBLE:
        label, _ = limit_of(code)
        assert label


def test_an_unknown_code_is_an_error_not_a_silent_reason() -> None:
    with pytest.raises(KeyError, match="LIMITS"):
        limit_of("a_rule_nobody_labelled")


def forfait(days_worked: int) -> dict:  # type: ignore[type-arg]
    contract = {"kind": "forfait_jours", "start": "2020-01-01", "annual_days": 218}
    return {"employees": [{"employee": "e", "ytd_days_worked": days_worked}]}, employee(
        "e", contract=contract
    )


def test_the_forfait_yearly_day_count_is_the_reason_not_a_cost_trade_off() -> None:
    history, emp = forfait(217)
    sc = scenario(
        [emp], [need("a", "08:00", "12:00", [day(2)]), need("b", "08:00", "12:00", [day(3)])], history=history
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert "L3121-64" in unfilled.limits
    assert "forfait jours" in unfilled.reason and "L3121-64" in unfilled.reason
    assert "coûterait davantage" not in unfilled.reason
    assert check(sc, plan) == []


def test_the_daily_maximum_reason_says_when_home_travel_pushes_the_day_over() -> None:
    contract = {
        "kind": "cdi_full_time",
        "start": "2020-01-01",
        "weekly_hours": 35,
        "home_travel_is_work": True,
    }
    # home 16 km from the site: about 25 minutes each way at 50 km/h with the road factor
    emp = employee("e", contract=contract, home={"lat": 45.85, "lon": 4.83})
    sc = scenario([emp], [need("long", "08:00", "17:30", [day(2)])])
    plan = solve_small(sc)
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert "trajets domicile-travail" in unfilled.reason
    assert set(unfilled.limits) >= {"L3121-18", "L3121-4"}


def test_a_day_over_the_maximum_without_home_travel_says_only_the_maximum() -> None:
    sc = scenario(
        [employee("e")], [need("am", "07:00", "13:00", [day(2)]), need("pm", "14:00", "19:00", [day(2)])]
    )
    [unfilled] = solve_small(sc).unfilled
    assert "durée quotidienne maximale, L3121-18" in unfilled.reason
    assert "trajets" not in unfilled.reason
