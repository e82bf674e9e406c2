"""Typed path and query parameters every route uses, so that no value reaches the database unchecked.

- `RowId`: a row id in a path (`/absences/{absence_id}`): 1 to 2³¹−1, the range of the id columns
  (INTEGER on PostgreSQL). A larger number is a 422 naming the parameter, not a driver overflow (500).
- `KeyPath`: a domain id in a path (`/members/{member_id}`): the scenario files' `Id` (letters, digits,
  `_ . -`, at most 64), so a NUL or any other character no id can hold is a 422.
- `MonthPath`, `MonthQuery`, `MonthFilter` (and `engine.plausible.Day` for dates): dates and months in the plausible years (`engine.plausible`, the
  same rule as every body and scenario file).
- `KeyQuery`: a domain id as a filter (`?member=m1`), `Id` too.
- `TextQuery`: a free-text filter, without characters a database cannot store (NUL, lone surrogates).

`tests/api/test_parameters.py` walks the OpenAPI document and fails on a path parameter that is not one
of these.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

from api.models import text_problem
from engine.model.common import MONTH_PATTERN, Id
from engine.plausible import Month

MAX_ROW_ID = 2**31 - 1
"""The largest id an `INTEGER` primary key holds on PostgreSQL (SQLite's would hold 2⁶³−1)."""


def _storable(text: str) -> str:
    problem = text_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="the row id")]
KeyPath = Annotated[Id, Path(description="the id")]
KeyQuery = Id | None
MonthPath = Annotated[Month, Path(pattern=MONTH_PATTERN, description="the month, YYYY-MM")]
MonthQuery = Annotated[Month, Query(pattern=MONTH_PATTERN, description="the month, YYYY-MM")]
MonthFilter = Annotated[Month | None, Query(pattern=MONTH_PATTERN, description="only this month, YYYY-MM")]
TextQuery = Annotated[str, AfterValidator(_storable)] | None
