"""General sequence rules in large months (engine.solver.search.large): the first plan made of whole
rosters a few employees at a time (engine.solver.search.rosters), neighbourhoods that read the rules
across their edges with the held plan as constants. The large-month path is forced on small months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.errors import DomainError
from engine.generator import generate_scenario
from engine.loader import scenario_from_data
from engine.model import Pin, Plan, Scenario
from engine.solver import SolveOptions, strategy
from engine.solver.model.build import build
from engine.solver.model.instance import Held, Instance, narrowed
from engine.solver.pipeline import solve_outcome
from engine.solver.search import large
from engine.solver.search.run import price
from engine.timeutil import month_bounds
from tests.solver.conftest import check, day, employee, need, scenario

MONTH = "2026-03"
RUNS = {"min_consecutive_days": 2, "max_consecutive_days": 4, "runs_at_horizon_edges_exempt": True}


def deterministic(**extra: Any) -> SolveOptions:
    return SolveOptions(
        time_limit=None, deterministic_time=6.0, workers=1, seed=1, neighbourhood_search=True, **extra
    )


def with_group_rules(sc: Scenario, rules: dict[str, Any], pins: list[Pin] | None = None) -> Scenario:
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["group"]["rules"] = {**data["group"].get("rules", {}), **rules}
    if pins is not None:
        data["pins"] = [{"employee": p.employee, "need": p.need, "date": p.date.isoformat()} for p in pins]
    return scenario_from_data(data, "<test>")


def runs(plan: Plan, employee_id: str) -> list[int]:
    """Lengths of the employee's runs of worked days."""
    days = sorted({a.date.toordinal() for a in plan.assignments if a.employee == employee_id})
    out: list[int] = []
    for k, d in enumerate(days):
        if k and d == days[k - 1] + 1:
            out[-1] += 1
        else:
            out.append(1)
    return out


@pytest.fixture(scope="module")
def sequenced() -> tuple[Scenario, Plan]:
    sc = with_group_rules(generate_scenario(12, 5, 1, MONTH), RUNS)
    return sc, solve_outcome(sc, MONTH, options=deterministic()).plan


def test_a_large_month_with_sequence_rules_starts_from_whole_rosters(sequenced: Any) -> None:
    sc, _ = sequenced
    inst = Instance(sc, *month_bounds(MONTH))
    assert strategy.first_plan_by_rosters(inst)
    assert strategy.neighbourhoods(inst, deterministic())


def test_a_large_month_with_sequence_rules_passes_the_checker(sequenced: Any) -> None:
    sc, plan = sequenced
    assert plan.assignments
    assert check(sc, plan) == []


def test_every_run_of_a_large_month_keeps_the_minimum_and_the_maximum(sequenced: Any) -> None:
    sc, plan = sequenced
    first, last = month_bounds(MONTH)
    for emp in sc.employees:
        days = sorted({a.date for a in plan.assignments if a.employee == emp.id})
        lengths = runs(plan, emp.id)
        assert all(n <= 4 for n in lengths)
        # runs touching the month's first or last day are exempt from the minimum
        inner = lengths[1 if days and days[0] == first else 0 : -1 if days and days[-1] == last else None]
        assert all(n >= 2 for n in inner)


def test_pins_are_kept_when_the_first_plan_is_made_of_rosters(sequenced: Any) -> None:
    """Two days in a row of one employee pinned (the pins' own check reads a lone pinned day as a run
    too short for the minimum)."""
    sc, plan = sequenced
    by_day = {(a.employee, a.date): a for a in plan.assignments}
    a, b = next(
        (a, by_day[(a.employee, a.date + dt.timedelta(days=1))])
        for a in plan.assignments
        if (a.employee, a.date + dt.timedelta(days=1)) in by_day and a.date.day > 5
    )
    pins = [Pin(employee=x.employee, need=x.need, date=x.date) for x in (a, b)]
    pinned = with_group_rules(sc, {}, pins)
    again = solve_outcome(pinned, MONTH, options=deterministic()).plan
    kept = {(x.employee, x.need, x.date) for x in again.assignments if x.pinned}
    assert {(p.employee, p.need, p.date) for p in pins} <= kept
    assert check(pinned, again) == []


def test_a_maximum_run_holds_across_a_neighbourhood_s_edge() -> None:
    """Days 2-4 worked and held outside the neighbourhood (days 5-11): a fourth day in a row on day 5 is
    refused by the neighbourhood's model, day 6 is not."""
    dates = [day(d) for d in range(2, 12)]
    sc = scenario(
        [employee("e")],
        [need("a", "08:00", "12:00", dates)],
        rules={"max_consecutive_days": 3},
    )
    first, last = month_bounds(MONTH)
    base = Instance(sc, first, last)
    held_days = {f"a@{day(d)}" for d in (2, 3, 4)}
    window = {f"a@{day(d)}" for d in range(5, 12)}
    allowed = {("e", key) for key in held_days | window}
    fixed = {("e", key) for key in held_days}
    options = SolveOptions(time_limit=None, deterministic_time=5.0, workers=1, seed=1, greedy_hint=False)
    built = build(sc, first, last, options, fixed=fixed, instance=narrowed(base, allowed, Held({}, {}, {})))

    def plan_with(extra: str) -> Any:
        keys = held_days | {extra}
        return price(built, lambda staff, i, lit: base.occs[i].source.key in keys, options)

    assert plan_with(f"a@{day(5)}") is None
    assert plan_with(f"a@{day(6)}") is not None


def test_a_first_plan_of_rosters_that_fails_falls_back_to_the_greedy_s_legal_subset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_rosters(*args: Any, **kwargs: Any) -> Any:
        raise DomainError("no legal plan for this block")

    monkeypatch.setattr(large.rosters, "first_rosters", no_rosters)
    sc = with_group_rules(generate_scenario(8, 3, 2, MONTH), RUNS)
    plan = solve_outcome(sc, MONTH, options=deterministic()).plan
    assert check(sc, plan) == []
