"""L3164-6: no work on a public holiday under 18; L3164-8: the derogation, on the site or in the rules."""

from tests.solver.conftest import check, employee, member, need, scenario, site, solve_small

MAY_DAY = "2026-05-01"


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
