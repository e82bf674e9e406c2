"""L3122-5: the night worker status follows the schedule; its limits (L3122-6, L3122-7) follow the status."""

import datetime as dt

from engine.checker import Level
from tests.checker.factories import (
    PARIS,
    assign,
    base_data,
    days,
    found,
    history,
    interval,
    need,
    plan,
    scenario,
)

MON = dt.date(2026, 3, 9)


def night_scenario(dates: list[dt.date], start: str = "20:00", end: str = "06:00"):
    data = base_data()
    data["members"][1]["sites"][0]["night_derogation"] = True
    return scenario(
        data=data,
        needs=[need("nuit", start, end, dates, skill="maintenance", site="m2-s1", member="m2")],
    )


def test_two_ten_hour_nights_in_a_week_make_a_night_worker_held_to_eight_hours():
    sc = night_scenario([MON, MON + dt.timedelta(days=2)])
    p = plan("2026-03", [assign(sc, "e2", "nuit", d) for d in (MON, MON + dt.timedelta(days=2))])
    over = [v for v in found(sc, p, "daily_max") if v.article == "L3122-6"]
    assert [v.date for v in over] == [MON, MON + dt.timedelta(days=2)]


def test_one_long_night_a_week_does_not_make_a_night_worker():
    sc = night_scenario([MON, MON + dt.timedelta(days=7)])
    p = plan("2026-03", [assign(sc, "e2", "nuit", d) for d in (MON, MON + dt.timedelta(days=7))])
    assert [v for v in found(sc, p, "daily_max") if v.article == "L3122-6"] == []
    assert found(sc, p, "night_worker_status") == []


def test_the_status_from_the_schedule_is_reported_as_a_warning():
    sc = night_scenario([MON, MON + dt.timedelta(days=2)], "22:00", "05:00")
    p = plan("2026-03", [assign(sc, "e2", "nuit", d) for d in (MON, MON + dt.timedelta(days=2))])
    [v] = found(sc, p, "night_worker_status")
    assert v.level is Level.WARNING and v.article == "L3122-5"
    assert found(sc, p, "daily_max") == []  # 7-h nights: within the night worker's 8 h


def test_a_night_in_the_history_counts_in_the_week_straddling_the_month_start():
    # Tuesday 31 March in the history, Thursday 2 April in the plan: two long nights in one week
    sc = night_scenario([dt.date(2026, 4, 2)])
    night = (dt.datetime(2026, 3, 31, 20, 0), dt.datetime(2026, 4, 1, 6, 0))
    h = history(
        "e2",
        month="2026-03",
        recent_shifts=[interval(night[0].replace(tzinfo=PARIS), night[1].replace(tzinfo=PARIS), "m2-s1")],
    )
    p = plan("2026-04", [assign(sc, "e2", "nuit", dt.date(2026, 4, 2))], history=h)
    [v] = [v for v in found(sc, p, "daily_max") if v.article == "L3122-6"]
    assert v.date == dt.date(2026, 4, 2)


def test_the_yearly_count_of_night_hours_makes_a_night_worker():
    # 264 h 55 of night time over the 11 previous months; one night 20:00-06:00 (9 h of it in the night
    # period 21:00-06:00) reaches 270 h
    sc = night_scenario([MON])
    h = history("e2", night_minutes_by_month=[1445] * 11)
    p = plan("2026-03", [assign(sc, "e2", "nuit", MON)], history=h)
    [v] = [v for v in found(sc, p, "daily_max") if v.article == "L3122-6"]
    assert v.date == MON


def test_a_night_worker_by_schedule_is_held_to_forty_hours_on_average():
    # June 2026 starts on a Monday. Eleven weeks of 43 h 20 before it (under 40 h on average even with an
    # empty week), then three 8-h days and two 10-h nights: 44 h, within the 44 h of L3121-22, above the
    # night worker's 40 h
    dates = days(dt.date(2026, 6, 1), 5)
    data = base_data()
    data["members"][1]["sites"][0]["night_derogation"] = True
    sc = scenario(
        data=data,
        needs=[
            need("jour", "08:00", "16:00", dates[:3], skill="maintenance", site="m2-s1", member="m2"),
            need("nuit", "20:00", "06:00", dates[3:], skill="maintenance", site="m2-s1", member="m2"),
        ],
    )
    h = history("e2", month="2026-05", weekly_minutes=[2600] * 11)
    assignments = [assign(sc, "e2", "jour", d) for d in dates[:3]]
    assignments += [assign(sc, "e2", "nuit", d) for d in dates[3:]]
    p = plan("2026-06", assignments, history=h)
    assert [v.article for v in found(sc, p, "rolling_average")] == ["L3122-7"]
    assert [v for v in found(sc, p, "daily_rest")] == []


def test_the_same_weeks_without_the_status_are_legal():
    dates = days(dt.date(2026, 6, 1), 5)
    sc = scenario(
        needs=[need("jour", "08:00", "16:48", dates, skill="maintenance", site="m2-s1", member="m2")]
    )
    h = history("e2", month="2026-05", weekly_minutes=[2600] * 11)
    p = plan("2026-06", [assign(sc, "e2", "jour", d) for d in dates], history=h)
    assert found(sc, p, "rolling_average") == []
