"""Hand edits of a plan (engine.planedit): the incremental check is the whole check, restricted."""

from __future__ import annotations

import random
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.calendar import month_occurrences
from engine.checker import check_plan
from engine.generator import generate_scenario
from engine.model import Plan, Scenario
from engine.planedit import Edit, candidates, check_employees, edit_plan
from tests.persistence.factories import minimal, small_plan

MONTH = "2026-03"


@cache
def generated() -> Scenario:
    return generate_scenario(12, 4, seed=3, month=MONTH)


def random_plan(scenario: Scenario, seed: int, density: float) -> Plan:
    """Qualified employees put on occurrences at random: plenty of violations of every kind."""
    rng = random.Random(seed)
    assignments = []
    for occ in month_occurrences(scenario, MONTH):
        able = [e.id for e in scenario.employees if occ.skill in e.skills]
        for emp in rng.sample(able, min(len(able), occ.headcount)):
            if rng.random() < density:
                assignments.append(occ.assign(emp))
    return Plan(month=MONTH, assignments=assignments)


def key(v: object) -> tuple[object, ...]:
    return (v.rule, v.article, v.message, v.employee, v.date, v.need)  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), density=st.floats(0.2, 0.9), picks=st.integers(1, 3))
def test_the_incremental_check_equals_the_whole_check_restricted_to_the_employees(
    seed: int, density: float, picks: int
) -> None:
    scenario = generated()
    plan = random_plan(scenario, seed, density)
    chosen = set(random.Random(seed).sample([e.id for e in scenario.employees], picks))
    whole = sorted(key(v) for v in check_plan(scenario, plan) if v.employee in chosen)
    assert sorted(key(v) for v in check_employees(scenario, plan, chosen)) == whole


def test_assigning_an_employee_without_the_skill_is_refused_with_the_article() -> None:
    scenario = minimal()
    result = edit_plan(scenario, small_plan(), Edit("assign", "n3@2026-03-03", to="e1"))
    assert not result.accepted
    assert any(v.article == "L1253-9" for v in result.errors)


def test_moving_an_occurrence_to_a_qualified_free_employee_is_accepted() -> None:
    scenario = minimal()
    result = edit_plan(scenario, small_plan(), Edit("move", "n1@2026-03-02", employee="e1", to="e2"))
    assert result.accepted, result.errors
    holders = {a.employee for a in result.plan.assignments if a.occurrence_id == "n1@2026-03-02"}
    assert holders == {"e2"}


def test_unassigning_leaves_the_head_unfilled_with_a_reason() -> None:
    result = edit_plan(minimal(), small_plan(), Edit("unassign", "n1@2026-03-02", employee="e1"))
    entry = next(u for u in result.plan.unfilled if u.need == "n1")
    assert entry.missing == 1 and "à la main" in entry.reason


def test_who_can_take_it_lists_legal_candidates_with_a_cost_and_the_others_with_a_rule() -> None:
    scenario = minimal()
    plan = small_plan()
    found = candidates(scenario, plan, "n1@2026-03-05")
    assert [c.employee for c in found if c.legal]
    for c in found:
        if c.legal:
            assert c.cost_change_cents is not None and c.cost_change_cents > 0
        else:
            assert c.reasons and c.reasons[0].article


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_who_can_take_it_agrees_with_checking_each_move_on_the_whole_plan(seed: int) -> None:
    scenario = generated()
    plan = random_plan(scenario, seed, 0.5)
    target = random.Random(seed).choice(plan.assignments)
    for c in candidates(scenario, plan, target.occurrence_id, holder=target.employee):
        whole = edit_plan(
            scenario, plan, Edit("move", target.occurrence_id, employee=target.employee, to=c.employee)
        )
        assert c.legal == whole.accepted, c
