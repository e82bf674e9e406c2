"""plan.json: the plan as pydantic JSON, and reading it back with problems reported like scenario files."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from engine.errors import InputError, Problem
from engine.model import Plan
from engine.textio import read_text
from engine.yamlio import format_loc

MONTH_HORIZON = {"first_day", "last_day"}
"""Fields a month plan leaves out of its file (None there: the horizon is the month)."""


def write_plan(plan: Plan, path: Path) -> Path:
    exclude = MONTH_HORIZON if plan.first_day is None else None
    path.write_text(plan.model_dump_json(indent=2, exclude=exclude) + "\n", encoding="utf-8")
    return path


def read_plan(path: str | Path) -> Plan:
    """Read and validate a plan.json; raise `InputError` listing every problem (file, field path, message)."""
    filename = str(path)
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(filename, "", f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        raise InputError([problem]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(filename, "", "a plan file holds a JSON object (month, assignments, …)")])
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown field (a typo?)"
            elif error["type"] == "missing":
                message = "required field is missing"
            problems.append(Problem(filename, format_loc(tuple(error["loc"])), message))
        raise InputError(problems) from None
