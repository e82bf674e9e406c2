"""Large months solved by neighbourhoods (engine.solver.search.large): legal plans, never worse than the first.

The search is asked for explicitly on small groups (it starts by itself only above `LARGE_PAIRS`
candidate pairs) and runs a fixed number of neighbourhoods under CP-SAT's deterministic limit.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from engine.errors import SearchTimeout
from engine.generator import generate_scenario
from engine.loader import load_scenario
from engine.model import Plan, Scenario, SolverFacts
from engine.solver import SolveOptions
from engine.solver.model.build import build, hint_pairs
from engine.solver.model.instance import Held, Instance, narrowed
from engine.solver.pipeline import solve_outcome
from engine.solver.search import large
from engine.solver.search.large import greedy_pairs
from engine.solver.search.run import run
from engine.solver.strategy import neighbourhoods
from engine.timeutil import month_bounds
from tests.solver.conftest import check, day, employee, need, scenario, solve_small
from tests.solver.test_property_checker import small_groups


def deterministic(**extra: Any) -> SolveOptions:
    return SolveOptions(
        time_limit=None, deterministic_time=6.0, workers=1, seed=1, neighbourhood_search=True, **extra
    )


@pytest.fixture(scope="module")
def generated() -> tuple[Scenario, Plan, list[float]]:
    sc = generate_scenario(12, 5, 1, "2026-03")
    seen: list[float] = []
    options = deterministic(progress=lambda e: seen.append(e.objective or 0.0))
    return sc, solve_outcome(sc, "2026-03", options=options).plan, seen


def test_a_generated_month_solved_by_neighbourhoods_passes_the_checker(generated: Any) -> None:
    sc, plan, _ = generated
    assert plan.assignments
    assert check(sc, plan) == []


def test_the_neighbourhoods_never_return_a_plan_dearer_than_the_first_one(generated: Any) -> None:
    _, plan, seen = generated
    assert plan.solver is not None and plan.solver.objective is not None
    assert len(seen) >= 2  # the first plan, then at least one improving move
    assert seen == sorted(seen, reverse=True)
    assert float(plan.solver.objective) == seen[-1]


def test_a_plan_by_neighbourhoods_claims_no_proof_and_no_bound(generated: Any) -> None:
    facts = generated[1].solver
    assert facts is not None
    assert facts.status == "FEASIBLE" and facts.bound is None and facts.gap is None  # deterministic: no LP


def test_the_greedy_alone_places_every_head_an_idle_qualified_employee_can_take() -> None:
    sc = scenario(
        [employee("e"), employee("f")], [need("a", "08:00", "12:00", [day(2), day(3)], headcount=2)]
    )
    inst = Instance(sc, *month_bounds("2026-03"))
    pairs = greedy_pairs(inst, deterministic())
    assert pairs == {(e, f"a@2026-03-0{d}") for e in ("e", "f") for d in (2, 3)}


def test_small_months_keep_the_single_model_unless_asked() -> None:
    sc = generate_scenario(12, 5, 1, "2026-03")
    inst = Instance(sc, *month_bounds("2026-03"))
    assert not neighbourhoods(inst, SolveOptions())
    assert neighbourhoods(inst, SolveOptions(neighbourhood_search=True))


def test_a_month_with_pins_is_solved_by_neighbourhoods_when_asked() -> None:
    pins = [{"employee": "e", "need": "a", "date": day(2)}]
    sc = scenario([employee("e")], [need("a", "08:00", "12:00", [day(2)])], pins=pins)
    inst = Instance(sc, *month_bounds("2026-03"))
    assert neighbourhoods(inst, SolveOptions(neighbourhood_search=True))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_groups())
def test_every_plan_by_neighbourhoods_passes_the_checker(sc: Any) -> None:
    plan = solve_small(sc, options={"deterministic_time": 3.0, "neighbourhood_search": True})
    assert check(sc, plan) == []


def test_a_narrowed_instance_has_the_candidates_of_one_built_with_the_same_pairs() -> None:
    sc = generate_scenario(12, 5, 1, "2026-03")
    first, last = month_bounds("2026-03")
    base = Instance(sc, first, last)
    allowed = {(s.id, base.occs[i].source.key) for s in base.staff for i in s.eligible[::3]}
    narrow, built = narrowed(base, allowed), Instance(sc, first, last, allowed=allowed)
    assert [s.eligible for s in narrow.staff] == [s.eligible for s in built.staff]
    assert narrow.eligible_staff == built.eligible_staff
    assert [s.eligible for s in base.staff] != [s.eligible for s in narrow.staff]  # base untouched


def test_the_months_relaxation_bounds_a_plan_by_neighbourhoods_when_asked() -> None:
    sc = generate_scenario(12, 5, 1, "2026-03")
    facts = solve_outcome(sc, "2026-03", options=deterministic(relaxation_bound=True)).plan.solver
    assert facts is not None and facts.objective is not None
    assert facts.bound is not None and facts.gap is not None
    assert 0 < facts.bound <= facts.objective
    assert 0 <= facts.gap < 1


def test_loan_days_are_placed_around_the_greedy_plan() -> None:
    sc = load_scenario(Path(__file__).parents[2] / "scenarios" / "pret-cadre-2026-11.yaml")
    plan = solve_outcome(sc, options=deterministic()).plan
    loan_days = [a for a in plan.assignments if a.employee == "dlaunay" and a.need == "pret-daf-hda"]
    assert len(loan_days) >= 3 * 4  # three agreed days a week, four full weeks in November 2026
    assert check(sc, plan) == []


def month_cost(sc: Scenario, plan: Plan) -> Decimal:
    """The whole month's model with exactly these assignments: the plan's true cost."""
    objective = month_priced(sc, plan).objective
    assert objective is not None
    return objective


def month_priced(sc: Scenario, plan: Plan) -> SolverFacts:
    """The whole month's model with exactly these assignments (no other pair allowed): its facts."""
    return month_plan(sc, plan).solver  # type: ignore[return-value]


def month_plan(sc: Scenario, plan: Plan) -> Plan:
    """The plan read back from the whole month's model holding exactly its assignments."""
    pairs = {(a.employee, a.occurrence_id) for a in plan.assignments}
    options = SolveOptions(time_limit=None, deterministic_time=10.0, workers=1, seed=1, greedy_hint=False)
    built = build(sc, *month_bounds(plan.month), options, fixed=pairs, allowed=pairs)
    outcome = run(built, options, month=plan.month)
    # proven: the plan's status says FEASIBLE only because the model is restricted to these pairs
    assert outcome.solver.best_objective_bound == outcome.solver.objective_value
    assert outcome.plan.solver is not None and outcome.plan.solver.objective is not None
    return outcome.plan


@pytest.mark.parametrize("seed", [1, 2])
def test_a_plan_by_neighbourhoods_reports_its_month_cost(seed: int) -> None:
    sc = generate_scenario(8, 3, seed, "2026-03")  # fairness and continuity weights on
    plan = solve_outcome(sc, "2026-03", options=deterministic()).plan
    assert plan.solver is not None and plan.solver.objective is not None
    assert plan.solver.objective == month_cost(sc, plan)


def test_a_month_without_any_time_limit_tries_a_fixed_number_of_neighbourhoods() -> None:
    sc = generate_scenario(8, 3, 1, "2026-03")
    options = SolveOptions(time_limit=None, workers=1, seed=1, neighbourhood_search=True)
    plan = solve_outcome(sc, "2026-03", options=options).plan  # returns: no endless loop
    assert check(sc, plan) == []


@pytest.fixture(scope="module")
def held_out() -> tuple[Scenario, Plan]:
    """A month solved by neighbourhoods of two employees out of ten (fills of three): most of the group
    is held as constants in every move (engine.solver.search.neighbourhood)."""
    sc = generate_scenario(10, 4, 1, "2026-03")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(large, "MOVERS", 2)
        patch.setattr(large, "FILL_MOVERS", 3)
        plan = solve_outcome(sc, "2026-03", options=deterministic()).plan
    return sc, plan


def test_moves_that_hold_most_employees_keep_the_months_cost_term_by_term(held_out: Any) -> None:
    sc, plan = held_out
    assert plan.cost_terms == month_plan(sc, plan).cost_terms
    assert plan.solver is not None and plan.solver.objective == month_cost(sc, plan)


def test_moves_that_hold_most_employees_report_the_months_unfilled_heads(held_out: Any) -> None:
    sc, plan = held_out
    heads = {(u.need, u.date): u.missing for u in plan.unfilled}
    assert heads == {(u.need, u.date): u.missing for u in month_plan(sc, plan).unfilled}


def test_moves_that_hold_most_employees_give_a_legal_plan(held_out: Any) -> None:
    sc, plan = held_out
    assert check(sc, plan) == []


def e_alone_while_f_holds_one_head(headcount: int) -> list[tuple[str, str]]:
    """A neighbourhood of e alone on need `a`, where f (outside the model) works one head of it: what e
    is given."""
    sc = scenario(
        [employee("e"), employee("f")], [need("a", "08:00", "12:00", [day(2)], headcount=headcount)]
    )
    first, last = month_bounds("2026-03")
    inst = Instance(sc, first, last)
    key = f"a@{day(2)}"
    held = Held(heads={inst.occ_by_key[key].index: 1}, served={}, amounts={})
    options = SolveOptions(time_limit=None, deterministic_time=2.0, workers=1, seed=1, greedy_hint=False)
    built = build(sc, first, last, options, instance=narrowed(inst, {("e", key)}, held))
    return [(a.employee, a.need) for a in run(built, options, month="2026-03").plan.assignments]


def test_a_head_held_by_an_employee_outside_the_model_is_not_offered_to_the_movers() -> None:
    assert e_alone_while_f_holds_one_head(1) == []


def test_an_open_head_is_offered_to_the_movers_when_the_outsiders_hold_fewer_than_the_head_count() -> None:
    assert e_alone_while_f_holds_one_head(2) == [("e", "a")]


def test_a_large_month_without_a_first_plan_in_time_stops_with_a_clear_error_not_the_whole_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above WHOLE_MONTH_MAX_PAIRS the whole month's model would need more memory than the machine."""
    sc = generate_scenario(8, 3, 1, "2026-03")
    tried: list[str] = []

    def no_plan(self: Any, *args: Any, **kwargs: Any) -> Any:
        tried.append("neighbourhood")
        raise SearchTimeout("no plan found within the limits")

    monkeypatch.setattr(large._Search, "solve", no_plan)
    monkeypatch.setattr(large, "WHOLE_MONTH_MAX_PAIRS", 0)
    with pytest.raises(SearchTimeout, match="allow more time"):
        solve_outcome(sc, "2026-03", options=deterministic())
    assert tried == ["neighbourhood"] * 3  # the check, once more with more time, then the subset


def test_a_first_plan_check_that_ran_out_of_time_is_tried_again_before_the_subset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = generate_scenario(8, 3, 1, "2026-03")
    real = large._Search.solve
    checks: list[bool] = []  # whether each first-plan solve checked the greedy plan as it is (all fixed)

    def slow_once(self: Any, allowed: Any, fixed: Any, start: Any, seconds: float) -> Any:
        checks.append(fixed == start)
        if len(checks) == 1:
            raise SearchTimeout("no plan found within the limits")
        return real(self, allowed, fixed, start, seconds)

    monkeypatch.setattr(large._Search, "solve", slow_once)
    plan = solve_outcome(sc, "2026-03", options=deterministic()).plan
    assert checks == [True, True]  # the check again, not the subset search
    assert check(sc, plan) == []


def first_plan_model(free: int = 0) -> tuple[Any, set[tuple[str, str]]]:
    """A large month's first-plan model on a small group: the greedy's pairs allowed and kept, but for
    `free` of them, which the model may drop; hinted with all of them."""
    sc = generate_scenario(12, 5, 1, "2026-03")
    inst = Instance(sc, *month_bounds("2026-03"))
    options = SolveOptions(time_limit=30.0, workers=1, seed=1, greedy_hint=False)
    pairs = greedy_pairs(inst, options)
    kept = set(sorted(pairs)[free:])
    built = build(sc, *month_bounds("2026-03"), options, fixed=kept, instance=narrowed(inst, pairs))
    hint_pairs(built.ctx, pairs)
    built.hinted = True
    return built, pairs


def test_a_model_with_every_assignment_kept_is_answered_by_the_hint_check_alone() -> None:
    built, pairs = first_plan_model()
    assert built.decided
    outcome = run(built, SolveOptions(time_limit=30.0, workers=1, seed=1), month="2026-03", reasons=False)
    assert outcome.solver.parameters.fix_variables_to_their_hinted_value  # the check's own solve
    assert {(a.employee, a.occurrence_id) for a in outcome.plan.assignments} == pairs


def test_a_model_with_one_assignment_left_free_is_searched() -> None:
    built, _ = first_plan_model(free=1)
    assert not built.decided
    outcome = run(built, SolveOptions(time_limit=30.0, workers=1, seed=1), month="2026-03", reasons=False)
    assert not outcome.solver.parameters.fix_variables_to_their_hinted_value
