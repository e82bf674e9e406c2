"""A small, byte-stable RFC 5545 writer: content lines, text escaping, folding and date-time values.

Why our own writer rather than `icalendar`'s: the feed must be byte-identical when nothing changed (so a
strong ETag and 304s work) and shaped exactly as the checklist (docs/feeds.md) wants; a
dozen lines here are easier to keep stable than a library's serializer across its releases. The output
is still checked by `icalendar` and `vobject` in the tests.

References: RFC 5545 §3.1 (content lines, folding at 75 octets, CRLF), §3.3.11 (TEXT escaping),
§3.3.5 (DATE-TIME forms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).

    Carriage returns and other control characters (forbidden in content lines) are dropped, tabs kept.
    """
    out = []
    for char in value.replace("\r\n", "\n").replace("\r", "\n"):
        if char == "\\":
            out.append("\\\\")
        elif char == ";":
            out.append("\\;")
        elif char == ",":
            out.append("\\,")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t" or (ord(char) >= 0x20 and ord(char) != 0x7F):
            out.append(char)
    return "".join(out)


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets, never splitting a UTF-8 character.

    Continuation lines start with one space, which counts in their 75 octets (RFC 5545 §3.1).
    """
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    limit = MAX_OCTETS
    start = 0
    while start < len(data):
        end = min(start + limit, len(data))
        # Step back while `end` points into the middle of a multi-byte character (10xxxxxx bytes).
        while end < len(data) and end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = MAX_OCTETS - 1  # the leading space of a continuation line
    return (CRLF + " ").join(parts)


def content_line(name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """`NAME;PARAM=V:value`, folded. `value` is written as given: escape TEXT values before."""
    head = name + "".join(f";{key}={val}" for key, val in params)
    return fold(f"{head}:{value}")


def utc_stamp(moment: dt.datetime) -> str:
    """A UTC DATE-TIME (`20260301T120000Z`), seconds truncated to whole seconds."""
    if moment.tzinfo is None:
        raise ValueError("a UTC stamp needs an aware datetime")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """The wall-clock DATE-TIME in `tz` (used with `;TZID=`), e.g. `20261024T090000`."""
    if moment.tzinfo is None:
        raise ValueError("a local stamp needs an aware datetime")
    return moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")


def serialize(lines: Iterable[str]) -> bytes:
    """Join already-folded content lines with CRLF, ending with a CRLF, as UTF-8 bytes."""
    return "".join(line + CRLF for line in lines).encode("utf-8")
