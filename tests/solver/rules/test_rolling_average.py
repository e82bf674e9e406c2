"""L3121-22: at most 44 h a week on average over 12 weeks, the weeks before the month read from the history."""

from engine.solver.model.build import build
from engine.solver.options import SolveOptions
from engine.solver.search.greedy import greedy
from engine.timeutil import month_bounds
from tests.solver.conftest import check, employee, need, scenario, solve_small

# March 2026 starts on a Sunday: the history's last entry is the week of 16/02, then comes the week of 23/02
# (one day in March). With 10 history weeks of 50 h 24 and an older one of 24 h, the window ending on 1/03
# holds exactly 528 h (44 h × 12) and the one ending on 8/03 leaves 24 h for the week of 2/03.
WEEKDAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


def _heavy_history(minutes: int) -> dict:
    weeks = [1440] + [minutes] * 10
    return {"month": "2026-02", "employees": [{"employee": "e", "weekly_minutes": weeks}]}


def _needs() -> list[dict]:
    return [need("day", "08:00", "16:00", WEEKDAYS)]


def test_heavy_weeks_before_the_month_leave_room_for_three_days() -> None:
    sc = scenario([employee("e")], _needs(), history=_heavy_history(3024))
    plan = solve_small(sc)
    assert len(plan.assignments) == 3  # 24 h of 8 h days
    assert "L3121-22" in {a for u in plan.unfilled for a in u.limits}
    assert check(sc, plan) == []


def test_a_light_history_leaves_the_week_free() -> None:
    sc = scenario([employee("e")], _needs(), history=_heavy_history(2100))
    plan = solve_small(sc)
    assert len(plan.assignments) == 5


def test_the_greedy_first_plan_respects_the_average_too() -> None:
    sc = scenario([employee("e")], _needs(), history=_heavy_history(3024))
    built = build(sc, *month_bounds("2026-03"), SolveOptions(greedy_hint=False))
    first = greedy(built.ctx)
    assert sum(len(shifts) for shifts in first.values()) == 3
