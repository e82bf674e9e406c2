"""Weekly rest as the checker reads it (docs/checker.md): 35 h of rest with at least 24 h inside the legal week
(L3132-2), in partial weeks and on Sundays too; a free Sunday keeps the 35 h around it (L3132-3)."""

from tests.solver.conftest import check, day, employee, member, need, scenario, site, solve_small

OCTOBER_WEEKDAYS = ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"]


def _six_nights_and_days(weekdays: list[str], saturday: str):
    """Five morning shifts and a Saturday night shift ending on Sunday morning."""
    return [
        need("morning", "04:00", "12:00", weekdays),
        need("night", "22:00", "06:00", [saturday]),
    ]


def test_weekly_rest_of_35_hours_forbids_a_late_and_early_pair_around_the_free_day() -> None:
    # Work Mon-Fri 14:00-22:00 and Sun 06:00-12:00: the free Saturday gives 22:00 Fri -> 06:00 Sun = 32 h
    needs = [
        need("late", "14:00", "22:00", [day(d) for d in range(2, 7)]),
        need("sun", "06:00", "12:00", [day(8)]),
    ]
    plan = solve_small(scenario([employee("e")], needs))
    assert len(plan.assignments) == 5  # one of the six is dropped
    assert check(scenario([employee("e")], needs), plan) == []


def test_a_week_cut_by_the_month_end_still_holds_its_rest() -> None:
    # October 2026 ends on Saturday 31: the week of 26/10 has six days in the month. Free time after the
    # month counts, but a Saturday night shift ends on Sunday 06:00, leaving only 18 h of that week free.
    sc = scenario([employee("e")], _six_nights_and_days(OCTOBER_WEEKDAYS, "2026-10-31"))
    plan = solve_small(sc, "2026-10")
    assert len(plan.assignments) == 5
    assert check(sc, plan) == []


def test_a_week_cut_by_the_month_end_with_a_free_saturday_is_worked_fully() -> None:
    sc = scenario([employee("e")], [need("morning", "04:00", "12:00", OCTOBER_WEEKDAYS)])
    plan = solve_small(sc, "2026-10")
    assert len(plan.assignments) == 5
    assert check(sc, plan) == []


def test_a_free_sunday_after_a_saturday_night_is_not_a_weekly_rest() -> None:
    # Week of 9/03/2026 inside the month; the next shift is only on Tuesday 17, yet the rest that starts on
    # Sunday 06:00 has 18 h in the week: one of the six shifts must go.
    weekdays = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]
    needs = [*_six_nights_and_days(weekdays, "2026-03-14"), need("tuesday", "07:00", "12:00", ["2026-03-17"])]
    plan = solve_small(scenario([employee("e")], needs))
    in_week = [a for a in plan.assignments if a.date.isoformat() <= "2026-03-15"]
    assert len(in_week) == 5
    assert check(scenario([employee("e")], needs), plan) == []


def test_a_free_sunday_keeps_35_hours_around_it() -> None:
    # Saturday until 22:30 and Monday from 05:30 leave 31 h around the Sunday: one of the two only
    needs = [need("sat", "14:30", "22:30", [day(7)]), need("mon", "05:30", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a", night_derogation=True)])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_free_sunday_with_35_hours_around_it_allows_both_days() -> None:
    needs = [need("sat", "14:00", "21:00", [day(7)]), need("mon", "08:00", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a")])])
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []


def test_the_need_left_by_the_sunday_rest_names_it() -> None:
    needs = [need("sat", "14:30", "22:30", [day(7)]), need("mon", "05:30", "12:00", [day(9)])]
    sc = scenario([employee("e")], needs, members=[member("m", [site("a", night_derogation=True)])])
    plan = solve_small(sc)
    [unfilled] = plan.unfilled
    assert "L3132-3" in unfilled.limits
