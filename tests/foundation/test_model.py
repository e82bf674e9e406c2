"""Domain model behaviours other parts build on: contracts, needs, members, clock times, weekdays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from engine.model import Assignment, Contract, Member, Need, Weekday
from engine.model.common import ClockTime, WeekdayField
from engine.yamlio import dump_yaml, read_yaml

CLOCK = TypeAdapter(ClockTime)
WEEKDAY = TypeAdapter(WeekdayField)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30", dt.time(8, 30)),
        ("8:30", dt.time(8, 30)),
        ("8h30", dt.time(8, 30)),
        ("14h", dt.time(14)),
        ("24:00", dt.time(0)),
    ],
)
def test_clock_times_are_read_as_people_write_them(text, expected):
    assert CLOCK.validate_python(text) == expected


def test_clock_time_given_as_minutes_is_refused_with_advice():
    with pytest.raises(ValidationError, match="HH:MM"):
        CLOCK.validate_python(510)


@pytest.mark.parametrize("text", ["mon", "Monday", "lun", "lundi", 0])
def test_weekday_names_in_english_french_or_numbers(text):
    assert WEEKDAY.validate_python(text) is Weekday.MON


def _contract(**fields):
    return Contract.model_validate(
        {"kind": "cdi_part_time", "start": "2024-01-01", "weekly_hours": 24} | fields
    )


def test_part_time_contract_minutes_and_flag():
    contract = _contract(weekly_hours="17.5")
    assert contract.weekly_minutes == 1050 and contract.is_part_time


def test_annualised_contract_spreads_its_hours_over_52_weeks():
    contract = _contract(kind="cdi_full_time", weekly_hours=None, annualised=True, annual_hours=1607)
    assert contract.weekly_minutes == 1854


def test_forfait_jours_needs_annual_days():
    with pytest.raises(ValidationError, match="annual_days"):
        _contract(kind="forfait_jours", weekly_hours=None)


def test_contract_covers_its_days_only():
    contract = _contract(kind="cdd", start="2026-03-01", end="2026-03-31")
    assert contract.covers(dt.date(2026, 3, 31)) and not contract.covers(dt.date(2026, 4, 1))


def _need(**fields):
    base = {
        "id": "n",
        "member": "m",
        "site": "s",
        "skill": "x",
        "start": "22:00",
        "end": "06:00",
        "weekdays": ["sat"],
        "from_date": "2026-10-01",
        "until_date": "2026-10-31",
    }
    return Need.model_validate(base | fields)


def test_night_need_crosses_midnight_and_lasts_8_nominal_hours():
    need = _need()
    assert need.crosses_midnight and need.length_minutes == 480


def test_pattern_dates_are_the_union_of_weekdays_and_explicit_dates():
    need = _need(dates=["2026-10-07"])
    assert need.pattern_dates(dt.date(2026, 10, 1), dt.date(2026, 10, 11)) == [
        dt.date(2026, 10, 3),
        dt.date(2026, 10, 7),
        dt.date(2026, 10, 10),
    ]


def test_zero_headcount_needs_a_surplus_cost():
    with pytest.raises(ValidationError, match="surplus_cost"):
        _need(headcount=0)


def _member(**fields):
    base = {
        "id": "m",
        "name": "M",
        "siren": "123456782",
        "address": {"street": "a", "postcode": "38000", "city": "Grenoble"},
        "joined_on": "2024-01-01",
        "created_on": "2022-03-15",
        "headcount": 34,
    }
    return Member.model_validate(base | fields)


def test_member_age_counts_whole_years():
    member = _member()
    assert member.age_in_years(dt.date(2026, 3, 14)) == 3
    assert member.age_in_years(dt.date(2026, 3, 15)) == 4


def test_group_headcount_is_the_corporate_groups_when_larger():
    assert _member(corporate_group_headcount=7400).group_headcount == 7400
    assert _member().group_headcount == 34


def test_siret_must_start_with_the_siren():
    with pytest.raises(ValidationError, match="siret"):
        _member(siret="99999999900011")


def test_assignment_minutes_are_exact_across_dst():
    assignment = Assignment.model_validate(
        {
            "employee": "t01",
            "need": "n",
            "date": "2026-10-24",
            "member": "m",
            "site": "s",
            "start": "2026-10-24T22:00:00+02:00",
            "end": "2026-10-25T06:00:00+01:00",
        }
    )
    assert assignment.minutes == 540


@given(st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False, allow_infinity=False))
def test_decimals_survive_a_yaml_round_trip_exactly(value):
    loaded, problems = read_yaml(dump_yaml({"amount": value}), "x")
    assert loaded is not None and problems == []
    assert Decimal(loaded.data["amount"]) == value


@given(
    st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=3, unique=True),
    st.lists(st.integers(0, 6), max_size=7, unique=True),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    st.integers(0, 60),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    st.integers(0, 20),
)
def test_a_need_has_a_date_in_a_range_exactly_when_its_pattern_lists_one(
    dates, weekdays, from_date, span, first, length
):
    need = Need(
        id="n",
        member="m",
        site="s",
        skill="x",
        start="08:00",
        end="12:00",
        dates=dates or [from_date],
        weekdays=weekdays,
        from_date=from_date if weekdays else None,
        until_date=from_date + dt.timedelta(days=span) if weekdays else None,
    )
    last = first + dt.timedelta(days=length)
    assert need.has_date_between(first, last) == bool(need.pattern_dates(first, last))
