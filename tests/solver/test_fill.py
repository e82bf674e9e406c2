"""Filling the heads a search left open (engine.solver.search.fill): every assignment kept, legal, cheaper."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from engine.generator import generate_scenario
from engine.model import Scenario
from engine.solver import SolveOptions
from engine.solver.model.instance import Instance
from engine.solver.pipeline import solve_outcome
from engine.solver.search.fill import fill, open_candidates, plan_pairs, polish
from engine.solver.search.run import Outcome
from engine.timeutil import month_bounds
from tests.solver.conftest import check, day, employee, need, scenario
from tests.solver.test_large_months import month_cost

MONTH = "2026-03"


def options(**extra: Any) -> SolveOptions:
    return SolveOptions(time_limit=None, deterministic_time=5.0, workers=1, seed=1, **extra)


def without(sc: Scenario, left_out: set[tuple[str, str]]) -> Outcome:
    """A month solved with some candidate pairs left out: a plan that leaves heads open."""
    inst = Instance(sc, *month_bounds(MONTH))
    pairs = {(s.id, inst.occs[i].source.key) for s in inst.staff for i in s.eligible}
    return solve_outcome(sc, MONTH, options=options(), allowed=pairs - left_out)


@pytest.fixture(scope="module")
def open_head() -> tuple[Scenario, Outcome]:
    """e works mornings; the afternoon of day 2 is only open to f, which the first solve may not use."""
    sc = scenario(
        [employee("e", hours=20), employee("f", hours=20)],
        [
            need("am", "08:00", "12:00", [day(2), day(3)]),
            need("pm", "14:00", "18:00", [day(2)], priority="high"),
        ],
    )
    return sc, without(sc, {("e", f"pm@{day(2)}"), ("f", f"pm@{day(2)}")})


def test_the_first_plan_leaves_the_afternoon_open(open_head: Any) -> None:
    _, outcome = open_head
    assert [u.need for u in outcome.plan.unfilled] == ["pm"]


def test_fill_gives_the_open_head_to_a_candidate_and_keeps_every_assignment(open_head: Any) -> None:
    sc, outcome = open_head
    inst = Instance(sc, *month_bounds(MONTH))
    filled = fill(sc, inst, *month_bounds(MONTH), MONTH, options(), outcome.plan)
    assert filled is not None
    assert plan_pairs(outcome.plan) < plan_pairs(filled.plan)
    assert not filled.plan.unfilled
    assert check(sc, filled.plan) == []


def test_a_filled_plan_costs_what_the_whole_months_model_says(open_head: Any) -> None:
    sc, outcome = open_head
    inst = Instance(sc, *month_bounds(MONTH))
    filled = fill(sc, inst, *month_bounds(MONTH), MONTH, options(), outcome.plan)
    assert filled is not None and filled.plan.solver is not None and outcome.plan.solver is not None
    assert filled.plan.solver.objective == month_cost(sc, filled.plan)
    assert filled.plan.solver.objective is not None and outcome.plan.solver.objective is not None
    assert filled.plan.solver.objective < outcome.plan.solver.objective


def test_fill_does_not_give_a_head_to_someone_it_would_make_break_a_rule() -> None:
    """e could take the afternoon only by working 4 h more on a day already at its 10 h maximum."""
    sc = scenario(
        [employee("e")],
        [need("long", "06:00", "16:00", [day(2)]), need("late", "17:00", "21:00", [day(2)])],
    )
    outcome = without(sc, {("e", f"late@{day(2)}")})
    inst = Instance(sc, *month_bounds(MONTH))
    assert open_candidates(inst, outcome.plan) == {("e", f"late@{day(2)}")}
    assert fill(sc, inst, *month_bounds(MONTH), MONTH, options(), outcome.plan) is None


def test_fill_has_nothing_to_do_on_a_plan_without_open_heads() -> None:
    sc = scenario([employee("e")], [need("a", "08:00", "12:00", [day(2)])])
    plan = solve_outcome(sc, MONTH, options=options(fill=False)).plan
    inst = Instance(sc, *month_bounds(MONTH))
    assert not plan.unfilled
    assert fill(sc, inst, *month_bounds(MONTH), MONTH, options(), plan) is None


@pytest.fixture(scope="module")
def stopped_search() -> tuple[Scenario, Outcome]:
    """A generated month whose search, without the greedy's start, stops early: heads stay open that
    free candidates could take."""
    sc = generate_scenario(12, 5, 1, MONTH)
    opts = SolveOptions(
        time_limit=None, deterministic_time=0.5, workers=1, seed=1, greedy_hint=False, fill=False
    )
    return sc, solve_outcome(sc, MONTH, options=opts)


def test_a_solve_fills_open_heads_after_the_search_and_its_plan_passes_the_checker(
    stopped_search: Any,
) -> None:
    sc, searched = stopped_search
    opts = SolveOptions(time_limit=None, deterministic_time=0.5, workers=1, seed=1, greedy_hint=False)
    filled = solve_outcome(sc, MONTH, options=opts).plan
    assert searched.plan.solver is not None and filled.solver is not None
    assert searched.plan.solver.objective is not None and filled.solver.objective is not None
    assert filled.solver.objective < searched.plan.solver.objective
    assert len(filled.unfilled) < len(searched.plan.unfilled)
    assert check(sc, filled) == []
    assert filled.solver.objective == month_cost(sc, filled)


def test_polish_keeps_the_months_bound_and_recomputes_the_gap_on_the_new_cost(stopped_search: Any) -> None:
    sc, outcome = stopped_search
    facts = outcome.plan.solver
    assert facts is not None and facts.objective is not None
    bound = (facts.objective / 4).quantize(Decimal("0.01"))
    with_bound = replace(
        outcome, plan=outcome.plan.model_copy(update={"solver": facts.model_copy(update={"bound": bound})})
    )
    polished = polish(sc, *month_bounds(MONTH), MONTH, options(), with_bound).plan.solver
    assert polished is not None and polished.objective is not None and polished.gap is not None
    assert polished.bound == bound and polished.objective < facts.objective
    fixed = Decimal(outcome.built.fixed_units) / outcome.built.ctx.inst.units
    expected = (polished.objective - bound) / (polished.objective - fixed)
    assert polished.gap == expected.quantize(Decimal("0.000001"))


def test_polish_leaves_a_proven_optimal_plan_alone(stopped_search: Any) -> None:
    sc, outcome = stopped_search
    proven = replace(outcome, status="OPTIMAL")
    assert polish(sc, *month_bounds(MONTH), MONTH, options(), proven) is proven
