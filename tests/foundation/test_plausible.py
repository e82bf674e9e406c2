"""The one rule for plausible dates and months (engine.plausible), and local clock times without offsets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from engine.model import Plan
from engine.model.common import LOCAL_TIME_INPUT, LOCAL_TIME_OUTPUT, ClockTime
from engine.plausible import FIRST_DAY, FIRST_HISTORIC_DAY, LAST_DAY, Day, Month, implausible
from tests.foundation.helpers import check_data, errors, minimal

CLOCK = TypeAdapter(ClockTime)


@given(st.dates())
def test_a_date_is_plausible_exactly_within_the_years_2000_to_2100(day):
    found = list(implausible({"start": day}))
    assert (found == []) == (FIRST_DAY <= day <= LAST_DAY)


@given(st.dates())
def test_founding_and_hiring_dates_may_go_back_to_1900(day):
    found = list(implausible({"contract": {"start": day}}))
    assert (found == []) == (FIRST_HISTORIC_DAY <= day <= LAST_DAY)


def test_an_implausible_date_is_located_by_its_path():
    data = {"employees": [{"absences": [{"start": "2026-01-01", "end": "9999-12-31"}]}]}
    [(loc, message)] = implausible(data)
    assert loc == ("employees", 0, "absences", 0, "end")
    assert "9999-12-31" in message and "2000-2100" in message


def test_a_date_time_is_checked_by_its_day():
    [(loc, _)] = implausible({"start": dt.datetime(1, 1, 1, 8, tzinfo=dt.UTC)})
    assert loc == ("start",)


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1999-12"])
def test_a_month_in_an_implausible_year_is_refused(month):
    assert len(list(implausible({"month": month}))) == 1
    with pytest.raises(ValidationError, match="outside 2000-2100"):
        TypeAdapter(Month).validate_python(month)


@pytest.mark.parametrize("month", ["2026-13", "0000-00", "2026-1", "2026-00"])
def test_a_month_must_be_01_to_12(month):
    with pytest.raises(ValidationError):
        TypeAdapter(Month).validate_python(month)
    with pytest.raises(ValidationError):
        Plan(month=month)


def test_a_day_parameter_outside_the_plausible_years_is_refused():
    with pytest.raises(ValidationError, match="outside 2000-2100"):
        TypeAdapter(Day).validate_python("9999-12-31")
    assert TypeAdapter(Day).validate_python("2026-11-03") == dt.date(2026, 11, 3)


def test_the_loader_reports_an_absence_in_year_9999_at_its_field():
    data = minimal()
    data["employees"][0]["absences"] = [{"kind": "paid_leave", "start": "9999-12-30", "end": "9999-12-31"}]
    paths = {p.path for p in errors(check_data(data))}
    assert paths == {"employees[0].absences[0].start", "employees[0].absences[0].end"}


def test_the_loader_reports_a_history_month_in_year_0():
    data = minimal()
    data["history"] = {"month": "0000-01"}
    assert [p.path for p in errors(check_data(data))] == ["history.month"]


@pytest.mark.parametrize("text", ["09:05:29Z", "09:05+02:00", "09:05:29-05:00"])
def test_a_clock_time_with_an_offset_is_refused(text):
    with pytest.raises(ValidationError, match="no offset"):
        CLOCK.validate_python(text)


@given(st.from_regex(LOCAL_TIME_INPUT, fullmatch=True))
def test_every_time_the_schema_declares_valid_is_read(text):
    value = CLOCK.validate_python(text)
    assert value.tzinfo is None


@given(st.times())
def test_a_clock_time_is_written_back_as_its_schema_says(value):
    assert re.match(LOCAL_TIME_OUTPUT, CLOCK.dump_python(value, mode="json"))
