"""General sequence rules a rule set or contract can set (the Curtois & Qu benchmark's rules)."""

import itertools
from typing import Any

from engine.model import Plan
from tests.solver.conftest import check, day, employee, need, scenario, solve_small

BENCH = {"preset": "none", "one_shift_per_day": True}


def daily(
    kind: str = "D", days: range = range(2, 16), headcount: int = 1, **extra: Any
) -> list[dict[str, Any]]:
    return [
        need(
            f"{kind}{d}",
            "08:00",
            "16:00",
            [day(d)],
            kind=kind,
            headcount=headcount,
            unfilled_cost=100,
            **extra,
        )
        for d in days
    ]


def worked_days(plan: Plan) -> list[int]:
    return sorted(a.date.day for a in plan.assignments)


def test_max_consecutive_days_breaks_a_long_run() -> None:
    sc = scenario([employee("e", contract=None)], daily(), rules={**BENCH, "max_consecutive_days": 5})
    days = worked_days(solve_small(sc))
    runs, run = [], 1
    for a, b in itertools.pairwise(days):
        run = run + 1 if b == a + 1 else 1
        runs.append(run)
    assert max(runs) <= 5
    assert len(days) == 12  # 14 days, one break after each 5 (2..6, 8..12, 14..15)


def test_min_consecutive_days_forbids_an_isolated_working_day() -> None:
    # only day 4 is demanded: working it alone is a run of 1
    sc = scenario([employee("e")], daily(days=range(4, 5)), rules={**BENCH, "min_consecutive_days": 2})
    assert worked_days(solve_small(sc)) == []


def test_runs_touching_the_horizon_edges_are_exempt_when_the_rule_set_says_so() -> None:
    rules = {**BENCH, "min_consecutive_days": 3, "runs_at_horizon_edges_exempt": True}
    sc = scenario([employee("e")], daily(days=range(1, 2)), rules=rules)
    assert worked_days(solve_small(sc)) == [1]
    held = scenario(
        [employee("e")], daily(days=range(1, 2)), rules={**rules, "runs_at_horizon_edges_exempt": False}
    )
    assert worked_days(solve_small(held)) == []


def test_min_consecutive_days_off() -> None:
    # demand on days 2-3 and 5-6 only: working 3 and 5 would leave a single day off (4)
    needs = daily(days=range(2, 4)) + daily(days=range(5, 7))
    sc = scenario([employee("e")], needs, rules={**BENCH, "min_consecutive_days_off": 2})
    days = worked_days(solve_small(sc))
    assert not (3 in days and 5 in days)
    assert len(days) == 2


def test_max_weekends() -> None:
    sc = scenario([employee("e")], daily(days=range(7, 16)), rules={**BENCH, "max_weekends": 1})
    days = set(worked_days(solve_small(sc)))
    weekends = [{7, 8}, {14, 15}]
    assert sum(1 for w in weekends if w & days) <= 1


def test_forbidden_succession() -> None:
    needs = daily("N", range(2, 3)) + daily("E", range(3, 4))
    rules = {**BENCH, "forbidden_successions": [{"first": "N", "then": "E"}]}
    assert len(solve_small(scenario([employee("e")], needs, rules=rules)).assignments) == 1
    assert len(solve_small(scenario([employee("e")], needs, rules=BENCH)).assignments) == 2


def test_max_shifts_per_kind_and_total_minutes() -> None:
    rules = {**BENCH, "max_shifts_per_kind": {"D": 3}}
    assert len(solve_small(scenario([employee("e")], daily(), rules=rules)).assignments) == 3
    rules = {**BENCH, "max_total_minutes": 8 * 60 * 4}
    assert len(solve_small(scenario([employee("e")], daily(), rules=rules)).assignments) == 4


def test_min_total_minutes_makes_someone_work_even_without_demand_cost() -> None:
    needs = daily(days=range(2, 5), surplus_cost=1)
    rules = {**BENCH, "min_total_minutes": 8 * 60 * 3}
    sc = scenario([employee("e"), employee("f")], needs, rules=rules)
    plan = solve_small(sc)
    for emp in ("e", "f"):
        assert sum(a.minutes for a in plan.assignments if a.employee == emp) >= 8 * 60 * 3
    assert plan.cost_terms["surplus"] == 3  # three surplus heads at 1 € each
    assert check(sc, plan) == []


def test_one_shift_per_day() -> None:
    needs = [need("a", "06:00", "10:00", [day(2)], kind="A"), need("b", "14:00", "18:00", [day(2)], kind="B")]
    assert len(solve_small(scenario([employee("e")], needs, rules=BENCH)).assignments) == 1
