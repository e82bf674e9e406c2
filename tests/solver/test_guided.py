"""The relaxation solved before the search and steering the greedy (engine.solver.search.guided)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pytest

from engine.generator import generate_scenario
from engine.model import Scenario
from engine.solver import SolveOptions, strategy
from engine.solver.bound import relaxation
from engine.solver.bound.relaxation import solve_relaxation
from engine.solver.model.build import build
from engine.solver.model.context import Context
from engine.solver.model.instance import Instance, narrowed
from engine.solver.options import Progress
from engine.solver.pipeline import solve_outcome
from engine.solver.search import greedy, guided, large
from engine.solver.search.neighbourhood import Current
from engine.solver.search.run import price
from engine.timeutil import month_bounds
from tests.solver.conftest import check, day, employee, need, scenario

MONTH = "2026-03"
UNITS = SolveOptions().units_per_euro
DETERMINISTIC = SolveOptions(time_limit=None, deterministic_time=5.0, workers=1, seed=1)


def greedy_pairs(inst: Instance, guide: Mapping[tuple[int, int], float] | None) -> set[tuple[str, str]]:
    ctx = Context(inst, SolveOptions())
    for i, staff_indexes in enumerate(inst.eligible_staff):
        ctx.by_occ[i] = [(s, cast(Any, None)) for s in staff_indexes]  # the greedy reads candidates only
    plan = greedy.greedy(ctx, guide)
    return {(inst.staff[s].id, occ.source.key) for s, occs in plan.items() for occ in occs}


def plan_cost(sc: Scenario, inst: Instance, pairs: set[tuple[str, str]]) -> float:
    """The month's cost of a plan of these pairs (None if the model refuses it)."""
    built = build(sc, *month_bounds(MONTH), SolveOptions(greedy_hint=False), instance=narrowed(inst, pairs))
    solver = price(built, lambda staff, i, lit: True, DETERMINISTIC)
    assert solver is not None, "the greedy's plan is legal"
    return (solver.objective_value + built.fixed_units) / inst.units


def forbid(monkeypatch: pytest.MonkeyPatch, name: str, why: str) -> None:
    """Make `guided.<name>` fail the test if it is called."""

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(why)

    monkeypatch.setattr(guided, name, never)


def two_equal_employees() -> Scenario:
    return scenario([employee("e"), employee("f")], [need("x", "08:00", "12:00", [day(2)])])


def test_the_relaxation_reports_its_assignments_within_the_heads() -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    result = solve_relaxation(inst, None)
    assert result.assignments
    per_occurrence: dict[int, float] = {}
    for (s, i), value in result.assignments.items():
        assert i in inst.staff[s].eligible
        assert 0 < value <= 1 + 1e-9
        per_occurrence[i] = per_occurrence.get(i, 0.0) + value
    assert all(total <= inst.occs[i].headcount + 1e-6 for i, total in per_occurrence.items())


@pytest.mark.parametrize("favoured", [0, 1])
def test_the_greedy_offers_a_head_to_the_guides_employee_first(favoured: int) -> None:
    inst = Instance(two_equal_employees(), *month_bounds(MONTH))
    guide = {(favoured, 0): 0.9, (1 - favoured, 0): 0.1}
    assert greedy_pairs(inst, guide) == {(inst.staff[favoured].id, inst.occs[0].source.key)}


def test_a_guided_greedy_plan_costs_less_than_the_plain_one_on_a_generated_month() -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    guide = guided.guide(solve_relaxation(inst, None))
    assert guide is not None
    assert plan_cost(sc, inst, greedy_pairs(inst, guide)) < plan_cost(sc, inst, greedy_pairs(inst, None))


def test_a_relaxation_without_every_days_path_does_not_guide() -> None:
    # two shifts on one day: a path needs arcs, and a budget of none leaves the day without one
    needs = [need("am", "08:00", "12:00", [day(2)]), need("pm", "13:00", "17:00", [day(2)])]
    inst = Instance(scenario([employee("e")], needs), *month_bounds(MONTH))
    assert guided.guide(solve_relaxation(inst, None, arc_budget=0)) is None
    assert guided.guide(solve_relaxation(inst, None)) is not None


def test_guidance_is_on_with_a_wall_time_limit_and_off_in_deterministic_runs_unless_asked() -> None:
    assert strategy.guided(SolveOptions(time_limit=30))
    assert not strategy.guided(SolveOptions(time_limit=30, relaxation_bound=False))
    assert not strategy.guided(SolveOptions(time_limit=None, deterministic_time=5.0))
    assert strategy.guided(SolveOptions(time_limit=None, deterministic_time=5.0, guided=True))
    assert not strategy.guided(SolveOptions(time_limit=30, guided=False))


def test_a_guided_solve_reports_the_bound_it_solved_before_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    solved: list[relaxation.Result] = []
    original = relaxation.solve_relaxation

    def counting(*args: Any, **kwargs: Any) -> relaxation.Result:
        solved.append(original(*args, **kwargs))
        return solved[-1]

    monkeypatch.setattr(relaxation, "solve_relaxation", counting)
    options = SolveOptions(
        time_limit=None, deterministic_time=2.0, workers=1, seed=1, guided=True, relaxation_bound=True
    )
    plan = solve_outcome(sc, MONTH, options=options).plan
    assert len(solved) == 1  # not solved a second time for the bound
    assert solved[0].bound is not None and plan.solver is not None and plan.solver.bound is not None
    assert plan.solver.objective is not None and plan.solver.bound <= plan.solver.objective
    assert check(sc, plan) == []


def test_progress_shows_the_relaxations_bound_from_the_first_solution() -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    events: list[Progress] = []
    options = SolveOptions(
        time_limit=None,
        deterministic_time=2.0,
        workers=1,
        seed=1,
        guided=True,
        relaxation_bound=True,
        progress=events.append,
    )
    floor = solve_relaxation(Instance(sc, *month_bounds(MONTH)), None).bound
    solve_outcome(sc, MONTH, options=options)
    first = next(e for e in events if e.objective is not None)
    assert floor is not None and first.bound is not None
    assert first.bound >= floor - 0.01


def test_a_relaxation_pricing_home_distance_is_no_bound_and_prefers_the_nearer_employee() -> None:
    # the two employees cost the same but one lives 25 km further from the site
    far = employee("far", home={"lat": 45.98, "lon": 4.83})
    inst = Instance(
        scenario([employee("near"), far], [need("x", "08:00", "12:00", [day(2)])]), *month_bounds(MONTH)
    )
    steered = solve_relaxation(inst, None, home_km_weight=1.0)
    assert steered.bound is None
    near = inst.staff_by_id["near"].index
    assert steered.assignments == {(near, 0): pytest.approx(1.0)}


def test_a_large_month_keeps_the_steered_plan_when_it_costs_less(monkeypatch: pytest.MonkeyPatch) -> None:
    sc = generate_scenario(12, 5, 1, MONTH)
    kept: list[tuple[int, int]] = []
    real = large._guided_plan

    def watched(search: Any, current: Current, first_seconds: float) -> Current:
        chosen = real(search, current, first_seconds)
        kept.append((current.cost(), chosen.cost()))
        return chosen

    monkeypatch.setattr(large, "_guided_plan", watched)
    options = SolveOptions(
        time_limit=None, deterministic_time=2.0, workers=1, seed=1, neighbourhood_search=True, guided=True
    )
    plan = solve_outcome(sc, MONTH, options=options).plan
    [(first, chosen)] = kept
    assert chosen < first  # on this month the steered greedy beats the plain one
    assert plan.solver is not None and plan.solver.objective is not None
    assert float(plan.solver.objective) * UNITS <= chosen + 100  # the moves start from it: a cent at most
    assert check(sc, plan) == []


def test_a_large_month_without_guidance_keeps_its_first_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid(monkeypatch, "steer", "the relaxation must not be solved")
    sc = generate_scenario(12, 5, 1, MONTH)
    options = SolveOptions(
        time_limit=None, deterministic_time=2.0, workers=1, seed=1, neighbourhood_search=True, guided=False
    )
    assert solve_outcome(sc, MONTH, options=options).plan.assignments


def test_a_whole_month_above_the_paths_limit_is_bounded_without_paths_and_steered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    monkeypatch.setattr(guided, "PATHS_MAX_PAIRS", 10)  # the generated month has about 400 pairs
    budgets: list[int] = []
    steered: list[bool] = []
    real_solve, real_steer = relaxation.solve_relaxation, guided.steer

    def solve(*args: Any, **kwargs: Any) -> relaxation.Result:
        budgets.append(kwargs["arc_budget"])
        return real_solve(*args, **kwargs)

    def steer(*args: Any, **kwargs: Any) -> Any:
        steered.append(True)
        return real_steer(*args, **kwargs)

    monkeypatch.setattr(relaxation, "solve_relaxation", solve)
    monkeypatch.setattr(guided, "steer", steer)
    options = SolveOptions(
        time_limit=None, deterministic_time=2.0, workers=1, seed=1, guided=True, relaxation_bound=True
    )
    plan = solve_outcome(sc, MONTH, options=options).plan
    assert budgets == [0] and steered == [True]
    assert plan.solver is not None and plan.solver.bound is not None
    assert check(sc, plan) == []


def test_a_whole_month_within_the_paths_limit_is_not_steered(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid(monkeypatch, "steer", "the paths' relaxation guides this month")
    sc = generate_scenario(8, 3, 1, MONTH)
    options = SolveOptions(time_limit=None, deterministic_time=2.0, workers=1, seed=1, guided=True)
    assert solve_outcome(sc, MONTH, options=options).plan.assignments


def test_nearest_pairs_keeps_the_pairs_closest_to_home_with_the_same_indexes() -> None:
    far = employee("far", home={"lat": 45.98, "lon": 4.83})
    needs = [need("x", "08:00", "12:00", [day(2), day(3)])]
    inst = Instance(scenario([employee("near"), far], needs), *month_bounds(MONTH))
    kept = guided.nearest_pairs(inst, 2)
    assert kept.staff_by_id["near"].eligible == inst.staff_by_id["near"].eligible
    assert kept.staff_by_id["far"].eligible == []
    assert kept.occs is inst.occs


def test_a_month_above_the_steering_limit_is_steered_on_its_nearest_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = generate_scenario(8, 3, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    monkeypatch.setattr(guided, "STEER_MAX_PAIRS", inst.candidate_pairs() // 2)
    solvers: list[str] = []
    real = relaxation.solve_relaxation

    def solve(sub: Instance, *args: Any, **kwargs: Any) -> relaxation.Result:
        solvers.append(kwargs["solver"])
        assert sub.candidate_pairs() == inst.candidate_pairs() // 2
        return real(sub, *args, **kwargs)

    monkeypatch.setattr(guided, "solve_relaxation", solve)
    guide = guided.steer(inst, 5.0)
    assert solvers == ["PDLP"]
    assert guide and all(i in inst.staff[s].eligible for s, i in guide)


def test_a_large_month_without_time_for_a_second_plan_keeps_its_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forbid(monkeypatch, "steer", "no time was left for the relaxation")
    sc = generate_scenario(12, 5, 1, MONTH)
    inst = Instance(sc, *month_bounds(MONTH))
    options = SolveOptions(time_limit=30.0, workers=1, seed=1, neighbourhood_search=True)
    search = large._Search(sc, inst, *month_bounds(MONTH), MONTH, options, started=0.0)  # long since begun
    first = large._first_plan(search, large.greedy_pairs(inst, options))
    current = Current.of(first, inst)
    assert large._guided_plan(search, current, first_seconds=1.0) is current


def test_a_whole_month_above_the_guided_limit_is_not_guided(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid(monkeypatch, "prepare", "a month this large is not guided as one model")
    monkeypatch.setattr(strategy, "GUIDED_MAX_PAIRS", 10)
    sc = generate_scenario(8, 3, 1, MONTH)
    options = SolveOptions(
        time_limit=None, deterministic_time=1.0, workers=1, seed=1, guided=True, neighbourhood_search=False
    )
    assert solve_outcome(sc, MONTH, options=options).plan.assignments


def test_no_second_plan_is_started_when_the_steering_left_too_little_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = generate_scenario(12, 5, 1, MONTH)
    monkeypatch.setattr(large, "MIN_STEER_SECONDS", 0.0)
    steered: list[bool] = []
    real_steer, real_left = guided.steer, large._Search.left

    def steer(*args: Any, **kwargs: Any) -> Any:
        steered.append(True)
        return real_steer(*args, **kwargs)

    def left(self: Any) -> float:  # as if the relaxation had used up the limit
        return 0.0 if steered else real_left(self)

    monkeypatch.setattr(guided, "steer", steer)
    monkeypatch.setattr(large._Search, "left", left)
    greedies: list[bool] = []
    real = large.greedy_pairs

    def counted(*args: Any, **kwargs: Any) -> Any:
        greedies.append(len(args) > 2 or kwargs.get("guide") is not None)
        return real(*args, **kwargs)

    monkeypatch.setattr(large, "greedy_pairs", counted)
    options = SolveOptions(time_limit=30.0, workers=1, seed=1, neighbourhood_search=True)
    plan = solve_outcome(sc, MONTH, options=options).plan
    assert steered == [True] and greedies == [False]  # steered, but no second greedy
    assert check(sc, plan) == []
