"""12-week average: 44 h (L3121-22), 40 h for night workers (L3122-7), the weeks before the month from the history."""

import datetime as dt

from tests.checker.factories import assign, found, history, plan, scenario, week_of

JUNE = dt.date(2026, 6, 1)  # a Monday: the history's last week is the one just before


def test_twelve_week_average_above_44_hours_with_history_is_a_violation():
    needs, dates = week_of([("08:00", "17:00")] * 5, JUNE)  # 45 h this week
    sc = scenario(needs=needs)
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[46 * 60] * 12),
    )
    violations = found(sc, p, "rolling_average")
    assert violations and all(v.article == "L3121-22" for v in violations)


def test_twelve_week_average_with_light_history_is_legal():
    needs, dates = week_of([("08:00", "17:00")] * 5, JUNE)
    sc = scenario(needs=needs)
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[35 * 60] * 12),
    )
    assert found(sc, p, "rolling_average") == []


def test_night_worker_average_is_held_to_40_hours():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    needs, dates = week_of([("08:00", "16:00")] * 5, JUNE)  # 40 h this week
    sc = scenario(needs=needs, employee={"contract": contract})
    p = plan(
        "2026-06",
        [assign(sc, "e2", f"d{i}", d) for i, d in enumerate(dates)],
        history("e2", month="2026-05", weekly_minutes=[42 * 60] * 12),
    )
    violations = found(sc, p, "rolling_average")
    assert {v.article for v in violations} == {"L3122-7"}
