"""French cell values: read exactly as typed, or refused with a message naming the value — never guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.workbook.sheets import CONTRACT_KINDS, PRIORITIES
from engine.workbook.values import (
    AmountMap,
    Boolean,
    CellError,
    Code,
    DateList,
    Integer,
    Month,
    Number,
    Ratio,
    Timestamp,
    Weekdays,
    parse_date,
    parse_decimal,
    parse_time,
    parse_weekdays,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/03/2026", dt.date(2026, 3, 15)),
        ("5/3/2026", dt.date(2026, 3, 5)),
        ("15.03.2026", dt.date(2026, 3, 15)),
        ("15-03-2026", dt.date(2026, 3, 15)),
        ("2026-03-15", dt.date(2026, 3, 15)),
        (" 15/03/2026 ", dt.date(2026, 3, 15)),
        ("1er mai 2026", dt.date(2026, 5, 1)),
        ("15 mars 2026", dt.date(2026, 3, 15)),
        ("lundi 7 décembre 2026", dt.date(2026, 12, 7)),
        ("3 août 2026", dt.date(2026, 8, 3)),
        ("3 aout 2026", dt.date(2026, 8, 3)),
        ("3 févr. 2026", dt.date(2026, 2, 3)),
        (dt.datetime(2026, 3, 15), dt.date(2026, 3, 15)),
        (dt.date(2026, 3, 15), dt.date(2026, 3, 15)),
    ],
)
def test_dates_are_read_as_typed_in_french(typed, expected):
    assert parse_date(typed) == expected


def test_03_04_is_the_third_of_april_as_in_france():
    assert parse_date("03/04/2026") == dt.date(2026, 4, 3)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31/02/2026", "n'existe pas"),
        ("29/02/2027", "n'existe pas"),
        ("15/13/2026", "pas de mois 13"),
        ("15/03/26", "l'année en entier"),
        ("03/15/2026", "pas de mois 15"),
        ("demain", "n'est pas une date"),
        (46096, "est un nombre, pas une date"),
        (46096.0, "est un nombre, pas une date"),
        (dt.datetime(2026, 3, 15, 8, 30), "porte une heure"),
        (dt.time(8, 30), "est une heure"),
    ],
)
def test_dates_that_are_wrong_or_ambiguous_are_refused(typed, says):
    with pytest.raises(CellError, match=says):
        parse_date(typed)


def test_an_impossible_date_is_quoted_as_typed():
    with pytest.raises(CellError) as caught:
        parse_date("31/02/2026")
    assert "« 31/02/2026 »" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8h30", dt.time(8, 30)),
        ("08:30", dt.time(8, 30)),
        ("8 h 30", dt.time(8, 30)),
        ("8H30", dt.time(8, 30)),
        ("14h", dt.time(14, 0)),
        ("14 h", dt.time(14, 0)),
        ("08:30:00", dt.time(8, 30)),
        ("0h00", dt.time(0, 0)),
        ("24:00", dt.time(0, 0)),
        ("24h", dt.time(0, 0)),
        (dt.time(22, 0), dt.time(22, 0)),
        (dt.datetime(1899, 12, 30, 7, 45), dt.time(7, 45)),
        (dt.timedelta(hours=13, minutes=30), dt.time(13, 30)),
        (dt.timedelta(hours=24), dt.time(0, 0)),
    ],
)
def test_times_are_read_as_typed(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("25h00", "pas une heure valide"),
        ("8h75", "pas une heure valide"),
        ("8", "n'est pas une heure"),
        ("830", "n'est pas une heure"),
        (0.354, "est un nombre"),
        (dt.datetime(2026, 3, 1, 8, 30), "est une date"),
        (dt.date(2026, 3, 1), "est une date"),
        ("08:30:15", "pas une heure valide"),
    ],
)
def test_times_that_are_wrong_are_refused(typed, says):
    with pytest.raises(CellError, match=says):
        parse_time(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19,50", Decimal("19.50")),
        ("19.50", Decimal("19.50")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56", Decimal("1234.56")),
        ("12,02 €", Decimal("12.02")),
        ("€ 12,02", Decimal("12.02")),
        ("0,636", Decimal("0.636")),
        (19.5, Decimal("19.5")),
        (12.02, Decimal("12.02")),
        (35, Decimal("35")),
    ],
)
def test_decimal_commas_and_points_are_exact(typed, expected):
    value = Number(units=("€",), money=True).parse(typed)
    assert value == expected and isinstance(value, Decimal)


@pytest.mark.parametrize("typed", ["1.500", "1,234.5", "douze", "12,5,3", "--3"])
def test_amounts_with_two_readings_or_none_are_refused(typed):
    with pytest.raises(CellError):
        Number(money=True).parse(typed)


def test_a_dot_followed_by_three_digits_is_a_decimal_outside_amounts():
    assert parse_decimal("6.134") == Decimal("6.134")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("42 %", Decimal("0.42")),
        ("42%", Decimal("0.42")),
        ("0,42", Decimal("0.42")),
        (0.42, Decimal("0.42")),
        ("12,15 %", Decimal("0.1215")),
    ],
)
def test_ratios_accept_a_percent_sign_or_a_fraction(typed, expected):
    assert Ratio().parse(typed) == expected


def test_a_bare_percentage_without_sign_is_ambiguous():
    with pytest.raises(CellError, match="ambigu"):
        Ratio().parse("42")


def test_a_coefficient_above_one_is_a_ratio_that_may_exceed_one():
    assert Ratio(above_one=True).parse("1,87") == Decimal("1.87")


@pytest.mark.parametrize(("typed", "expected"), [("35", 35), (35.0, 35), ("1 500", 1500), ("35 h", 35)])
def test_whole_numbers(typed, expected):
    assert Integer(units=("h",)).parse(typed) == expected


@pytest.mark.parametrize("typed", ["35,5", 35.5, "1.500"])
def test_whole_numbers_refuse_fractions_and_ambiguous_thousands(typed):
    with pytest.raises(CellError):
        Integer().parse(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("oui", True),
        ("Oui", True),
        ("OUI", True),
        ("o", True),
        ("x", True),
        ("vrai", True),
        (True, True),
        (1, True),
        ("non", False),
        ("N", False),
        ("faux", False),
        (False, False),
        (0, False),
    ],
)
def test_yes_and_no_in_french(typed, expected):
    assert Boolean().parse(typed) is expected


def test_yes_no_refuses_anything_else():
    with pytest.raises(CellError, match="oui ou non"):
        Boolean().parse("peut-être")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lun, mar, mer", ["mon", "tue", "wed"]),
        ("Lundi, Jeudi", ["mon", "thu"]),
        ("lun;ven", ["mon", "fri"]),
        ("lundi et jeudi", ["mon", "thu"]),
        ("lun-ven", ["mon", "tue", "wed", "thu", "fri"]),
        ("du lundi au vendredi", ["mon", "tue", "wed", "thu", "fri"]),
        ("sam, dim", ["sat", "sun"]),
        ("mer.", ["wed"]),
        ("mardi jeudi", ["tue", "thu"]),
        ("tue, thu", ["tue", "thu"]),
        ("jeu, mar", ["thu", "tue"]),
    ],
)
def test_weekdays_as_french_managers_write_them(typed, expected):
    assert parse_weekdays(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("lun, lun", "deux fois"),
        ("m", "n'est pas un jour"),
        ("lum", "lun"),
        ("ven-lun", "à l'envers"),
        ("lun, fun", "n'est pas un jour"),
    ],
)
def test_weekdays_that_cannot_be_read_are_refused(typed, says):
    with pytest.raises(CellError, match=says):
        parse_weekdays(typed)


def test_choices_accept_the_french_label_the_code_and_aliases_without_case_or_accents():
    assert CONTRACT_KINDS.parse("CDI temps partiel") == "cdi_part_time"
    assert CONTRACT_KINDS.parse("cdi TEMPS partiel") == "cdi_part_time"
    assert CONTRACT_KINDS.parse("work_study") == "work_study"
    assert CONTRACT_KINDS.parse("apprentissage") == "work_study"
    assert PRIORITIES.parse("Élevée") == "high"


def test_an_unknown_choice_suggests_the_closest():
    with pytest.raises(CellError, match="vouliez-vous dire « CDI temps partiel »"):
        CONTRACT_KINDS.parse("CDI temp partiel")


def test_codes_get_back_the_leading_zeros_excel_removed():
    assert Code(length=5).parse(7300) == "07300"
    assert Code(length=5).parse("07300") == "07300"
    assert Code(length=9).parse("832 430 839") == "832430839"


def test_months_as_typed_or_as_the_date_excel_makes_of_them():
    assert Month().parse("2026-10") == "2026-10"
    assert Month().parse("10/2026") == "2026-10"
    assert Month().parse("octobre 2026") == "2026-10"
    assert Month().parse(dt.datetime(2026, 10, 1)) == "2026-10"
    with pytest.raises(CellError, match="un jour, pas un mois"):
        Month().parse(dt.date(2026, 10, 15))


def test_amounts_per_skill():
    assert AmountMap().parse("comptabilite : 19,50 ; paie = 20,10") == {
        "comptabilite": Decimal("19.50"),
        "paie": Decimal("20.10"),
    }
    with pytest.raises(CellError, match="deux fois"):
        AmountMap().parse("paie : 1 ; paie : 2")


def test_a_local_time_in_the_repeated_dst_hour_is_ambiguous_and_refused():
    with pytest.raises(CellError, match="changement d'heure"):
        Timestamp().parse_in("25/10/2026 02:30", PARIS)


def test_an_iso_instant_with_its_offset_is_exact_even_in_the_dst_hour():
    moment = Timestamp().parse_in("2026-10-25T02:30:00+01:00", PARIS)
    assert moment.utcoffset() == dt.timedelta(hours=1)


def test_a_local_timestamp_is_placed_in_the_groups_zone():
    moment = Timestamp().parse_in("26/09/2026 22:00", PARIS)
    assert moment == dt.datetime(2026, 9, 26, 20, 0, tzinfo=dt.UTC)


# --- properties: what the export writes, the import reads back ----------------------------------------------


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_typed_day_first_reads_back(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_any_clock_time_typed_either_way_reads_back(clock):
    assert parse_time(clock.strftime("%H:%M")) == clock
    assert parse_time(f"{clock.hour}h{clock.minute:02d}") == clock


@given(st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_written_with_a_decimal_comma_reads_back_exactly(amount):
    text = format(amount, "f").replace(".", ",")
    assert Number().parse(text) == amount
    assert Number().parse(Number().format(amount)) == amount


@given(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), unique=True, max_size=7))
def test_any_list_of_weekdays_reads_back_in_its_order(days):
    assert Weekdays().parse(Weekdays().format(days) or "") == days if days else True


@given(
    st.lists(
        st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
        unique=True,
        min_size=1,
        max_size=10,
    )
)
def test_any_list_of_dates_reads_back(days):
    assert DateList().parse(DateList().format(days)) == days


@given(
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 1, 1), timezones=st.just(dt.UTC)
    )
)
def test_any_instant_reads_back_as_the_same_instant(moment):
    moment = moment.replace(second=0, microsecond=0)
    written = Timestamp().format_in(moment, PARIS)
    assert Timestamp().parse_in(written, PARIS) == moment
