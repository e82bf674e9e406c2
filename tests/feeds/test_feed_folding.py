"""Folding and escaping as properties over any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.feeds.ical import content_line, escape_text, fold

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


def _unfold(folded: str) -> str:
    return folded.replace("\r\n ", "")


@given(TEXT)
def test_folded_lines_fit_75_octets_and_decode(text):
    for line in fold("DESCRIPTION:" + escape_text(text)).split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


@given(TEXT)
def test_unfolding_gives_back_the_line(text):
    line = "SUMMARY:" + escape_text(text)
    assert _unfold(fold(line)) == line


@given(TEXT)
def test_escaped_text_holds_no_line_break_and_no_bare_separator(text):
    escaped = escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    stripped = escaped.replace("\\\\", "").replace("\\;", "").replace("\\,", "").replace("\\n", "")
    assert ";" not in stripped and "," not in stripped and "\\" not in stripped


def test_four_byte_characters_are_never_split():
    line = content_line("SUMMARY", "🙂" * 60)
    for part in line.split("\r\n"):
        part.encode("utf-8")
        assert len(part.encode("utf-8")) <= 75
    assert _unfold(line) == "SUMMARY:" + "🙂" * 60
