"""L3121-18: at most 10 h of work a day (12 h by agreement, L3121-19), travel between sites and home legs that
count as work included (L3121-4); 8 h on a night for night workers (L3122-6)."""

from tests.solver.conftest import check, day, employee, need, scenario, solve_small, worked


def test_two_shifts_within_ten_hours_are_both_worked() -> None:
    sc = scenario(
        [employee("e")], [need("am", "08:00", "13:00", [day(2)]), need("pm", "14:00", "19:00", [day(2)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_eleven_hours_in_a_day_leave_one_shift_unfilled_for_a_legal_limit() -> None:
    sc = scenario(
        [employee("e")], [need("am", "07:00", "13:00", [day(2)]), need("pm", "14:00", "19:00", [day(2)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert "L3121-18" in unfilled.limits
    assert check(sc, plan) == []


def test_a_single_shift_longer_than_the_maximum_is_never_assigned() -> None:
    sc = scenario([employee("e")], [need("long", "07:00", "18:00", [day(2)])])
    plan = solve_small(sc)
    assert worked(plan) == []
    assert plan.unfilled[0].reason_code == "legal_limit"


def test_an_agreement_raising_the_daily_maximum_to_twelve_hours_allows_it() -> None:
    sc = scenario(
        [employee("e")], [need("long", "07:00", "18:00", [day(2)])], rules={"daily_max_minutes": 720}
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1


def test_a_night_longer_than_eight_hours_is_unfilled_for_night_workers_with_its_article() -> None:
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    sc = scenario([employee("e", contract=contract)], [need("night", "21:00", "06:00", [day(3)])])
    plan = solve_small(sc)
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert "L3122-6" in unfilled.limits


def test_an_eight_hour_night_is_worked_by_a_night_worker() -> None:
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    sc = scenario([employee("e", contract=contract)], [need("night", "22:00", "06:00", [day(3)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1


def test_the_daily_maximum_reason_says_when_home_travel_pushes_the_day_over() -> None:
    contract = {
        "kind": "cdi_full_time",
        "start": "2020-01-01",
        "weekly_hours": 35,
        "home_travel_is_work": True,
    }
    # home 16 km from the site: about 25 minutes each way at 50 km/h with the road factor
    emp = employee("e", contract=contract, home={"lat": 45.85, "lon": 4.83})
    sc = scenario([emp], [need("long", "08:00", "17:30", [day(2)])])
    plan = solve_small(sc)
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert "trajets domicile-travail" in unfilled.reason
    assert set(unfilled.limits) >= {"L3121-18", "L3121-4"}


def test_a_day_over_the_maximum_without_home_travel_says_only_the_maximum() -> None:
    sc = scenario(
        [employee("e")], [need("am", "07:00", "13:00", [day(2)]), need("pm", "14:00", "19:00", [day(2)])]
    )
    [unfilled] = solve_small(sc).unfilled
    assert "durée quotidienne maximale, L3121-18" in unfilled.reason
    assert "trajets" not in unfilled.reason


def test_a_minor_is_not_given_more_than_eight_hours_in_a_day() -> None:
    sc = scenario([employee("e", minor=True)], [need("day", "08:00", "16:30", [day(3)])])
    plan = solve_small(sc)
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit" and "L3162-1" in unfilled.limits


def test_a_minor_works_eight_hours_exactly() -> None:
    sc = scenario([employee("e", minor=True)], [need("day", "08:00", "16:00", [day(3)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []
