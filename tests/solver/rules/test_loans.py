"""Loans of staff as agreed (L8241-1, L8241-2): the agreement fixes who, where and how many days a week."""

from typing import Any

from engine.model import Plan, Scenario
from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

MEMBERS = [
    member("m", [site("a", sunday_derogation=True)]),
    member("l", [site("b", 45.76, 4.84)], siren="222222226"),
]
FULL_WEEKS = [range(2, 7), range(9, 14), range(16, 21), range(23, 28)]  # Monday to Friday, March 2026


def boss(**extra: Any) -> dict[str, Any]:
    """An employee of the lending member `l`, lent to `m`."""
    return employee("boss", skills=["direction"], employer="l", **extra)


def loan(**agreed: Any) -> dict[str, Any]:
    return {
        "id": "loan",
        "lender": "l",
        "host": "m",
        "employee": "boss",
        "site": "a",
        "start": "2026-01-01",
        "end": "2026-12-31",
        **agreed,
    }


def lent(
    employees: list[dict[str, Any]], needs: list[dict[str, Any]] | None = None, **agreed: Any
) -> Scenario:
    # idle time is priced: the lent employee's unworked contract hours push towards more loan days
    return scenario(
        employees,
        needs or [],
        members=MEMBERS,
        secondments=[loan(**agreed)],
        objective={"idle_hour_factor": 1},
    )


def loan_days(plan: Plan) -> list[int]:
    return sorted(a.date.day for a in plan.assignments if a.need == "loan")


def test_a_days_per_week_loan_is_never_given_more_days_than_agreed() -> None:
    sc = lent([boss()], days_per_week=2)
    plan = solve_small(sc)
    worked = loan_days(plan)
    for week in FULL_WEEKS:
        assert sum(1 for d in worked if d in week) <= 2
    assert check(sc, plan) == []


def test_a_days_per_week_loan_gets_exactly_its_agreed_days_in_every_full_week() -> None:
    sc = lent([boss()], days_per_week=2)
    plan = solve_small(sc)
    worked = loan_days(plan)
    assert [sum(1 for d in worked if d in week) for week in FULL_WEEKS] == [2, 2, 2, 2]
    assert all(a.employee == "boss" for a in plan.assignments)


def test_a_fixed_loan_day_is_reserved_for_the_lent_employee() -> None:
    # the boss is away on Tuesday 10 March: another employee with the skill does not take that loan day
    away = [{"kind": "paid_leave", "start": day(10), "end": day(10)}]
    sc = lent([boss(absences=away), employee("e", skills=["direction"])], weekdays=["tue"])
    plan = solve_small(sc)
    assert {a.employee for a in plan.assignments} == {"boss"}
    assert loan_days(plan) == [3, 17, 24, 31]
    [unfilled] = plan.unfilled
    assert unfilled.date.day == 10
    assert check(sc, plan) == []


def test_the_lent_employee_works_only_on_their_loan() -> None:
    needs = [need("n", "09:00", "17:00", [day(4)], skill="direction")]
    sc = lent([boss()], needs, weekdays=["tue"])
    plan = solve_small(sc)
    assert [a.need for a in plan.assignments if a.date.day == 4] == []
    [unfilled] = plan.unfilled
    assert unfilled.need == "n" and unfilled.reason_code == "legal_limit"
    assert unfilled.limits == ["L8241-2"] and "prêt de personnel" in unfilled.reason
    assert check(sc, plan) == []
