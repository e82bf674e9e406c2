"""Load and validate scenario files, reporting every problem at once.

Validation runs in two passes over the same file and reports both together, sorted by line:
1. the schema (pydantic): types, ranges, required fields, impossible windows or dates;
2. cross references and plausibility (`engine.loader_checks`), on the raw data so that they are found even
   when pass 1 failed: unknown references, duplicate ids, sites of another member, loans that contradict
   themselves, dates outside 2000-2100, wages below the SMIC, rule overrides that do not exist.
Each problem names the file, the field path and the line, and says what to do where that is not obvious.
Warnings (e.g. a need nobody is qualified for, a part-time contract under 24 h without a derogation) do not
stop the load.

Pydantic's own messages ("Input should be a valid dictionary or instance of Member") are written for
programmers; `_friendly` rewrites them for someone editing a YAML file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, ScenarioError, Severity
from engine.loader_checks import UNKNOWN_RULES_PREFIX, check_plausibility, check_references, partial_scenario
from engine.model import Scenario
from engine.textio import read_text_or_problem
from engine.yamlio import LoadedYaml, format_loc, read_yaml

__all__ = [
    "check_scenario_data",
    "check_scenario_file",
    "check_scenario_text",
    "load_scenario",
    "load_scenario_text",
    "scenario_from_data",
]


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise `ScenarioError` listing every problem."""
    scenario, problems = check_scenario_file(path)
    return _usable(scenario, problems)


def load_scenario_text(text: str, filename: str = "<scenario>") -> Scenario:
    """Like `load_scenario`, for YAML text already in memory (uploads, tests)."""
    scenario, problems = check_scenario_text(text, filename)
    return _usable(scenario, problems)


def check_scenario_file(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    """Validate a file; return the scenario (None when unusable) and all problems, warnings included."""
    text, problems = read_text_or_problem(path, kind="scenario file")
    if text is None:
        return None, problems
    return check_scenario_text(text, str(path))


def check_scenario_text(text: str, filename: str = "<scenario>") -> tuple[Scenario | None, list[Problem]]:
    loaded, problems = read_yaml(text, filename)
    if loaded is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        what = "empty" if loaded.data is None else f"a {_kind(loaded.data)}"
        return None, [
            *problems,
            Problem(filename, "", f"the file is {what}; it must hold a mapping (group:, members:, …)", 1),
        ]
    scenario, more = _check(loaded, filename)
    return scenario, problems + more


def check_scenario_data(data: Any, filename: str = "<data>") -> tuple[Scenario | None, list[Problem]]:
    """Validate already-parsed data; return the scenario (None when unusable) and every problem, each with
    its field path (the workbook import maps those paths back to the cells the data came from)."""
    if not isinstance(data, dict):
        return None, [Problem(filename, "", f"expected a mapping, got a {_kind(data)}")]
    return _check(LoadedYaml(data, {}), filename)


def scenario_from_data(data: dict[str, Any], filename: str = "<data>") -> Scenario:
    """Validate already-parsed data (API, generator) with the same checks as a file."""
    scenario, problems = check_scenario_data(data, filename)
    return _usable(scenario, problems)


def _usable(scenario: Scenario | None, problems: list[Problem]) -> Scenario:
    if scenario is None or any(p.severity is Severity.ERROR for p in problems):
        raise ScenarioError(problems)
    return scenario


def _check(loaded: LoadedYaml, filename: str) -> tuple[Scenario | None, list[Problem]]:
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = Scenario.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, loaded, filename))
    problems.extend(check_references(loaded, filename))
    if scenario is not None:
        problems.extend(check_plausibility(scenario, loaded, filename))
    else:  # still check what can be checked, so that the user sees every problem in one run
        partial, index = partial_scenario(loaded.data)
        problems.extend(check_plausibility(partial, loaded, filename, index))
    problems = _dedupe(problems)
    problems.sort(key=lambda p: (p.severity is not Severity.ERROR, p.line or 0))
    return scenario, problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


# --- schema problems in words a scenario writer understands -------------------------------------------


def _schema_problems(exc: ValidationError, loaded: LoadedYaml, filename: str) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = _clean_message(str(error["msg"]))
        if message.startswith(UNKNOWN_RULES_PREFIX):
            continue  # reported key by key, with a suggestion, by the reference checks
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            message = f"key {error.get('input')!r} must be a text (an id)"
        elif error["type"] in ("value_error", "assertion_error"):
            loc = _refine_loc(loc, message, loaded.data)
        else:
            message = _friendly(error, loc, loaded.data)
        path = format_loc(loc)
        yield Problem(filename, path, message, loaded.line_of(path))


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _raw_at(data: Any, loc: tuple[Any, ...]) -> Any:
    """The raw value at a location, or None when the path does not exist in the file."""
    for part in loc:
        if (isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data)) or (
            isinstance(data, dict) and part in data
        ):
            data = data[part]
        else:
            return None
    return data


def _refine_loc(loc: tuple[Any, ...], message: str, data: Any) -> tuple[Any, ...]:
    """Point a whole-model error at the field it is about: the first word of the message naming a field.

    Model validators report on the model ("end is before start" on `absences[0]`); the user wants the
    field (`absences[0].end`). The first word of the message that is a key of that mapping in the file
    is the field the message is about.
    """
    raw = _raw_at(data, loc)
    if not isinstance(raw, dict):
        return loc
    for word in message.replace(",", " ").replace("(", " ").replace(":", " ").split():
        if word in raw:
            return (*loc, word)
    return loc


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no value"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, dt.datetime | dt.date):
        return "date"
    return type(value).__name__


_PATTERN_HINTS = {
    "siren": 'a SIREN has exactly 9 digits; quote it ("123456789") so that leading zeros stay',
    "siret": "a SIRET has exactly 14 digits (the SIREN then 5 digits); quote it",
    "vat_number": "an intra-EU VAT number, e.g. FR32123456789 (country code then digits, no spaces)",
    "postcode": 'a French postcode has exactly 5 digits; quote it ("07300") so that leading zeros stay',
    "month": "write the month as YYYY-MM, e.g. 2026-10",
    "idcc": 'an IDCC is 1 to 4 digits, e.g. "3248"',
    "iban": "an IBAN starts with the country code and 2 check digits, e.g. FR76 3000 …",
    "bic": "a BIC has 8 or 11 letters and digits",
    "country": "a two-letter country code in capitals, e.g. FR",
    "invoice_prefix": "capital letters, digits or '-', at most 10",
    "credit_note_prefix": "capital letters, digits or '-', at most 10",
    "loan_invoice_prefix": "capital letters, digits or '-', at most 10",
}
_ID_HINT = "ids use letters, digits, '_', '.' or '-' (no spaces), start with a letter or digit, at most 64"


def _friendly(error: Any, loc: tuple[Any, ...], data: Any) -> str:
    """Pydantic's message rewritten for a YAML writer, with what was found and what is expected."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    shown = _show(value)
    got = f"got a {_kind(value)}" + (f" {shown}" if shown else "")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc, field)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields (key: value), {got}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list (lines starting with '- ', or [a, b]), {got}"
    if kind == "string_type":
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return f'expected a text, {got}: write it in quotes ("{value}") so that it stays as written'
        return f"expected a text, {got}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(field, _ID_HINT if field in _ID_FIELDS or loc[-1] == "id" else "")
        return f"{shown} is not valid" + (
            f": {hint}" if hint else f" (expected pattern {ctx.get('pattern')})"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        word = {"greater_than_equal": "at least", "greater_than": "above", "less_than_equal": "at most"}
        bound = next(iter(ctx.values())) if ctx else "?"
        return f"{shown} is out of range: must be {word.get(kind, 'below')} {bound}{_range_hint(field)}"
    if kind == "enum":
        if field in ("weekdays", "weekday") or loc[-2:-1] == ("weekdays",):
            return f"unknown weekday {shown}: write mon, tue, wed, thu, fri, sat or sun"
        return f"{shown} is not one of {ctx.get('expected')}"
    if kind == "literal_error":
        return f"{shown} is not one of {ctx.get('expected')}"
    if kind.startswith(("date_", "datetime_")):
        reason = ctx.get("error")
        return f"{shown} is not a valid date" + (f" ({reason})" if reason else "") + "; write YYYY-MM-DD"
    if kind.startswith("time_"):
        reason = ctx.get("error")
        return f"{shown} is not a valid clock time" + (f" ({reason})" if reason else "") + "; write 'HH:MM'"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {shown}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type", "finite_number"):
        return f"expected a number, got {shown}"
    if kind == "decimal_max_places":
        return f"{shown} has more than {ctx.get('decimal_places')} decimal places"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {shown}"
    if kind == "timezone_aware":
        return f"{shown} needs a time zone offset, e.g. 2026-09-30T22:00:00+02:00"
    return _clean_message(str(error["msg"]))


_ID_FIELDS = {"member", "site", "employee", "need", "lender", "host", "employer", "agreement"}


def _range_hint(field: str) -> str:
    hints = {
        "weekly_hours": " (L3121-20: never more than 48 h in a week)",
        "hourly_wage": " (gross euros per hour)",
        "lat": " (latitude in degrees, e.g. 45.07)",
        "lon": " (longitude in degrees, e.g. 4.89)",
        "headcount": " (people needed at once)",
    }
    return hints.get(field, "")


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return ""
    text = repr(value.isoformat() if isinstance(value, dt.date | dt.time) else value)
    if isinstance(value, Decimal):
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…'"


def _unknown_field(loc: tuple[Any, ...], field: str) -> str:
    if not field.replace("_", "").isalnum():
        return (
            f"unknown field {field!r}: a ',' inside an unquoted value of a {{…}} mapping splits it; "
            'quote the value (description: "a, b")'
        )
    known = _model_fields_at(loc[:-1])
    hint = difflib.get_close_matches(field, sorted(known), n=1, cutoff=0.6) if known else []
    if hint:
        return f"unknown field {field!r} (did you mean {hint[0]!r}?)"
    return f"unknown field {field!r} (a typo? `ge schema` lists every field)"


def _model_fields_at(loc: tuple[Any, ...]) -> set[str]:
    """Field names (and aliases) of the model found at a location of a scenario, by walking the types."""
    import typing

    annotation: Any = Scenario
    for part in loc:
        model = _model_in(annotation)
        if model is None:
            return set()
        if isinstance(part, int):
            continue  # stays on the item type of the list already unwrapped
        info = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return set()
        annotation = info.annotation
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin in (list, tuple, set):
            annotation = args[0] if args else Any
        elif origin is dict:
            annotation = args[1] if len(args) > 1 else Any
    model = _model_in(annotation)
    if model is None:
        return set()
    return set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
