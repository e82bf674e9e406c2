"""engine.french: dates, months and periods as French writes them, for every page, invoice and message."""

import datetime as dt

import pytest

from engine.french import MONTHS_FR, WEEKDAYS_FR, date_long, day_number, month_name, of_month, period_long
from engine.workbook.values import parse_date


def test_the_first_of_a_month_is_an_ordinal_and_the_others_are_not():
    assert [day_number(dt.date(2026, 10, d)) for d in (1, 2, 31)] == ["1er", "2", "31"]
    assert date_long(dt.date(2026, 10, 1)) == "1er octobre 2026"
    assert date_long(dt.date(2026, 10, 25)) == "25 octobre 2026"


def test_a_long_date_may_name_its_weekday_and_leave_out_its_year():
    assert date_long(dt.date(2026, 10, 1), weekday=True) == "jeudi 1er octobre 2026"
    assert date_long(dt.date(2026, 10, 1), weekday=True, year=False) == "jeudi 1er octobre"


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31), "du 1er au 31 octobre 2026"),
        (dt.date(2026, 9, 28), dt.date(2026, 10, 25), "du 28 septembre au 25 octobre 2026"),
        (dt.date(2025, 12, 29), dt.date(2026, 1, 4), "du 29 décembre 2025 au 4 janvier 2026"),
    ],
)
def test_a_period_names_each_month_and_year_once(first, last, said):
    assert period_long(first, last) == said


def test_a_period_with_weekdays_names_the_day_of_each_end():
    assert period_long(dt.date(2026, 9, 28), dt.date(2026, 10, 4), True) == (
        "du lundi 28 septembre au dimanche 4 octobre 2026"
    )
    assert period_long(dt.date(2026, 10, 5), dt.date(2026, 10, 11), True) == (
        "du lundi 5 au dimanche 11 octobre 2026"
    )


def test_months_elide_de_before_a_vowel_only():
    assert month_name("2026-08") == "août 2026"
    assert of_month("2026-08") == "d'août 2026" and of_month("2026-03") == "de mars 2026"
    assert [m for m in MONTHS_FR if of_month(f"2026-{MONTHS_FR.index(m) + 1:02d}").startswith("d'")] == [
        "avril",
        "août",
        "octobre",
    ]


def test_every_day_of_a_year_reads_back_through_the_workbook():
    """The workbook reads what the engine writes (`1er mai 2026`, with or without the weekday)."""
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        assert parse_date(date_long(day)) == day
        assert parse_date(date_long(day, weekday=True)) == day
        day += dt.timedelta(days=1)
    assert WEEKDAYS_FR[dt.date(2026, 10, 1).weekday()] == "jeudi"
