"""No overlap, and the travel time between two sites (Cass. crim. 2 Sept 2014 n°13-80.665)."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def pair(first_end: str, second_start: str, second_site: str = "m2-s1"):
    sc = scenario(
        needs=[
            need("a", "08:00", first_end, [TUE]),
            need("b", second_start, "17:00", [TUE], site=second_site, member=second_site.split("-")[0]),
        ]
    )
    return sc, plan("2026-03", [assign(sc, "e2", "a", TUE), assign(sc, "e2", "b", TUE)])


def test_overlapping_assignments_are_a_violation():
    sc, p = pair("12:30", "12:00")
    [v] = found(sc, p, "overlap")
    assert v.article == "L3121-1"


def test_back_to_back_shifts_at_two_sites_lack_the_travel_time():
    sc, p = pair("12:00", "12:00")
    [v] = found(sc, p, "overlap")
    assert v.article == "Cass. crim. 13-80.665" and "Temps de trajet insuffisant" in v.message


def test_back_to_back_shifts_at_the_same_site_are_legal():
    sc, p = pair("12:00", "12:00", "m1-s1")
    assert found(sc, p, "overlap") == []


def test_a_gap_as_long_as_the_travel_is_legal():
    sc, p = pair("12:00", "12:30")
    assert found(sc, p, "overlap") == []
