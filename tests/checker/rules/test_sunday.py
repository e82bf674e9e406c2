"""Sunday rest unless the site has a derogation (L3132-3), and the 35 h around a free Sunday (with L3132-2)."""

import datetime as dt

from tests.checker.factories import assign, evening_then_morning, found, need, plan, scenario


def test_sunday_work_without_derogation_is_a_violation():
    sunday = dt.date(2026, 3, 15)
    sc = scenario(needs=[need("sun", "08:00", "12:00", [sunday], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "sun", sunday)]), "sunday")
    assert v.article == "L3132-3"


def test_saturday_night_reaching_into_sunday_breaks_sunday_rest():
    saturday = dt.date(2026, 3, 14)
    sc = scenario(needs=[need("night", "22:00", "02:00", [saturday], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "night", saturday)]), "sunday")
    assert v.date == dt.date(2026, 3, 15)


def test_sunday_work_at_a_site_with_derogation_is_legal():
    sunday = dt.date(2026, 3, 15)
    from tests.checker.factories import base_data

    data = base_data()
    data["members"][1]["sites"][0]["sunday_derogation"] = True
    sc = scenario(
        data=data,
        needs=[need("sun", "08:00", "12:00", [sunday], skill="maintenance", site="m2-s1", member="m2")],
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "sun", sunday)]), "sunday") == []


def saturday_then_monday(saturday_end: str, monday_start: str):
    """Saturday 14 March until `saturday_end`, Monday 16 March from `monday_start`, nothing else: the week
    of 9 March has 35 h of rest on other days."""
    sat, mon = dt.date(2026, 3, 14), dt.date(2026, 3, 16)
    return evening_then_morning((sat, "14:30", saturday_end), (mon, monday_start, "12:00"))


def test_a_free_sunday_with_31_hours_around_it_is_a_violation_even_with_35_hours_elsewhere():
    sc, p = saturday_then_monday("22:30", "05:30")
    [v] = found(sc, p, "sunday_rest")
    assert v.article == "L3132-3" and v.date == dt.date(2026, 3, 15) and "31 h" in v.message
    assert [v for v in found(sc, p, "weekly_rest") if v.date == dt.date(2026, 3, 9)] == []


def test_a_free_sunday_with_35_hours_around_it_is_legal():
    sc, p = saturday_then_monday("21:00", "08:00")
    assert found(sc, p, "sunday_rest") == []


def _at_a_derogated_site(days_by_need: list[tuple[str, str, str, dt.date, bool]]):
    """A plan of e2 over needs (id, start, end, date, at the site with a Sunday derogation)."""
    from tests.checker.factories import base_data

    data = base_data()
    data["members"][1]["sites"][0]["sunday_derogation"] = True
    needs = [
        need(n, a, b, [d], skill="maintenance", **({"site": "m2-s1", "member": "m2"} if derogated else {}))
        for n, a, b, d, derogated in days_by_need
    ]
    sc = scenario(data=data, needs=needs)
    return sc, plan("2026-03", [assign(sc, "e2", n, d) for n, _, _, d, _ in days_by_need])


def test_a_sunday_worked_under_a_derogation_leaves_the_rest_to_another_day():
    sat, sun, mon = dt.date(2026, 3, 14), dt.date(2026, 3, 15), dt.date(2026, 3, 16)
    sc, p = _at_a_derogated_site(
        [
            ("sat", "14:30", "22:30", sat, True),
            ("sun", "08:00", "12:00", sun, True),
            ("mon", "05:30", "12:00", mon, True),
        ]
    )
    assert found(sc, p, "sunday_rest") == []


def test_working_a_site_with_a_derogation_on_other_days_keeps_the_free_sunday_as_the_rest():
    wed, sat, mon = dt.date(2026, 3, 11), dt.date(2026, 3, 14), dt.date(2026, 3, 16)
    sc, p = _at_a_derogated_site(
        [
            ("wed", "08:00", "12:00", wed, True),
            ("sat", "14:30", "22:30", sat, False),
            ("mon", "05:30", "12:00", mon, False),
        ]
    )
    [v] = found(sc, p, "sunday_rest")
    assert v.date == dt.date(2026, 3, 15)
