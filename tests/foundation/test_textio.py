"""The one reader of users' text files: every failure is a single Problem naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from engine.textio import read_text, read_text_or_problem


def test_missing_file_is_file_not_found(tmp_path: Path):
    text, problems = read_text_or_problem(tmp_path / "absent.csv")
    assert text is None and [(p.file, p.message) for p in problems] == [
        (str(tmp_path / "absent.csv"), "file not found")
    ]


def test_directory_says_what_was_expected(tmp_path: Path):
    _, problems = read_text_or_problem(tmp_path, kind="timesheet")
    assert [p.message for p in problems] == ["is a directory, not a timesheet"]


def test_non_utf8_names_the_byte_and_the_fix(tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("a\nSociété\n".encode("latin-1"))
    _, problems = read_text_or_problem(path)
    assert [p.message for p in problems] == ["not UTF-8 text (byte 6); save the file as UTF-8"]


def test_utf8_sig_drops_the_bom(tmp_path: Path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffemployee\n".encode())
    assert read_text(path, encoding="utf-8-sig") == "employee\n"


def test_read_text_raises_input_error_with_the_problem(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        read_text(tmp_path / "absent.json")
    assert [p.message for p in caught.value.problems] == ["file not found"]
