"""Weekly rest in partial weeks and on Sundays, and weekly totals split at Monday 00:00, as the checker reads
them (docs/checker.md): 35 h of rest with at least 24 h inside the legal week (L3132-2), and a night shift
crossing Sunday midnight counting in each week for the minutes it has there (L3121-35)."""

from tests.solver.conftest import check, employee, need, scenario, solve_small

OCTOBER_WEEKDAYS = ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"]


def _six_nights_and_days(weekdays: list[str], saturday: str):
    """Five morning shifts and a Saturday night shift ending on Sunday morning."""
    return [
        need("morning", "04:00", "12:00", weekdays),
        need("night", "22:00", "06:00", [saturday]),
    ]


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


def test_a_sunday_night_shift_counts_its_monday_hours_in_the_next_week() -> None:
    # 10 h part-time contract: at most 11 h a week (L3123-28). The Sunday 8/03 night puts 6 h in the week of
    # 9/03; with Tuesday's 6 h that week would reach 12 h.
    part_timer = employee("e", hours=10)
    needs = [
        need("sunday_night", "22:00", "06:00", ["2026-03-08"]),
        need("tuesday", "13:00", "19:00", ["2026-03-10"]),
    ]
    sc = scenario([part_timer], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert check(sc, plan) == []


def test_a_sunday_night_shift_leaves_room_when_the_next_week_is_light() -> None:
    part_timer = employee("e", hours=10)
    needs = [
        need("sunday_night", "22:00", "06:00", ["2026-03-08"]),
        need("tuesday", "13:00", "17:00", ["2026-03-10"]),
    ]
    sc = scenario([part_timer], needs)
    plan = solve_small(sc)
    assert len(plan.assignments) == 2
    assert check(sc, plan) == []
