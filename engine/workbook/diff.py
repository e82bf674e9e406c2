"""What a workbook would change in a group's data, sheet by sheet: the ids added, changed and removed.

Both sides are turned into the rows of each sheet (`export.scenario_rows`), so the preview speaks the
workbook's language: a row keyed by its id (or, in sheets without ids, by what identifies it: an
employee's contract by the employee, a rule by its scope, target and name; an absence by all its cells,
so an edited absence shows as one removed and one added).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.model import Scenario
from engine.workbook.export import scenario_rows
from engine.workbook.sheets import SHEETS

KEY_COLUMNS: dict[str, int | None] = {
    "members": 1,
    "sites": 1,
    "employees": 1,
    "contracts": 1,
    "skills": 1,
    "needs": 1,
    "loans": 1,
    "agreements": 1,
    "rules": 3,
    "pricing": 3,
    "matrix": 2,
    "pins": 3,
    "history": 1,
    "servers": 1,
}
"""How many leading columns identify a row (None: the whole row, for sheets without ids)."""


@dataclass
class SheetChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _label(key: tuple[Any, ...]) -> str:
    return " / ".join("" if v is None else str(v) for v in key)


def diff_scenarios(old: Scenario | None, new: Scenario) -> dict[str, SheetChanges]:
    """Per sheet name, what `new` adds, changes and removes compared with `old` (everything added when
    there is no old data)."""
    before = scenario_rows(old) if old is not None else {s.key: [] for s in SHEETS}
    after = scenario_rows(new)
    out: dict[str, SheetChanges] = {}
    for sheet in SHEETS:
        changes = SheetChanges()
        if sheet.form:
            for column, old_row, new_row in zip(
                sheet.columns,
                before[sheet.key] or [[None]] * len(sheet.columns),
                after[sheet.key],
                strict=True,
            ):
                if old_row[0] != new_row[0]:
                    changes.changed.append(column.header)
        else:
            width = KEY_COLUMNS.get(sheet.key)
            old_rows = {tuple(r[:width]) if width else tuple(r): r for r in before[sheet.key]}
            new_rows = {tuple(r[:width]) if width else tuple(r): r for r in after[sheet.key]}
            changes.added = [_label(k) for k in new_rows if k not in old_rows]
            changes.removed = [_label(k) for k in old_rows if k not in new_rows]
            changes.changed = [
                _label(k) for k, row in new_rows.items() if k in old_rows and old_rows[k] != row
            ]
        out[sheet.name] = changes
    return out
