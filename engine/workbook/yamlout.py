"""Scenario data read from a workbook, as the scenario file `ge import` writes.

Only what the workbook held is written (a default left empty stays implicit), in the order of the shipped
scenarios; clock times become "HH:MM" text and instants ISO 8601 text with their offset, so the loader
reads the file back to the scenario the import validated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.yamlio import dump_yaml

ORDER = (
    "version",
    "name",
    "month",
    "group",
    "agreements",
    "members",
    "employees",
    "needs",
    "secondments",
    "travel",
    "objective",
    "history",
    "pins",
)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def scenario_yaml(data: dict[str, Any], *, source: str = "") -> str:
    ordered = {key: _plain(data[key]) for key in ORDER if key in data and data[key] not in (None, [], {})}
    ordered.update({k: _plain(v) for k, v in data.items() if k not in ordered and v not in (None, [], {})})
    header = f"# Imported by `ge import` from {source}\n" if source else ""
    return header + dump_yaml(ordered)
