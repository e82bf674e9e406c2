"""One test file per rule, on each side: every module of engine/solver/rules/ has its
tests/solver/rules/test_<rule>.py, every module of engine/checker/rules/ its tests/checker/rules/test_<rule>.py,
and every file there names a rule of its side. Read from the file names and the source (nothing is imported).

That the two sides name their rules alike (apart from the few on one side only) is
tests/foundation/test_rule_names.py's part.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIDES = ("solver", "checker")


def rules(side: str) -> set[str]:
    """The rule modules of one side: engine/<side>/rules/<rule>.py."""
    return {path.stem for path in (ROOT / "engine" / side / "rules").glob("*.py") if path.stem != "__init__"}


def rule_tests(side: str) -> dict[str, Path]:
    """The rule test files of one side, by the rule their name gives."""
    return {
        path.stem.removeprefix("test_"): path for path in (ROOT / "tests" / side / "rules").glob("test_*.py")
    }


def defined_tests(path: Path) -> list[str]:
    """The test functions of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def test_both_sides_have_rules() -> None:
    for side in SIDES:
        assert len(rules(side)) >= 10, side


@pytest.mark.parametrize("side", SIDES)
def test_every_rule_has_its_test_file(side: str) -> None:
    assert sorted(rules(side) - set(rule_tests(side))) == []


@pytest.mark.parametrize("side", SIDES)
def test_every_rule_test_file_names_a_rule_of_its_side(side: str) -> None:
    assert sorted(set(rule_tests(side)) - rules(side)) == []


@pytest.mark.parametrize("side", SIDES)
def test_every_rule_test_file_holds_a_case_that_bites_and_one_that_must_not(side: str) -> None:
    # two tests at least: one where the rule bites, one where it must not (the limit reached exactly)
    few = {
        rule: len(defined_tests(path))
        for rule, path in rule_tests(side).items()
        if len(defined_tests(path)) < 2
    }
    assert few == {}
