"""The Curtois & Qu reader: sections, comments, CRLF, and every problem of a malformed file at once."""

from __future__ import annotations

import pytest

from engine.benchmarks.curtois import (
    Cover,
    Request,
    Shift,
    parse_instance,
    read_instance,
    read_roster_csv,
    write_roster_csv,
)
from engine.errors import InputError
from tests.benchmarks.conftest import DATA, curtois_file


def test_reads_sections_of_a_small_file(tiny):
    assert tiny.name == "tiny"
    assert tiny.horizon == 7
    assert tiny.shifts == [Shift("E", 480, ()), Shift("L", 600, ("E",))]
    a = tiny.staff_by_id["A"]
    assert a.max_shifts == {"E": 7, "L": 2}
    assert (a.max_total_minutes, a.min_total_minutes) == (4000, 960)
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts, a.min_consecutive_days_off) == (3, 2, 2)
    assert a.max_weekends == 1
    assert tiny.days_off == {"A": frozenset({3})}
    assert tiny.on_requests == [Request("A", 0, "E", 2), Request("B", 6, "L", 3)]
    assert tiny.off_requests == [Request("B", 1, "E", 4)]
    assert len(tiny.cover) == 14
    assert Cover(6, "L", 1, 100, 5) in tiny.cover


def test_crlf_file_reads_like_lf_file(tiny):
    other = read_instance(DATA / "tiny_crlf_relabelled.txt")
    assert other.horizon == tiny.horizon
    assert [s.id for s in other.staff] == ["nurse 1", "B"]
    assert other.shift_by_id["L"].cannot_follow == ("early shift",)
    assert len(other.cover) == len(tiny.cover)


def test_malformed_file_lists_every_problem_with_its_line():
    with pytest.raises(InputError) as caught:
        read_instance(DATA / "malformed.txt")
    found = {(p.line, p.message) for p in caught.value.problems}
    assert (2, "'seven' is not a whole number") in found
    assert (6, "'abc' is not a whole number") in found
    assert (6, "unknown shift 'X'") in found
    assert (7, "shift 'E' given twice (first at line 5)") in found
    assert (10, "unknown shift 'Q'") in found
    assert (11, "expected 8 comma-separated fields, found 7") in found
    assert (12, "'E7' is not of the form ShiftID=max") in found
    assert any(line == 14 and "unknown section" in msg for line, msg in found)
    assert (18, "unknown employee 'Z'") in found
    assert (19, "-1 is below 0") in found
    assert (19, "'x' is not a whole number") in found
    assert (23, "day 0, shift 'E' given twice (first at line 22)") in found
    assert all(p.file.endswith("malformed.txt") for p in caught.value.problems)


def test_problem_names_the_section_and_field():
    with pytest.raises(InputError) as caught:
        parse_instance(
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,100,200,5,1,1,1\n", "x.txt"
        )
    (problem,) = caught.value.problems
    assert problem.path == "SECTION_STAFF[A].MinTotalMinutes"
    assert problem.message == "is above MaxTotalMinutes"
    assert problem.line == 6


def test_missing_required_sections_are_reported():
    with pytest.raises(InputError) as caught:
        parse_instance("# only a comment\nSECTION_COVER\n", "empty.txt")
    paths = {p.path for p in caught.value.problems}
    assert {"SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"} <= paths


def test_day_beyond_the_horizon_is_a_problem():
    text = "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,4000,0,5,1,1,1\nSECTION_DAYS_OFF\nA,7\n"
    with pytest.raises(InputError) as caught:
        parse_instance(text, "x.txt")
    assert caught.value.problems[0].message == "day 7 is outside the horizon (days 0 to 6)"


def test_data_before_any_section_is_a_problem():
    with pytest.raises(InputError) as caught:
        parse_instance(
            "14\nSECTION_HORIZON\n14\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,4000,0,5,1,1,1\n"
        )
    assert caught.value.problems[0].line == 1
    assert "outside any section" in caught.value.problems[0].message


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_instance(tmp_path / "nope.txt")
    assert caught.value.problems[0].message == "file not found"


def test_reads_public_instance_one():
    instance = read_instance(curtois_file(1))
    assert (instance.horizon, len(instance.staff), len(instance.shifts)) == (14, 8, 1)
    assert len(instance.cover) == 14
    assert len(instance.on_requests) == 21 and len(instance.off_requests) == 5


def test_roster_csv_round_trip(tmp_path, tiny):
    roster = [("B", 2, "E"), ("A", 0, "E"), ("A", 5, "L")]
    path = tmp_path / "tiny.csv"
    write_roster_csv(path, tiny, roster)
    assert path.read_text().splitlines() == ["employee,day,shift", "A,0,E", "A,5,L", "B,2,E"]
    assert read_roster_csv(path) == [("A", 0, "E"), ("A", 5, "L"), ("B", 2, "E")]


def test_malformed_roster_rows_are_reported_with_lines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("employee,day,shift\nA,x,E\nA,1\n")
    with pytest.raises(InputError) as caught:
        read_roster_csv(path)
    assert [p.line for p in caught.value.problems] == [2, 3]
