"""L3123-28: part-timers work their contract plus at most a tenth in complementary hours, below 35 h."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def test_a_twenty_hour_contract_works_at_most_twenty_two_hours_a_week() -> None:
    # 5 days × 5 h = 25 h offered in the week of 2 March
    sc = scenario([employee("e", hours=20)], [need("n", "08:00", "13:00", [day(d) for d in range(2, 7)])])
    plan = solve_small(sc)
    assert sum(a.minutes for a in plan.assignments) <= 22 * 60
    assert len(plan.assignments) == 4
    assert plan.cost_terms["complementary_premium"] == 0  # exactly 20 h: no complementary hour
    assert check(sc, plan) == []


def test_a_third_by_agreement_allows_twenty_five_hours() -> None:
    sc = scenario(
        [employee("e", hours=20)],
        [need("n", "08:00", "13:00", [day(d) for d in range(2, 7)])],
        rules={"complementary_ratio": "0.34"},
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 5
    assert plan.cost_terms["complementary_premium"] > 0


def test_a_twenty_hour_contract_works_twenty_two_hours_exactly() -> None:
    # 4 days × 5 h and 2 h on Friday: the contract and its tenth, no more
    needs = [
        need("n", "08:00", "13:00", [day(d) for d in range(2, 6)]),
        need("f", "08:00", "10:00", [day(6)]),
    ]
    sc = scenario([employee("e", hours=20)], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 5
    assert sum(a.minutes for a in plan.assignments) == 22 * 60
    assert plan.cost_terms["complementary_premium"] > 0
    assert check(sc, plan) == []
