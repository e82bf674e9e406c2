"""Workbooks for tests: a shipped scenario exported, then edited cell by cell as a manager would."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from engine.loader import load_scenario
from engine.model import Scenario
from engine.workbook import export_bytes

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
INDUSTRY = SCENARIOS / "industrie-cluster-2026-10.yaml"
AGRI = SCENARIOS / "agri-vallee-2026-09.yaml"
LOAN = SCENARIOS / "pret-cadre-2026-11.yaml"
SHIPPED = (INDUSTRY, AGRI, LOAN)


@cache
def scenario(path: Path = INDUSTRY) -> Scenario:
    return load_scenario(path)


@cache
def exported(path: Path = INDUSTRY) -> bytes:
    return export_bytes(scenario(path))


def column_letter(ws: Any, header: str) -> str:
    for cell in ws[1]:
        if cell.value == header:
            return get_column_letter(cell.column)
    raise KeyError(f"no header {header!r} on {ws.title}")


def row_of(ws: Any, first_column_value: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if row[0].value == first_column_value:
            return row[0].row
    raise KeyError(f"no row {first_column_value!r} on {ws.title}")


def edit(
    data: bytes,
    cells: list[tuple[str, int | str, str, Any]] = (),  # type: ignore[assignment]
    *,
    drop_sheets: tuple[str, ...] = (),
    rename_headers: dict[tuple[str, str], str] | None = None,
) -> tuple[bytes, dict[str, str]]:
    """Change cells (sheet, row number or first-column value, header, value); returns the new workbook and
    the reference (Sheet!A1) of each edited cell, keyed `sheet/header/row`."""
    wb = load_workbook(io.BytesIO(data))
    refs: dict[str, str] = {}
    for sheet, row, header, value in cells:
        ws = wb[sheet]
        number = row if isinstance(row, int) else row_of(ws, row)
        letter = column_letter(ws, header)
        ws[f"{letter}{number}"] = value
        refs[f"{sheet}/{header}/{row}"] = f"{sheet}!{letter}{number}"
    for (sheet, header), new in (rename_headers or {}).items():
        ws = wb[sheet]
        ws[f"{column_letter(ws, header)}1"] = new
    for sheet in drop_sheets:
        del wb[sheet]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), refs


def messages(result: Any) -> list[str]:
    return [str(p) for p in result.problems]
