"""Plausible dates and months: the one rule every input of the engine goes through.

A year typed 9999 or 0001 is a typo, never a real staffing date; stored, it would only break whatever
later reads the group (a calendar week of year 10000 does not exist). So every date written — in a
scenario file (`engine.loader`) and in every write to the service (`api`) — must lie between
`FIRST_DAY` and `LAST_DAY`; the dates of a firm's or a contract's past (`HISTORIC_FIELDS`: a farm founded
in 1979, an employee hired in 1992) may go back to `FIRST_HISTORIC_DAY`. A month is `YYYY-MM` with a
month 01–12 in the same years.

`implausible(value)` walks any parsed input (a YAML/JSON mapping, a pydantic model, lists of them) and
yields each offending value's location and what is wrong; `Day` and `Month` are the same rule as pydantic
types, for single values (query and path parameters).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from engine.model.common import MONTH_PATTERN

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
FIRST_HISTORIC_DAY = dt.date(1900, 1, 1)
HISTORIC_FIELDS = ("created_on", "joined_on", "left_on", "contract.start")
"""Dates (by the end of their path) that may lie before 2000: foundations, memberships, hirings."""
MONTH_FIELDS = ("month",)
"""Fields (by name) holding a month `YYYY-MM`."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(MONTH_PATTERN)

Loc = tuple[str | int, ...]


def dotted(loc: Loc) -> str:
    """`("employees", 0, "contract", "start")` → `employees[0].contract.start` (the loader's paths)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def is_historic(path: str) -> bool:
    return path.endswith(HISTORIC_FIELDS)


def date_problem(day: dt.date, path: str = "") -> str | None:
    """What is wrong with `day` at `path` (None when plausible)."""
    first = FIRST_HISTORIC_DAY if is_historic(path) else FIRST_DAY
    if first <= day <= LAST_DAY:
        return None
    return f"date {day.isoformat()} is outside {first.year}-{LAST_DAY.year} (a typo in the year?)"


def month_problem(month: str) -> str | None:
    """What is wrong with a month (None when it is `YYYY-MM` with a month 01–12 in a plausible year)."""
    if not _MONTH.fullmatch(month):
        return f"month must be written YYYY-MM with a month 01 to 12 (e.g. 2026-03), got {month!r}"
    year = int(month[:4])
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        return f"month {month} is outside {FIRST_DAY.year}-{LAST_DAY.year} (a typo in the year?)"
    return None


MAX_HORIZON_DAYS = 371
"""The longest horizon planned at once: 53 weeks (a year of whole weeks, Curtois' 52 included)."""


def horizon_problems(first: dt.date, last: dt.date) -> list[str]:
    """What is wrong with a horizon to plan, `first`..`last` inclusive (empty when it can be planned):
    each date plausible, the end not before the start, at most `MAX_HORIZON_DAYS` days."""
    problems = [p for p in (date_problem(first), date_problem(last)) if p is not None]
    if last < first:
        problems.append(f"the horizon ends on {last.isoformat()}, before it starts on {first.isoformat()}")
    elif (last - first).days + 1 > MAX_HORIZON_DAYS:
        problems.append(
            f"a horizon of {(last - first).days + 1} days is longer than the {MAX_HORIZON_DAYS} days planned "
            "at once (a year of whole weeks): split it"
        )
    return problems


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None  # not a date at all: the schema says what is wrong with it
    return None


def implausible(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every implausible date (or date-time) and month inside `value`, with its location (depth first, in
    the order of the data; a loop, not a recursion of generators: a 10,000-employee file has a million
    values)."""
    stack: list[tuple[Any, Loc]] = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if where and where[-1] in MONTH_FIELDS:
                if _MONTH.fullmatch(item):  # one not written YYYY-MM at all is the schema's to report
                    problem = month_problem(item)
                    if problem is not None:
                        yield where, problem
                continue
            if not _ISO_DATE.match(item):
                continue
        elif isinstance(item, dict):
            stack.extend((v, (*where, str(k))) for k, v in reversed(item.items()))
            continue
        elif isinstance(item, list | tuple):
            stack.extend((v, (*where, i)) for i, v in reversed(list(enumerate(item))))
            continue
        elif isinstance(item, BaseModel):
            fields = type(item).model_fields.items()
            stack.extend(
                (getattr(item, name), (*where, info.alias or name)) for name, info in reversed(fields)
            )
            continue
        elif not isinstance(item, dt.date):
            continue
        day = _as_day(item)
        if day is not None:
            problem = date_problem(day, dotted(where))
            if problem is not None:
                yield where, problem


def _plausible_day(day: dt.date) -> dt.date:
    problem = date_problem(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def _plausible_month(month: str) -> str:
    problem = month_problem(month)
    if problem is not None:
        raise ValueError(problem)
    return month


Day = Annotated[
    dt.date,
    AfterValidator(_plausible_day),
    Field(description=f"a date, {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"),
]
"""A date parameter in the plausible range."""

Month = Annotated[
    str,
    Field(pattern=MONTH_PATTERN, description=f"a month YYYY-MM, {FIRST_DAY.year} to {LAST_DAY.year}"),
    AfterValidator(_plausible_month),
]
"""A month parameter `YYYY-MM` (01–12) in the plausible years."""
