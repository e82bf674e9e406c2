"""Argument types shared by the sub-commands: a bad value is a clear message and exit status 2.

argparse calls these while it reads the command line; `argparse.ArgumentTypeError` becomes
`ge COMMAND: error: argument --month: …` and exit status 2, before anything is loaded or solved.
"""

from __future__ import annotations

import argparse
import datetime as dt


def month(text: str) -> str:
    """`YYYY-MM` with a month from 01 to 12."""
    from engine.timeutil import parse_month

    try:
        parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month YYYY-MM (01 to 12), got {text!r}") from None
    return text


def day(text: str) -> dt.date:
    """`YYYY-MM-DD`, a day that exists."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD that exists, got {text!r}") from None


def count(text: str) -> int:
    """A whole number of at least 1 (employees, members, workers, months…)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def natural(text: str) -> int:
    """A whole number of at least 0 (a seed, a sample size)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def seconds(text: str) -> float:
    """A duration in seconds, above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text}")
    return value


def seconds_or_zero(text: str) -> float:
    """A duration in seconds, 0 meaning none."""
    if text.strip() in ("0", "0.0"):
        return 0.0
    return seconds(text)


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    value = count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is at most 65535, got {value}")
    return value


def year(text: str) -> int:
    """A year between 2000 and 2100 (the engine's planning dates)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year, got {text!r}") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"expected a year between 2000 and 2100, got {value}")
    return value


def size(text: str) -> str:
    """`ExM`: employees x members of a generated group, both at least 1 (e.g. 50x20)."""
    employees, sep, members = text.lower().partition("x")
    try:
        ok = bool(sep) and int(employees) >= 1 and int(members) >= 1
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(f"expected EMPLOYEESxMEMBERS such as 50x20, got {text!r}")
    return f"{int(employees)}x{int(members)}"
