"""L3131-1: 11 consecutive hours of rest between two working days, across the month boundary too."""

import datetime as dt

from tests.solver.conftest import check, day, employee, need, scenario, solve_small


def test_an_evening_then_an_early_morning_are_not_both_worked() -> None:
    sc = scenario(
        [employee("e")], [need("eve", "14:00", "23:00", [day(2)]), need("early", "06:00", "12:00", [day(3)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 1
    assert "L3131-1" in plan.unfilled[0].limits
    assert check(sc, plan) == []


def test_eleven_hours_exactly_is_enough() -> None:
    sc = scenario(
        [employee("e")], [need("eve", "13:00", "19:00", [day(2)]), need("early", "06:00", "12:00", [day(3)])]
    )
    plan = solve_small(sc)
    assert len(plan.assignments) == 2


def test_history_shift_ending_late_on_the_last_day_blocks_the_first_morning() -> None:
    tz = dt.timezone(dt.timedelta(hours=1))
    history = {
        "month": "2026-02",
        "employees": [
            {
                "employee": "e",
                "recent_shifts": [
                    {
                        "start": dt.datetime(2026, 2, 28, 15, 0, tzinfo=tz).isoformat(),
                        "end": dt.datetime(2026, 2, 28, 23, 0, tzinfo=tz).isoformat(),
                        "site": "a",
                    }
                ],
            }
        ],
    }
    needs = [need("early", "06:00", "12:00", [day(1)]), need("later", "10:00", "16:00", [day(2)])]
    sc = scenario([employee("e")], needs, history=history)
    plan = solve_small(sc)
    dates = {a.date.isoformat() for a in plan.assignments}
    assert day(1) not in dates  # 23:00 -> 06:00 is 7 h
    assert day(2) in dates  # Saturday 23:00 -> Monday 10:00: the 35 h around the free Sunday
    assert check(sc, plan) == []
