"""The checker's findings as text for a terminal, grouped by employee (`ge check`, `ge publish`).

Findings are the dicts of `engine.checker.findings` (also what the API returns): one title line per
employee ("Alice Bernard (e1)"), then one line per finding with its article; findings about a need (head
count, no employee) come last under "Besoins". Warnings are marked `!`, errors `-`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def finding_lines(findings: Iterable[Mapping[str, Any]]) -> list[str]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for f in findings:
        groups.setdefault(f.get("employee") or "", []).append(f)
    needs = groups.pop("", None)
    lines: list[str] = []
    for employee, items in [*groups.items(), *([("", needs)] if needs else [])]:
        name = items[0].get("employee_name")
        lines.append(f"{name} ({employee})" if employee and name else (employee or "Besoins"))
        for f in items:
            label = "  ! " if f.get("level") == "warning" else "  - "
            lines.append(f"{label}{f['message']} [{f['article']}]")
    return lines
