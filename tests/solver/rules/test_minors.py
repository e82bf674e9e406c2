"""Under 18: two consecutive rest days every week (L3164-2), in the weeks cut by the month's ends too; no work
between 22:00 and 06:00 (L3163-2); no work on a public holiday (L3164-6) unless the derogation of L3164-8, on the
site or in the rules."""

import datetime as dt

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

ARTICLE = "L3164-2"
MAY_DAY = "2026-05-01"


def weekdays(first: dt.date, count: int) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(count)]


def test_a_week_cut_by_the_months_end_keeps_two_rest_days() -> None:
    # October 2026 ends on Saturday 31: Monday 26 to Saturday 31 are six days of the week, Sunday lies in
    # November. Working all six leaves only Sunday free.
    days = weekdays(dt.date(2026, 10, 26), 6)
    sc = scenario([employee("e", minor=True)], [need("d", "08:00", "12:00", days)], month="2026-10")
    plan = solve_small(sc, "2026-10")
    assert check(sc, plan) == []
    assert len(plan.assignments) == 5  # Saturday (or an earlier pair of days) left free
    [unfilled] = plan.unfilled
    assert ARTICLE in unfilled.limits


def test_a_week_cut_by_the_months_start_reads_the_history() -> None:
    # April 2026 starts on a Wednesday; the minor worked Monday 30 and Tuesday 31 March. Wednesday to
    # Saturday all worked would leave only Sunday free.
    history = {
        "month": "2026-03",
        "employees": [
            {
                "employee": "e",
                "recent_shifts": [
                    {
                        "start": f"2026-03-{d}T08:00:00+02:00",
                        "end": f"2026-03-{d}T12:00:00+02:00",
                        "site": "a",
                    }
                    for d in (30, 31)
                ],
                "consecutive_days_worked": 2,
            }
        ],
    }
    days = weekdays(dt.date(2026, 4, 1), 4)
    sc = scenario(
        [employee("e", minor=True)], [need("d", "08:00", "12:00", days)], month="2026-04", history=history
    )
    plan = solve_small(sc, "2026-04")
    assert check(sc, plan) == []
    assert len(plan.assignments) == 3
    assert ARTICLE in plan.unfilled[0].limits


def test_an_adult_works_the_whole_cut_week() -> None:
    days = weekdays(dt.date(2026, 10, 26), 6)
    sc = scenario([employee("e")], [need("d", "08:00", "12:00", days)], month="2026-10")
    plan = solve_small(sc, "2026-10")
    assert len(plan.assignments) == 6
    assert check(sc, plan) == []


def holiday(*, minor: bool = True, site_flag: bool = False, **extra: object):  # type: ignore[no-untyped-def]
    return scenario(
        [employee("e", minor=minor)],
        [need("h", "08:00", "12:00", [MAY_DAY], include_holidays=True)],
        members=[member("m", [site("a", minor_holiday_derogation=site_flag)])],
        month="2026-05",
        **extra,
    )


def test_a_minor_is_not_given_a_public_holiday_and_the_reason_says_why() -> None:
    sc = holiday()
    plan = solve_small(sc, "2026-05")
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert unfilled.limits == ["L3164-6"]
    assert "jour férié" in unfilled.reason


def test_an_adult_works_the_public_holiday() -> None:
    sc = holiday(minor=False)
    plan = solve_small(sc, "2026-05")
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_the_site_derogation_lets_a_minor_work_it() -> None:
    sc = holiday(site_flag=True)
    plan = solve_small(sc, "2026-05")
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_the_agreement_derogation_lets_a_minor_work_it() -> None:
    sc = holiday(rules={"minor_holiday_derogation": True})
    plan = solve_small(sc, "2026-05")
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_minor_is_not_given_a_quarter_of_an_hour_past_ten_at_night() -> None:
    sc = scenario([employee("e", minor=True)], [need("late", "17:00", "22:15", [day(3)])])
    plan = solve_small(sc)
    assert plan.assignments == []
    [unfilled] = plan.unfilled
    assert unfilled.reason_code == "legal_limit"
    assert unfilled.limits == ["L3163-2"]


def test_a_minor_works_an_evening_ending_at_ten() -> None:
    sc = scenario([employee("e", minor=True)], [need("late", "17:00", "22:00", [day(3)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []
