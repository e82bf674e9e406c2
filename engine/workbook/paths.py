"""Reading and writing a value at a field path of plain scenario data (`("contract", "weekly_hours")`)."""

from __future__ import annotations

from typing import Any


def get_path(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def dotted(base: str, path: tuple[str, ...] | str) -> str:
    """`employees[3]` + `("contract", "weekly_hours")` → `employees[3].contract.weekly_hours`."""
    tail = ".".join(path) if isinstance(path, tuple) else path
    if not base:
        return tail
    return f"{base}.{tail}" if tail else base
