"""The sheets and columns tables of docs/workbook.md, generated from the one definition.

`python -m engine.workbook.docs docs/workbook.md` rewrites the part between the `sheets:begin` and
`sheets:end` markers; a test fails while the file differs from the definition.
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.workbook.sheets import SHEETS, Column

BEGIN, END = "<!-- sheets:begin -->", "<!-- sheets:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _format(column: Column) -> str:
    kind = column.kind
    text = kind.name
    if kind.choices and len(kind.choices) <= 8:
        text += ": " + ", ".join(kind.choices)
    if column.ref:
        ref = next(s for s in SHEETS if s.key == column.ref)
        text = f"id from « {ref.name} »"
    return text


def sheet_tables() -> str:
    parts = []
    for sheet in SHEETS:
        status = "required" if sheet.required else "optional"
        parts.append(f"### {sheet.name}\n")
        parts.append(f"{_cell(sheet.purpose)} ({status}; scenario field: `{sheet.model}`)\n")
        first = "Field (column « Champ »)" if sheet.form else "Column"
        parts.append(f"| {first} | Scenario field | Format | Required | Comment in the workbook |")
        parts.append("|---|---|---|---|---|")
        for column in sheet.columns:
            field = f"`{column.dotted}`" if column.path else "(link)"
            required = "yes" if column.required else ""
            parts.append(
                f"| {_cell(column.header)} | {field} | {_cell(_format(column))} | {required} | {_cell(column.help)} |"
            )
        parts.append("")
    return "\n".join(parts)


def rewrite(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{sheet_tables()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/workbook.md"))
