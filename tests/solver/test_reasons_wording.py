"""Reasons for heads someone could have taken: a cost trade-off when the plan is proven optimal, lack of
search time otherwise; French agreement in number ("X pourrait", "X et Y pourraient")."""

from engine.solver.readback.reasons import french_list
from tests.solver.conftest import day, employee, need, scenario, solve_small

AVOID = [{"kind": "avoid", "weight": 50}]


def _cheap_need():
    return [need("n", "08:00", "12:00", [day(3)], unfilled_cost=1)]


def test_a_proven_optimal_plan_calls_it_a_cost_trade_off_in_the_singular() -> None:
    plan = solve_small(scenario([employee("e", wishes=AVOID)], _cheap_need()))
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    reason = plan.unfilled[0]
    assert reason.reason_code == "cost"
    assert "E pourrait le prendre" in reason.reason
    assert "arbitrage de coût" in reason.reason


def test_two_candidates_take_the_plural() -> None:
    staff = [employee("e", wishes=AVOID), employee("f", wishes=AVOID)]
    plan = solve_small(scenario(staff, _cheap_need()))
    assert "E et F pourraient le prendre" in plan.unfilled[0].reason


def test_a_plan_stopped_by_the_time_limit_says_more_time_may_cover_it() -> None:
    import datetime as dt

    from engine.solver.model.instance import Instance
    from engine.solver.readback.reasons import explain

    sc = scenario([employee("e")], _cheap_need())
    inst = Instance(sc, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    reason = explain(inst, inst.occs[0], {}, proven=False)
    assert reason.code == "time"
    assert "plus de temps" in reason.text


def test_long_lists_of_names_are_cut_with_a_count() -> None:
    assert french_list(["A"]) == "A"
    assert french_list(["A", "B", "C"]) == "A, B et C"
    assert french_list(["A", "B", "C", "D", "E", "F", "G"]) == "A, B, C, D et 3 autres"
