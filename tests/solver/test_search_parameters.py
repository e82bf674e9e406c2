"""Which CP-SAT portfolio a model gets: LNS only on large hinted GE months, the full portfolio elsewhere."""

from __future__ import annotations

import pytest

from engine.solver import SolveOptions, strategy
from engine.solver.model.build import Built, build
from engine.solver.search.run import lns_only
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario


def built(greedy_hint: bool) -> Built:
    sc = scenario([employee("e"), employee("f")], [need("a", "08:00", "12:00", [day(2), day(3)])])
    return build(sc, *month_bounds("2026-03"), SolveOptions(greedy_hint=greedy_hint))


def test_a_small_month_keeps_the_full_portfolio() -> None:
    assert not lns_only(built(greedy_hint=True), SolveOptions())


def test_a_large_hinted_month_runs_neighbourhood_workers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategy, "LIGHT_PRESOLVE_ABOVE", 0)
    assert lns_only(built(greedy_hint=True), SolveOptions())


def test_a_large_model_without_a_hint_keeps_the_lp_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategy, "LIGHT_PRESOLVE_ABOVE", 0)
    assert not lns_only(built(greedy_hint=False), SolveOptions(greedy_hint=False))


def test_the_option_overrides_the_size_rule() -> None:
    assert lns_only(built(greedy_hint=True), SolveOptions(lns_only=True))
    assert not lns_only(built(greedy_hint=True), SolveOptions(lns_only=False))
