"""Yearly counters: the overtime quota (D3121-24), annualised hours (L3121-44), forfait jours (L3121-64)."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def forfait(days_worked: int) -> dict:  # type: ignore[type-arg]
    contract = {"kind": "forfait_jours", "start": "2020-01-01", "annual_days": 218}
    return {"employees": [{"employee": "e", "ytd_days_worked": days_worked}]}, employee(
        "e", contract=contract
    )


def test_the_forfait_yearly_day_count_is_the_reason_not_a_cost_trade_off() -> None:
    history, emp = forfait(217)
    sc = scenario(
        [emp], [need("a", "08:00", "12:00", [day(2)]), need("b", "08:00", "12:00", [day(3)])], history=history
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert "L3121-64" in unfilled.limits
    assert "forfait jours" in unfilled.reason and "L3121-64" in unfilled.reason
    assert "coûterait davantage" not in unfilled.reason
    assert check(sc, plan) == []
