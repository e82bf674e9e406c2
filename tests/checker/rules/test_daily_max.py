"""Daily maximum (L3121-18), night workers (L3122-6), minors (L3162-1), travel as work, DST."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

THU = dt.date(2026, 3, 12)


def test_ten_and_a_half_hours_in_a_day_is_a_violation_with_article_and_french_message():
    sc = scenario(needs=[need("long", "07:00", "17:30", [THU], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "long", THU)]), "daily_max")
    assert v.article == "L3121-18"
    assert v.employee == "e2" and v.date == THU
    assert v.message == "Dépassement de la durée quotidienne maximale : 10 h 30 le 12/03/2026 (max 10 h)"


def test_exactly_ten_hours_is_legal():
    sc = scenario(needs=[need("ten", "07:00", "17:00", [THU], skill="maintenance")])
    assert found(sc, plan("2026-03", [assign(sc, "e2", "ten", THU)]), "daily_max") == []


def test_two_members_in_one_day_add_up():
    sc = scenario(
        needs=[
            need("am", "06:00", "11:00", [THU]),
            need("pm", "12:00", "17:30", [THU], site="m2-s1", member="m2"),
        ]
    )
    p = plan("2026-03", [assign(sc, "e2", "am", THU), assign(sc, "e2", "pm", THU)])
    [v] = found(sc, p, "daily_max")
    assert "10 h 30" in v.message or "10 h 3" in v.message


def test_travel_between_sites_counts_towards_the_daily_maximum():
    # 5 h + 5 h = exactly 10 h on site, plus the travel from m1-s1 to m2-s1 (a few minutes) as work.
    sc = scenario(
        needs=[
            need("am", "06:00", "11:00", [THU]),
            need("pm", "12:00", "17:00", [THU], site="m2-s1", member="m2"),
        ]
    )
    p = plan("2026-03", [assign(sc, "e2", "am", THU), assign(sc, "e2", "pm", THU)])
    [v] = found(sc, p, "daily_max")
    assert v.article == "L3121-18"


def test_travel_is_not_work_when_the_rule_set_says_so():
    sc = scenario(
        needs=[
            need("am", "06:00", "11:00", [THU]),
            need("pm", "12:00", "17:00", [THU], site="m2-s1", member="m2"),
        ],
        rules={"travel_between_sites_is_work": False},
    )
    p = plan("2026-03", [assign(sc, "e2", "am", THU), assign(sc, "e2", "pm", THU)])
    assert found(sc, p, "daily_max") == []


def test_home_travel_counts_only_under_the_contract_policy():
    needs = [need("ten", "07:00", "17:00", [THU], skill="maintenance")]
    plain = scenario(needs=needs)
    assert found(plain, plan("2026-03", [assign(plain, "e2", "ten", THU)]), "daily_max") == []
    policy = scenario(
        needs=needs,
        employee={
            "contract": {
                "kind": "cdi_full_time",
                "start": "2023-01-01",
                "weekly_hours": 35,
                "home_travel_is_work": True,
            }
        },
    )
    [v] = found(policy, plan("2026-03", [assign(policy, "e2", "ten", THU)]), "daily_max")
    assert v.employee == "e2"


def test_night_worker_is_held_to_eight_hours_on_a_night():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    sc = scenario(
        needs=[need("night", "21:00", "06:00", [THU], skill="maintenance")], employee={"contract": contract}
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "night", THU)]), "daily_max")
    assert v.article == "L3122-6"


def test_night_worker_day_shift_keeps_the_ordinary_maximum():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "weekly_hours": 35, "night_worker": True}
    sc = scenario(
        needs=[need("day", "07:00", "16:00", [THU], skill="maintenance")], employee={"contract": contract}
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "day", THU)]), "daily_max") == []


def test_minor_is_held_to_eight_hours():
    sc = scenario(needs=[need("day", "08:00", "16:30", [THU], skill="maintenance")], employee={"minor": True})
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "day", THU)]), "daily_max")
    assert v.article == "L3162-1"


def test_spring_dst_night_is_an_hour_shorter_in_real_time():
    # 28→29 March 2026: clocks jump from 02:00 to 03:00; 20:00–07:00 on the wall is 10 h of work.
    sat = dt.date(2026, 3, 28)
    sc = scenario(
        needs=[need("night", "20:00", "07:00", [sat], skill="maintenance")],
        rules={"sunday_rest": False},
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "night", sat)]), "daily_max") == []


def test_autumn_dst_night_is_an_hour_longer_in_real_time():
    # 24→25 October 2026: clocks go back from 03:00 to 02:00; 22:00–07:30 on the wall is 10 h 30 of work.
    sat = dt.date(2026, 10, 24)
    sc = scenario(
        needs=[need("night", "22:00", "07:30", [sat], skill="maintenance")],
        rules={"sunday_rest": False},
    )
    [v] = found(sc, plan("2026-10", [assign(sc, "e2", "night", sat)]), "daily_max")
    assert "10 h 30" in v.message


def test_forfait_jours_has_no_hourly_daily_maximum():
    contract = {"kind": "forfait_jours", "start": "2023-01-01", "annual_days": 218}
    sc = scenario(
        needs=[need("long", "07:00", "18:00", [THU], skill="maintenance")], employee={"contract": contract}
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "long", THU)]), "daily_max") == []
