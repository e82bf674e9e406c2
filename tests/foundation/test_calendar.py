"""Public holidays per site (Alsace-Moselle included) and need occurrences in a month."""

from __future__ import annotations

import datetime as dt

from engine.calendar import is_public_holiday, month_occurrences
from engine.loader import load_scenario_text
from engine.yamlio import dump_yaml
from tests.foundation.helpers import minimal, need


def _scenario(data):
    return load_scenario_text(dump_yaml(data))


def _with_site_in(postcode: str):
    data = minimal()
    data["members"][0]["sites"][0]["address"]["postcode"] = postcode
    return _scenario(data)


GOOD_FRIDAY_2026 = dt.date(2026, 4, 3)
ST_STEPHEN_2026 = dt.date(2026, 12, 26)


def test_french_public_holidays_are_known():
    scenario = _scenario(minimal())
    site = scenario.site_by_id["m1-s1"]
    for day in (dt.date(2026, 1, 1), dt.date(2026, 5, 1), dt.date(2026, 7, 14), dt.date(2026, 11, 11)):
        assert is_public_holiday(scenario, site, day)
    assert not is_public_holiday(scenario, site, dt.date(2026, 3, 2))


def test_good_friday_and_st_stephen_are_holidays_in_moselle():
    scenario = _with_site_in("57140")
    site = scenario.site_by_id["m1-s1"]
    assert is_public_holiday(scenario, site, GOOD_FRIDAY_2026)
    assert is_public_holiday(scenario, site, ST_STEPHEN_2026)


def test_good_friday_is_a_holiday_in_bas_rhin_and_haut_rhin():
    for postcode in ("67000", "68100"):
        scenario = _with_site_in(postcode)
        assert is_public_holiday(scenario, scenario.site_by_id["m1-s1"], GOOD_FRIDAY_2026)


def test_good_friday_and_st_stephen_are_not_holidays_elsewhere():
    scenario = _with_site_in("54000")  # Meurthe-et-Moselle, next door but not Alsace-Moselle
    site = scenario.site_by_id["m1-s1"]
    assert not is_public_holiday(scenario, site, GOOD_FRIDAY_2026)
    assert not is_public_holiday(scenario, site, ST_STEPHEN_2026)


def test_extra_days_of_the_group_are_holidays():
    data = minimal()
    data["group"]["holidays"] = {"extra_days": [dt.date(2026, 3, 9)]}
    scenario = _scenario(data)
    assert is_public_holiday(scenario, scenario.site_by_id["m1-s1"], dt.date(2026, 3, 9))


def _may_need(**changes):
    data = minimal()
    data["month"] = "2026-05"
    data["needs"] = [
        need("mai", from_date="2026-05-01", until_date="2026-05-31", weekdays=["fri"], **changes)
    ]
    return _scenario(data)


def test_weekly_need_skips_public_holidays():
    dates = [o.date for o in month_occurrences(_may_need(), "2026-05")]
    assert dt.date(2026, 5, 1) not in dates  # Labour Day, a Friday in 2026
    assert dt.date(2026, 5, 8) not in dates  # Victory in Europe Day, a Friday too
    assert dt.date(2026, 5, 15) in dates


def test_weekly_need_with_include_holidays_keeps_them():
    dates = [o.date for o in month_occurrences(_may_need(include_holidays=True), "2026-05")]
    assert dt.date(2026, 5, 1) in dates
    occurrence = next(o for o in month_occurrences(_may_need(include_holidays=True), "2026-05"))
    assert occurrence.is_holiday


def test_occurrences_before_a_member_joins_are_left_out():
    data = minimal()
    data["members"][0]["joined_on"] = dt.date(2026, 3, 16)
    scenario = _scenario(data)
    dates = [o.date for o in month_occurrences(scenario, "2026-03") if o.need == "n1"]
    assert dates and min(dates) >= dt.date(2026, 3, 16)


def test_occurrences_are_sorted_by_start_and_keyed_by_need_and_date():
    occurrences = month_occurrences(_scenario(minimal()), "2026-03")
    assert [o.start_utc for o in occurrences] == sorted(o.start_utc for o in occurrences)
    assert occurrences[0].key == f"{occurrences[0].need}@{occurrences[0].date.isoformat()}"


def test_loan_with_days_per_week_gives_optional_days_reserved_for_its_employee():
    data = minimal()
    data["employees"].append(
        {
            "id": "dg",
            "name": "Anne Roy",
            "employer": "m2",
            "hourly_wage": 60,
            "home": {"lat": 45.7, "lon": 4.8},
            "contract": {"kind": "forfait_jours", "start": "2015-01-01", "annual_days": 218},
            "skills": ["direction"],
        }
    )
    data["secondments"] = [
        {
            "id": "pret",
            "lender": "m2",
            "host": "m1",
            "employee": "dg",
            "site": "m1-s1",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "days_per_week": 3,
        }
    ]
    loans = [o for o in month_occurrences(_scenario(data), "2026-03") if o.secondment]
    assert len(loans) == 22  # every weekday of March 2026, the planner picks 3 a week
    assert all(o.optional and o.reserved_for == "dg" for o in loans)


def test_assigning_an_occurrence_copies_its_need_times_member_and_site():
    occurrence = month_occurrences(_scenario(minimal()), "2026-03")[0]
    a = occurrence.assign("e1")
    assert (a.employee, a.need, a.date, a.start, a.end, a.member, a.site, a.secondment) == (
        "e1",
        occurrence.need,
        occurrence.date,
        occurrence.start,
        occurrence.end,
        occurrence.member,
        occurrence.site,
        None,
    )
    assert a.travel_before_minutes == 0 and not a.pinned
