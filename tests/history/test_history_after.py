"""History derivation: what the next month needs, read with the checker's conventions."""

import datetime as dt

from engine.checker import check_plan
from engine.history import history_after
from engine.model import EmployeeHistory, History
from tests.checker.factories import assign, at, days, found, need, plan, scenario

MARCH = days(dt.date(2026, 3, 1), 31)


def month_of(dates, start="08:00", end="12:00", **kw):
    sc = scenario(
        needs=[need("d", start, end, MARCH, skill="maintenance", weekdays=[], **kw)],
        rules={"sunday_rest": False},
    )
    return sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in dates])


def e2(history: History) -> EmployeeHistory:
    found_ = history.for_employee("e2")
    assert found_ is not None
    return found_


def test_weekly_minutes_stop_before_a_partial_last_week():
    # March 2026 ends on Tuesday 31: Mon 30 + Tue 31 belong to April's first week and travel as recent shifts.
    sc, p = month_of([dt.date(2026, 3, 27), dt.date(2026, 3, 30), dt.date(2026, 3, 31)])
    h = e2(history_after(sc, p, None))
    assert len(h.weekly_minutes) == 12
    assert h.weekly_minutes[-1] == 4 * 60  # the week of 23 March
    assert [s.start.date() for s in h.recent_shifts][-2:] == [dt.date(2026, 3, 30), dt.date(2026, 3, 31)]


def test_weekly_minutes_end_with_the_last_week_when_the_month_ends_on_sunday():
    # May 2026 ends on Sunday 31.
    may = days(dt.date(2026, 5, 25), 5)
    sc = scenario(needs=[need("d", "08:00", "12:00", may, skill="maintenance")])
    h = e2(history_after(sc, plan("2026-05", [assign(sc, "e2", "d", d) for d in may]), None))
    assert h.weekly_minutes[-1] == 20 * 60


def test_weekly_minutes_carry_the_previous_months_weeks():
    # February's last entry is the week of 16–22 Feb (23 Feb – 1 Mar straddles March). March closes the
    # weeks of 23 Feb, 2, 9, 16 and 23 March (30–31 March straddle April).
    previous = History(
        month="2026-02",
        employees=[EmployeeHistory(employee="e2", weekly_minutes=[100 * i for i in range(1, 13)])],
    )
    sc, p = month_of([])
    assert e2(history_after(sc, p, previous)).weekly_minutes == [
        600,
        700,
        800,
        900,
        1000,
        1100,
        1200,
        0,
        0,
        0,
        0,
        0,
    ]


def test_recent_shifts_keep_the_last_fourteen_days():
    sc, p = month_of([dt.date(2026, 3, 2), dt.date(2026, 3, 20), dt.date(2026, 3, 31)])
    shifts = e2(history_after(sc, p, None)).recent_shifts
    assert [s.start.date() for s in shifts] == [dt.date(2026, 3, 20), dt.date(2026, 3, 31)]
    assert shifts[0].site == "m1-s1" and shifts[0].kind == "d"


def test_runs_at_the_end_of_the_month():
    sc, p = month_of(days(dt.date(2026, 3, 28), 4))
    h = e2(history_after(sc, p, None))
    assert (h.consecutive_days_worked, h.consecutive_days_off) == (4, 0)
    sc, p = month_of([dt.date(2026, 3, 27)])
    h = e2(history_after(sc, p, None))
    assert (h.consecutive_days_worked, h.consecutive_days_off) == (0, 4)


def test_a_month_off_continues_the_previous_run_of_days_off():
    previous = History(month="2026-02", employees=[EmployeeHistory(employee="e2", consecutive_days_off=5)])
    sc, p = month_of([])
    assert e2(history_after(sc, p, previous)).consecutive_days_off == 36


def test_last_shift_end_and_year_to_date_counters():
    previous = History(
        month="2026-02",
        employees=[EmployeeHistory(employee="e2", ytd_minutes=600, ytd_days_worked=2, weekends_worked=1)],
    )
    sc, p = month_of([dt.date(2026, 3, 7), dt.date(2026, 3, 10)])
    h = e2(history_after(sc, p, previous))
    assert h.last_shift_end == at(dt.date(2026, 3, 10), "12:00")
    assert (h.ytd_minutes, h.ytd_days_worked, h.weekends_worked) == (600 + 480, 4, 2)


def test_yearly_counters_reset_at_the_fiscal_year_start():
    previous = History(
        month="2025-12", employees=[EmployeeHistory(employee="e2", ytd_minutes=99999, ytd_days_worked=200)]
    )
    jan = dt.date(2026, 1, 6)
    sc = scenario(needs=[need("d", "08:00", "12:00", [jan], skill="maintenance")])
    h = e2(history_after(sc, plan("2026-01", [assign(sc, "e2", "d", jan)]), previous))
    assert (h.ytd_minutes, h.ytd_days_worked) == (240, 1)


def test_overtime_counts_weeks_ending_in_the_month():
    # 5 × 8 h = 40 h in the week of 9 March: 5 h of overtime; the week of 30 March ends in April.
    dates = [*days(dt.date(2026, 3, 9), 5), dt.date(2026, 3, 30), dt.date(2026, 3, 31)]
    sc, p = month_of(dates, "08:00", "16:00")
    assert e2(history_after(sc, p, None)).ytd_overtime_minutes == 300


def test_last_month_servers_lists_recurring_needs_by_frequency():
    sc, _ = month_of([])
    p = plan(
        "2026-03",
        [assign(sc, "e2", "d", d) for d in days(dt.date(2026, 3, 2), 3)]
        + [assign(sc, "e1", "d", dt.date(2026, 3, 9))],
    )
    assert history_after(sc, p, None).last_month_servers == {"d": ["e2", "e1"]}


def test_the_next_month_checks_rest_across_the_boundary_with_the_derived_history():
    sc = scenario(
        needs=[
            need("late", "14:00", "23:00", [dt.date(2026, 3, 31)], skill="maintenance"),
            need("early", "06:00", "12:00", [dt.date(2026, 4, 1)], skill="maintenance"),
        ]
    )
    march = plan("2026-03", [assign(sc, "e2", "late", dt.date(2026, 3, 31))])
    april = plan("2026-04", [assign(sc, "e2", "early", dt.date(2026, 4, 1))], history_after(sc, march, None))
    [v] = found(sc, april, "daily_rest")
    assert "7 h" in v.message


def test_the_next_month_sums_the_straddling_week_with_the_derived_history():
    # 31 March is a Tuesday: Mon 30 + Tue 31 (2 × 10 h) then Wed 1 – Sat 4 April (4 × 8 h) = 52 h in one week.
    march_days, april_days = [dt.date(2026, 3, 30), dt.date(2026, 3, 31)], days(dt.date(2026, 4, 1), 4)
    sc = scenario(
        needs=[
            need("long", "07:00", "17:00", march_days, skill="maintenance"),
            need("d", "08:00", "16:00", april_days, skill="maintenance"),
        ]
    )
    march = plan("2026-03", [assign(sc, "e2", "long", d) for d in march_days])
    assert found(sc, march, "weekly_max") == []
    april = plan("2026-04", [assign(sc, "e2", "d", d) for d in april_days], history_after(sc, march, None))
    [v] = found(sc, april, "weekly_max")
    assert "52 h" in v.message
    assert check_plan(sc, april) != []
