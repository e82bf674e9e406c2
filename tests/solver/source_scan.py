"""Reading the solver's source for attributes it must not touch (tests of where things live)."""

from __future__ import annotations

import ast
from collections.abc import Set as AbstractSet
from pathlib import Path


def attributes_read(path: Path, names: AbstractSet[str]) -> list[str]:
    """`file:line .name` for every attribute among `names` that the module's code reads or writes."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.name}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in names
    ]
