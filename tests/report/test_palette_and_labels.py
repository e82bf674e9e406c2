"""The member palette stays distinct for any count, and every label the plan page needs exists: each cost
term the solver can name, each billing component, each solver status."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.billing.components import Component
from engine.report.costs import COMPONENT_GROUPS, ESTIMATE_TERMS, PENALTY_TERMS
from engine.report.french import SOLVER_STATUS
from engine.report.palette import contrast, palette

OBJECTIVE = Path(__file__).resolve().parents[2] / "engine" / "solver" / "objective"
INK = "#1f2933"  # the page's text colour


@given(st.integers(min_value=1, max_value=400))
@settings(max_examples=40, deadline=None)
def test_every_member_gets_its_own_colour(count):
    assert len({s.background for s in palette(count)}) == count


@given(st.integers(min_value=2, max_value=200))
@settings(max_examples=25, deadline=None)
def test_adding_a_member_keeps_the_colours_of_the_others(count):
    assert palette(count)[: count - 1] == palette(count - 1)


@given(st.integers(min_value=1, max_value=400))
@settings(max_examples=20, deadline=None)
def test_text_stays_readable_on_every_colour(count):
    assert min(contrast(s.background, INK) for s in palette(count)) >= 4.5


def test_twenty_colours_are_far_apart():
    """OKLab distance: about 0.02 is a just noticeable difference; twenty colours stay well beyond it."""
    swatches = palette(20)
    assert min(math.dist(a.lab, b.lab) for a, b in itertools.combinations(swatches, 2)) > 0.07


def _term_names() -> set[str]:
    names: set[str] = set()
    for source in OBJECTIVE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        names |= set(re.findall(r'costs\.add(?:_fixed)?\(\s*"([a-z_]+)"', text))
        names |= set(re.findall(r'"([a-z]+_(?:premium|fairness))"', text))
    return names


def test_every_cost_term_of_the_solver_has_a_french_label():
    names = _term_names()
    assert {"unfilled", "idle", "mileage", "weekend_fairness", "overtime_premium"} <= names  # the scan works
    assert names <= set(ESTIMATE_TERMS) | set(PENALTY_TERMS)


def test_every_billing_component_is_in_one_group_of_the_months_cost():
    grouped = [c for _, components in COMPONENT_GROUPS for c in components]
    assert sorted(grouped) == sorted(Component)


def test_every_cp_sat_status_has_a_french_label():
    assert set(SOLVER_STATUS) == {"OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID", "UNKNOWN"}
