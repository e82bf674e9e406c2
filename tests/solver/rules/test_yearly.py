"""Yearly counters: the overtime quota (D3121-24), annualised hours (L3121-44), forfait jours (L3121-64)."""

from engine.model import Scenario
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


def test_the_forfait_yearly_day_count_reached_exactly_is_allowed() -> None:
    history, emp = forfait(216)
    sc = scenario(
        [emp], [need("a", "08:00", "12:00", [day(2)]), need("b", "08:00", "12:00", [day(3)])], history=history
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 2  # 218 days, the contract's count
    assert check(sc, plan) == []


def overtime_week(used_hours: int) -> Scenario:
    """A 35-h week, Monday to Friday, and 2 h on Saturday (2 h of overtime, L3121-27), after `used_hours` of
    the 220-h annual quota."""
    needs = [
        need("week", "08:00", "15:00", [day(d) for d in range(2, 7)]),
        need("saturday", "08:00", "10:00", [day(7)]),
    ]
    history = {"employees": [{"employee": "e", "ytd_overtime_minutes": used_hours * 60}]}
    return scenario([employee("e")], needs, history=history)


def test_overtime_beyond_the_annual_quota_is_left_unfilled_with_its_article() -> None:
    sc = overtime_week(219)
    plan = solve_small(sc)
    assert [a.need for a in plan.assignments] == ["week"] * 5
    [unfilled] = plan.unfilled
    assert unfilled.need == "saturday" and unfilled.reason_code == "legal_limit"
    assert "D3121-24" in unfilled.limits
    assert check(sc, plan) == []


def test_overtime_reaching_the_annual_quota_exactly_is_worked() -> None:
    sc = overtime_week(218)
    plan = solve_small(sc)
    assert len(plan.assignments) == 6 and plan.unfilled == []
    assert check(sc, plan) == []


def annualised(used_minutes: int) -> Scenario:
    """An annualised contract of 1,607 h a year (L3121-41) and two 4-h mornings."""
    contract = {"kind": "cdi_full_time", "start": "2020-01-01", "annualised": True, "annual_hours": 1607}
    history = {"employees": [{"employee": "e", "ytd_minutes": used_minutes}]}
    needs = [need("a", "08:00", "12:00", [day(2)]), need("b", "08:00", "12:00", [day(3)])]
    return scenario([employee("e", contract=contract)], needs, history=history)


def test_an_annualised_contract_works_no_more_than_its_annual_hours() -> None:
    sc = annualised((1607 - 6) * 60)
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit" and "L3121-44" in unfilled.limits
    assert check(sc, plan) == []


def test_an_annualised_contract_reaches_its_annual_hours_exactly() -> None:
    sc = annualised((1607 - 8) * 60)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []
