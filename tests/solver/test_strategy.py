"""What the defaults of `SolveOptions` decide (engine.solver.strategy): one behaviour per test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from engine.model import Scenario
from engine.solver import SolveOptions, strategy
from engine.solver.model.instance import Instance
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario

WALL = SolveOptions(time_limit=30.0)
DETERMINISTIC = SolveOptions(time_limit=None, deterministic_time=5.0)


def instance(sc: Scenario | None = None) -> Instance:
    sc = sc or scenario([employee("e"), employee("f")], [need("a", "08:00", "12:00", [day(2), day(3)])])
    return Instance(sc, *month_bounds("2026-03"))


def roster_with(**rules: object) -> Instance:
    """A group under the benchmarks' rule set (no French defaults) with these sequence rules."""
    rule_set = {"preset": "none", "one_shift_per_day": True, **rules}
    return instance(scenario([employee("e")], [need("a", "08:00", "12:00", [day(2)])], rules=rule_set))


# --- neighbourhoods -------------------------------------------------------------------------------------


def test_a_restricted_solve_never_considers_neighbourhoods() -> None:
    assert not strategy.neighbourhoods_considered(SolveOptions(), restricted=True)
    assert strategy.neighbourhoods_considered(SolveOptions(), restricted=False)


def test_neighbourhoods_turned_off_are_not_considered() -> None:
    assert not strategy.neighbourhoods_considered(SolveOptions(neighbourhood_search=False), restricted=False)


def test_a_month_above_the_large_limit_is_solved_by_neighbourhoods(monkeypatch: pytest.MonkeyPatch) -> None:
    inst = instance()
    assert not strategy.neighbourhoods(inst, SolveOptions())
    monkeypatch.setattr(strategy, "LARGE_PAIRS", inst.candidate_pairs() - 1)
    assert strategy.neighbourhoods(inst, SolveOptions())


def test_pins_do_not_keep_a_large_month_in_the_single_model(monkeypatch: pytest.MonkeyPatch) -> None:
    pins = [{"employee": "e", "need": "a", "date": day(2)}]
    inst = instance(scenario([employee("e")], [need("a", "08:00", "12:00", [day(2)])], pins=pins))
    monkeypatch.setattr(strategy, "LARGE_PAIRS", inst.candidate_pairs() - 1)
    assert strategy.neighbourhoods(inst, SolveOptions())


def test_general_sequence_rules_do_not_keep_a_large_month_in_the_single_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inst = roster_with(min_consecutive_days=2)
    monkeypatch.setattr(strategy, "LARGE_PAIRS", inst.candidate_pairs() - 1)
    assert strategy.neighbourhoods(inst, SolveOptions())


def test_a_large_month_under_general_sequence_rules_starts_from_whole_rosters() -> None:
    assert strategy.first_plan_by_rosters(roster_with(min_consecutive_days=2))
    assert not strategy.first_plan_by_rosters(instance())


# --- the greedy first plan -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rules",
    [
        {"min_consecutive_days": 2},
        {"min_consecutive_days_off": 2},
        {"max_weekends": 1},
        {"forbidden_successions": [{"first": "N", "then": "E"}]},
        {"max_shifts_per_kind": {"N": 3}},
        {"min_total_minutes": 600},
        {"max_total_minutes": 6000},
    ],
)
def test_the_greedy_stays_off_where_general_sequence_rules_apply(rules: dict[str, object]) -> None:
    assert not strategy.greedy_applies(roster_with(**rules))


def test_the_greedy_applies_under_the_law_s_defaults() -> None:
    assert strategy.greedy_applies(instance())
    assert strategy.greedy_applies(roster_with(max_consecutive_days=5))  # a maximum it checks itself


def test_a_given_hint_replaces_the_greedy() -> None:
    inst = instance()
    assert strategy.greedy_hint(inst, SolveOptions())
    assert not strategy.greedy_hint(inst, SolveOptions(greedy_hint=False))


# --- guidance and the bound ------------------------------------------------------------------------------


def test_guidance_follows_the_wall_clock_unless_asked() -> None:
    assert strategy.guided(WALL)
    assert not strategy.guided(DETERMINISTIC)
    assert strategy.guided(SolveOptions(time_limit=None, deterministic_time=5.0, guided=True))
    assert not strategy.guided(SolveOptions(time_limit=30.0, guided=False))


def test_no_guidance_when_the_bound_is_turned_off() -> None:
    assert not strategy.guided(SolveOptions(time_limit=30.0, relaxation_bound=False))


def test_a_whole_month_above_the_guided_limit_goes_unguided(monkeypatch: pytest.MonkeyPatch) -> None:
    inst = instance()
    assert strategy.guided_whole_month(inst, WALL)
    monkeypatch.setattr(strategy, "GUIDED_MAX_PAIRS", inst.candidate_pairs() - 1)
    assert not strategy.guided_whole_month(inst, WALL)


def test_the_bound_is_solved_with_a_wall_clock_and_not_in_deterministic_runs() -> None:
    assert strategy.bound_solved(WALL)
    assert not strategy.bound_solved(DETERMINISTIC)
    assert strategy.bound_solved(SolveOptions(time_limit=None, deterministic_time=5.0, relaxation_bound=True))
    assert not strategy.bound_solved(SolveOptions(time_limit=30.0, relaxation_bound=False))


def test_a_bound_turned_off_is_never_reported() -> None:
    assert strategy.bound_reported(WALL)
    assert not strategy.bound_reported(SolveOptions(relaxation_bound=False))


def test_a_large_month_above_the_relaxation_limit_reports_no_bound_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inst = instance()
    assert strategy.large_month_bound(inst, WALL)
    monkeypatch.setattr(strategy, "RELAXATION_MAX_PAIRS", inst.candidate_pairs() - 1)
    assert not strategy.large_month_bound(inst, WALL)
    assert strategy.large_month_bound(inst, SolveOptions(time_limit=30.0, relaxation_bound=True))


# --- filling open heads ------------------------------------------------------------------------------------


def test_open_heads_are_filled_after_a_whole_month_search_by_default() -> None:
    assert strategy.fill_after_search(SolveOptions(), restricted=False)
    assert not strategy.fill_after_search(SolveOptions(fill=False), restricted=False)


def test_a_restricted_solve_is_not_filled() -> None:
    assert not strategy.fill_after_search(SolveOptions(), restricted=True)


def test_large_months_fill_between_moves_unless_turned_off() -> None:
    assert strategy.fill_between_moves(SolveOptions())
    assert not strategy.fill_between_moves(SolveOptions(fill=False))


# --- CP-SAT's parameters ----------------------------------------------------------------------------------


def test_light_presolve_above_the_variable_limit() -> None:
    above = strategy.LIGHT_PRESOLVE_ABOVE + 1
    assert strategy.light_presolve(SolveOptions(), variables=above)
    assert not strategy.light_presolve(SolveOptions(), variables=strategy.LIGHT_PRESOLVE_ABOVE)
    assert not strategy.light_presolve(SolveOptions(light_presolve=False), variables=above)
    assert strategy.light_presolve(SolveOptions(light_presolve=True), variables=1)


def test_neighbourhood_workers_only_on_large_hinted_models() -> None:
    above = strategy.LIGHT_PRESOLVE_ABOVE + 1
    assert strategy.lns_only(SolveOptions(), hinted=True, variables=above)
    assert not strategy.lns_only(SolveOptions(), hinted=False, variables=above)
    assert not strategy.lns_only(SolveOptions(), hinted=True, variables=1)
    assert strategy.lns_only(SolveOptions(lns_only=True), hinted=False, variables=1)


# --- one place ---------------------------------------------------------------------------------------------

DECIDED = {
    "light_presolve",
    "lns_only",
    "relaxation_bound",
    "neighbourhood_search",
    "fill",
    "guided",
    "greedy_hint",
}


def options_read(path: Path) -> list[str]:
    """`file:line .name` where the module reads one of the decided options off a `SolveOptions`
    (`options.x`, `self.options.x`, `search.options.x`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.name}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in DECIDED
        and (
            (isinstance(node.value, ast.Name) and node.value.id == "options")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "options")
        )
    ]


def test_no_module_but_the_strategy_reads_a_decided_option() -> None:
    root = Path(__file__).resolve().parents[2] / "engine"
    found = [
        hit for path in sorted(root.rglob("*.py")) if path.name != "strategy.py" for hit in options_read(path)
    ]
    assert found == []


def test_the_scan_sees_an_option_read(tmp_path: Path) -> None:
    module = tmp_path / "search.py"
    module.write_text("def f(search):\n    return search.options.fill is not False\n")
    assert options_read(module) == ["search.py:2 .fill"]
