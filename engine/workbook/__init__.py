"""The workbook a GE manager keeps: a French .xlsx (or CSV files) in, a scenario out, and back.

- `template_bytes()` — the blank workbook of `ge template`.
- `export_bytes(scenario)` — a scenario as that workbook (`ge export`, the API's download).
- `read_workbook(source)` — a workbook, a folder or zip of CSV files, or uploaded bytes → `ImportResult`:
  the scenario data, the validated `Scenario` when nothing is wrong, and every problem by cell. A pure
  function of the file (and of the geocoder when one is given): the command line, the API and any other
  caller use it the same way.

The sheets are defined once in `engine.workbook.sheets`; `docs/workbook.md` describes them for managers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.model import Scenario
from engine.workbook.build import Cell, CellProblem, Geocoder, ImportResult, build_scenario
from engine.workbook.export import ExportError, cell_value, scenario_rows
from engine.workbook.paths import get_path
from engine.workbook.sheets import SHEETS
from engine.workbook.source import read_source
from engine.workbook.xlsx import write_workbook

__all__ = [
    "Cell",
    "CellProblem",
    "ExportError",
    "Geocoder",
    "ImportResult",
    "export_bytes",
    "read_workbook",
    "template_bytes",
]


def read_workbook(
    source: str | Path | bytes, *, name: str | None = None, geocoder: Geocoder | None = None
) -> ImportResult:
    """Read a workbook, a folder or zip of CSV files (a path), or uploaded bytes, and check it all."""
    return build_scenario(read_source(source, name), geocoder)


def export_bytes(scenario: Scenario) -> bytes:
    """The scenario as the workbook the import reads back to an equal scenario."""
    return write_workbook(scenario_rows(scenario))


def template_bytes() -> bytes:
    """The blank workbook, « Groupement » showing each setting's default."""
    defaults = _defaults(Scenario)
    group = SHEETS[0]
    values = [cell_value(c, get_path(defaults, c.path or ())) for c in group.columns]
    return write_workbook(None, values)


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Every default a model and the models it holds give (required sub-models walked into)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        annotation = info.annotation
        if info.is_required():
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                out[key] = _defaults(annotation)
            continue
        value = info.get_default(call_default_factory=True)
        out[key] = value.model_dump(mode="python", by_alias=True) if isinstance(value, BaseModel) else value
    return out
