"""L3122-5: whoever the schedule makes a night worker keeps the night worker's limits (L3122-6, L3122-7)."""

from typing import Any

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

NIGHT_SITE = [member("m", [site("a", night_derogation=True)])]


def nights(start: str, end: str, days: list[int], **extra: Any):  # type: ignore[no-untyped-def]
    return scenario(
        [employee("e")], [need("n", start, end, [day(d) for d in days])], members=NIGHT_SITE, **extra
    )


def test_two_ten_hour_nights_in_a_week_are_not_both_given() -> None:
    # two 10-h nights would make a night worker (3 h of night twice a week), held to 8 h a night day
    sc = nights("20:00", "06:00", [2, 4])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert "L3122-6" in unfilled.limits
    assert "travailleur de nuit" in unfilled.reason
    assert check(sc, plan) == []


def test_two_ten_hour_nights_in_different_weeks_are_both_given() -> None:
    sc = nights("20:00", "06:00", [2, 9])
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_seven_hour_nights_make_a_night_worker_within_the_limits() -> None:
    sc = nights("22:00", "05:00", [2, 4, 6])
    plan = solve_small(sc)
    assert len(plan.assignments) == 3
    assert check(sc, plan) == []


def test_the_yearly_count_of_night_hours_blocks_a_ten_hour_night() -> None:
    # 264 h 55 of night time in the 11 months before: one night of 9 h in the night period reaches 270 h
    history = {"employees": [{"employee": "e", "night_minutes_by_month": [1445] * 11}]}
    sc = nights("20:00", "06:00", [2], history=history)
    plan = solve_small(sc)
    assert plan.assignments == []
    assert "L3122-6" in plan.unfilled[0].limits


def test_an_agreement_without_the_yearly_count_leaves_it() -> None:
    history = {"employees": [{"employee": "e", "night_minutes_by_month": [1445] * 11}]}
    sc = nights("20:00", "06:00", [2], history=history, rules={"night_worker_reference_minutes": None})
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []
