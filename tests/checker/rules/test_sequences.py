"""General sequence rules a contract can set (runs, days off, weekends, successions, kinds, totals)."""

import datetime as dt

from tests.checker.factories import assign, days, found, history, need, plan, scenario

MON = dt.date(2026, 3, 2)
BASE = {"preset": "none"}


def roster(dates: list[dt.date], rules: dict, hist=None, kind: str = "D"):
    sc = scenario(
        needs=[need("d", "08:00", "16:00", days(dt.date(2026, 3, 1), 31), skill="maintenance", kind=kind)],
        rules={**BASE, **rules},
    )
    return sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in dates], hist)


def test_a_run_longer_than_the_maximum_is_a_violation():
    sc, p = roster(days(MON, 6), {"max_consecutive_days": 5})
    [v] = found(sc, p, "max_consecutive_days")
    assert v.article == "contrat" and "6 jours" in v.message


def test_the_history_run_continues_into_the_month():
    sc, p = roster(
        days(dt.date(2026, 3, 1), 3), {"max_consecutive_days": 5}, history("e2", consecutive_days_worked=3)
    )
    [v] = found(sc, p, "max_consecutive_days")
    assert "6 jours" in v.message


def test_a_run_at_the_maximum_is_legal():
    sc, p = roster(days(MON, 5), {"max_consecutive_days": 5})
    assert found(sc, p, "max_consecutive_days") == []


def test_a_run_shorter_than_the_minimum_is_a_violation():
    sc, p = roster([dt.date(2026, 3, 10)], {"min_consecutive_days": 2})
    [v] = found(sc, p, "min_consecutive_days")
    assert v.date == dt.date(2026, 3, 10)


def test_runs_touching_the_horizon_edges_are_exempt_when_the_rules_say_so():
    dates = [dt.date(2026, 3, 1), dt.date(2026, 3, 31)]
    held_sc, held = roster(dates, {"min_consecutive_days": 2})
    sc, p = roster(dates, {"min_consecutive_days": 2, "runs_at_horizon_edges_exempt": True})
    assert len(found(held_sc, held, "min_consecutive_days")) == 2
    assert found(sc, p, "min_consecutive_days") == []


def test_days_off_shorter_than_the_minimum_are_a_violation():
    dates = [d for d in days(dt.date(2026, 3, 1), 31) if d != dt.date(2026, 3, 11)]
    sc, p = roster(dates, {"min_consecutive_days_off": 2})
    [v] = found(sc, p, "min_consecutive_days_off")
    assert v.date == dt.date(2026, 3, 11)


def test_more_weekends_than_allowed_is_a_violation():
    sundays = days(dt.date(2026, 3, 1), 5, step=7)
    sc, p = roster(sundays, {"max_weekends": 4})
    [v] = found(sc, p, "max_weekends")
    assert "5 week-ends" in v.message


def test_weekends_up_to_the_maximum_are_legal():
    saturdays = days(dt.date(2026, 3, 7), 4, step=7)
    sc, p = roster(saturdays, {"max_weekends": 4})
    assert found(sc, p, "max_weekends") == []


def succession_scenario(rules: dict, hist=None):
    sc = scenario(
        needs=[
            need("late", "14:00", "22:00", [dt.date(2026, 3, 10)], skill="maintenance", kind="L"),
            need(
                "early",
                "06:00",
                "14:00",
                [dt.date(2026, 3, 1), dt.date(2026, 3, 11)],
                skill="maintenance",
                kind="E",
            ),
        ],
        rules={**BASE, **rules},
    )
    return sc


def test_a_forbidden_succession_is_a_violation():
    sc = succession_scenario({"forbidden_successions": [{"first": "L", "then": "E"}]})
    p = plan(
        "2026-03",
        [assign(sc, "e2", "late", dt.date(2026, 3, 10)), assign(sc, "e2", "early", dt.date(2026, 3, 11))],
    )
    [v] = found(sc, p, "forbidden_succession")
    assert v.date == dt.date(2026, 3, 11)


def test_the_reverse_succession_is_legal():
    sc = succession_scenario({"forbidden_successions": [{"first": "E", "then": "L"}]})
    p = plan(
        "2026-03",
        [assign(sc, "e2", "late", dt.date(2026, 3, 10)), assign(sc, "e2", "early", dt.date(2026, 3, 11))],
    )
    assert found(sc, p, "forbidden_succession") == []


def test_a_forbidden_succession_across_the_month_boundary_is_a_violation():
    from tests.checker.factories import at, interval

    sc = succession_scenario({"forbidden_successions": [{"first": "L", "then": "E"}]})
    last = interval(at(dt.date(2026, 2, 28), "14:00"), at(dt.date(2026, 2, 28), "22:00"), kind="L")
    p = plan("2026-03", [assign(sc, "e2", "early", dt.date(2026, 3, 1))], history("e2", recent_shifts=[last]))
    [v] = found(sc, p, "forbidden_succession")
    assert v.date == dt.date(2026, 3, 1)


def test_more_shifts_of_a_kind_than_allowed_is_a_violation():
    sc, p = roster(days(MON, 4), {"max_shifts_per_kind": {"D": 3}})
    [v] = found(sc, p, "max_shifts_per_kind")
    assert "4 postes « D »" in v.message


def test_total_minutes_outside_the_bounds_are_violations():
    sc, p = roster(days(MON, 4), {"max_total_minutes": 1800, "min_total_minutes": 600})
    [v] = found(sc, p, "max_total_minutes")
    assert "32 h" in v.message
    sc, p = roster([MON], {"min_total_minutes": 600})
    assert [v.employee for v in found(sc, p, "min_total_minutes")] == ["e1", "e2"]  # e1 has no work at all


def test_two_shifts_a_day_break_one_shift_per_day():
    sc = scenario(
        needs=[
            need("a", "06:00", "08:00", [MON], skill="maintenance"),
            need("b", "09:00", "11:00", [MON], skill="maintenance"),
        ],
        rules={**BASE, "one_shift_per_day": True},
    )
    [v] = found(
        sc, plan("2026-03", [assign(sc, "e2", "a", MON), assign(sc, "e2", "b", MON)]), "one_shift_per_day"
    )
    assert v.date == MON
