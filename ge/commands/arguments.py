"""Argument types shared by the sub-commands: a bad value is a clear message and exit status 2.

argparse calls these while it reads the command line; `argparse.ArgumentTypeError` becomes
`ge COMMAND: error: argument --month: …` and exit status 2, before anything is loaded or solved.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path


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
    return _integer(text, "a whole number", lambda value: value >= 1, "must be at least 1")


def natural(text: str) -> int:
    """A whole number of at least 0 (a seed, a sample size)."""
    return _integer(text, "a whole number", lambda value: value >= 0, "must be 0 or more")


def _integer(text: str, expected: str, holds: Callable[[int], bool], bounds: str) -> int:
    """`text` as an integer for which `holds` is true; else `expected …, got 'x'` (not a number) or `bounds,
    got n` (a number out of bounds)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if not holds(value):
        raise argparse.ArgumentTypeError(f"{bounds}, got {value}")
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
    return _integer(
        text, "a year", lambda value: 2000 <= value <= 2100, "expected a year between 2000 and 2100"
    )


def write_or_refuse(path: str | Path, data: bytes | str) -> None:
    """Write an output file whole (`engine.textio.write_atomically`); a path that cannot be written is a
    bad argument (exit 2), not an internal error."""
    from engine.errors import InputError, Problem
    from engine.textio import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        raise InputError([Problem(str(path), "", f"cannot write: {exc.strerror or exc}")]) from None


def check_database_url(url: str) -> None:
    """A database URL SQLAlchemy can use (`--database-url` or DATABASE_URL), else a bad argument."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from engine.errors import InputError, Problem

    try:
        make_url(url).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        shown = url.split("@")[-1] if "@" in url else url  # never print a password
        raise InputError(
            [
                Problem(
                    "<command line>",
                    "--database-url",
                    f"not a database URL SQLAlchemy can use ({shown}): {exc}",
                )
            ]
        ) from None


def reachable(url: str) -> None:
    """Connect once to the database: one that cannot be reached is a clear refusal (exit 1) naming it,
    without its password, not an internal error."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from engine.errors import DomainError

    engine = create_engine(url)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        raise DomainError(f"cannot open the database {shown}: {exc.orig or exc}") from None
    finally:
        engine.dispose()


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
