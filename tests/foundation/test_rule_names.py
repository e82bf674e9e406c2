"""One name per rule: a rule of the checker has the solver module of the same name, and the reverse, except
the documented few that exist on one side only (engine/solver/rules/__init__.py)."""

from __future__ import annotations

from types import ModuleType

from engine.checker.rules import FAMILIES
from engine.solver.rules import CHECKER_ONLY, SOLVER_ONLY, hard_rules


def name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


CHECKER = {name(module) for module in FAMILIES}
SOLVER = {name(module) for module in hard_rules()}


def test_every_checker_rule_has_a_solver_rule_of_its_name_unless_listed() -> None:
    assert set(CHECKER_ONLY) == CHECKER - SOLVER


def test_every_solver_rule_has_a_checker_rule_of_its_name_unless_listed() -> None:
    assert set(SOLVER_ONLY) == SOLVER - CHECKER


def test_a_rule_listed_on_one_side_only_says_where_the_other_side_holds_it() -> None:
    for where in (*CHECKER_ONLY.values(), *SOLVER_ONLY.values()):
        assert where.strip()


def test_no_rule_is_listed_as_one_sided_while_it_exists_on_both() -> None:
    assert not set(CHECKER_ONLY) & SOLVER
    assert not set(SOLVER_ONLY) & CHECKER
