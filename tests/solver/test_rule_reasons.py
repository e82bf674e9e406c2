"""Reasons of unfilled needs are true: every rule says how it blocks a shift, with its article."""

import ast
import inspect
from types import ModuleType

import pytest

from engine.solver.model import instance as I
from engine.solver.readback.reasons import limit_of
from engine.solver.rules import hard_rules

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
