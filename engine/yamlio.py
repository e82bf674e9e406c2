"""YAML reading for input files: exact decimals, no sexagesimal surprises, duplicate keys and line numbers.

PyYAML (YAML 1.1) reads `8:30` as the number 510 and `12.02` as a binary float. Input files are read so that
decimals become `Decimal` from their text and `HH:MM` stays a string; a key given twice is a problem, not a
silent overwrite; and every value keeps its line so that errors can point at it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from engine.errors import Problem

_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |\.[0-9_]+(?:[eE][-+][0-9]+)?)$""",
    re.X,
)
# No YAML 1.1 octal: `07300` (a postcode of the Ardèche) stays the text "07300", never the number 3776.
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputLoader(_Loader):  # type: ignore[misc,valid-type]
    """SafeLoader (libyaml's when installed) with decimal floats, no base-60 numbers and line numbers."""

    duplicate_keys: list[tuple[str, int]]


# Rebuild the implicit resolvers without YAML 1.1's base-60 ints and floats.
InputLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
InputLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
InputLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


InputLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


MAX_VALUES = 1_000_000
"""More values than any real group has (a 1,000-employee file holds ~100,000): aliases nested to explode."""


class TooLarge(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class RecursiveAlias(Exception):
    """An alias inside the node it refers to (`a: &x [*x]`): data without end."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _walk(
    node: yaml.Node,
    path: str,
    lines: dict[str, int],
    dupes: list[tuple[str, int]],
    ancestors: frozenset[int] = frozenset(),
) -> None:
    if id(node) in ancestors:
        raise RecursiveAlias(node.start_mark.line + 1)
    lines[path] = node.start_mark.line + 1
    if len(lines) > MAX_VALUES:
        raise TooLarge(node.start_mark.line + 1)
    inner = ancestors | {id(node)}
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in seen:
                dupes.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, child, lines, dupes, inner)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", lines, dupes, inner)


class LoadedYaml:
    """Parsed data plus the line of every field path (`employees[3].contract.weekly_hours`)."""

    def __init__(self, data: Any, lines: dict[str, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: str) -> int | None:
        """Line of a path, or of its nearest parent present in the file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("")


def read_yaml(text: str, filename: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse YAML text; on malformed input, a problem with the line and column of the fault."""
    lines: dict[str, int] = {}
    dupes: list[tuple[str, int]] = []
    try:
        loader = InputLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _walk(node, "", lines, dupes)  # first: a recursive alias would make endless data
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [_malformed(exc, text, filename)]
    except yaml.YAMLError as exc:
        return None, [Problem(filename, "", f"malformed YAML: {exc}")]
    except RecursiveAlias as exc:
        message = "malformed YAML: an alias (*name) refers to the mapping or list that contains it"
        return None, [Problem(filename, "", message, exc.line)]
    except TooLarge as exc:
        message = f"the file expands to more than {MAX_VALUES:,} values (aliases nested inside aliases?)"
        return None, [Problem(filename, "", message, exc.line)]
    problems = [
        Problem(filename, path, "key given twice (the second would silently win)", line)
        for path, line in dupes
    ]
    return LoadedYaml(data, lines), problems


_HINTS = (
    (
        "mapping values are not allowed",
        "a ':' inside an unquoted value, or a wrong indentation; quote the value",
    ),
    ("expected <block end>", "the indentation of this line does not match the lines above"),
    ("could not find expected ':'", "a 'key: value' line lacks its ':' or a quote is not closed"),
    ("found undefined alias", "'*' starts a YAML alias; quote a value that begins with '*'"),
    ("found unknown escape character", "a backslash in double quotes; use single quotes or write \\\\"),
)
_CHAR_HINTS = {
    "\t": "tabs cannot indent YAML; indent with spaces",
    "@": "quote a value that begins with '@'",
    "`": "quote a value that begins with '`'",
    "%": "quote a value that begins with '%'",
}


def _malformed(exc: yaml.MarkedYAMLError, text: str, filename: str) -> Problem:
    """A parse error as one line: where, what the parser saw, what opened the construct, and a hint."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    where = f" (column {mark.column + 1})" if mark else ""
    message = f"malformed YAML: {exc.problem or exc.context}{where}"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f", {exc.context} started at line {exc.context_mark.line + 1}"
    hint = next((h for key, h in _HINTS if key in f"{exc.problem} {exc.context}"), None)
    if hint is None and mark is not None:
        lines = text.splitlines()
        row = lines[mark.line] if mark.line < len(lines) else ""
        char = row[mark.column] if mark.column < len(row) else ""
        hint = _CHAR_HINTS.get(char)
        if char == "\t" or "\t" in row[: mark.column + 1]:
            hint = _CHAR_HINTS["\t"]
    if hint:
        message += f" — {hint}"
    return Problem(filename, "", message, line)


def format_loc(loc: tuple[int | str, ...]) -> str:
    """Pydantic error location → `employees[3].contract.weekly_hours`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class OutputDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Safe dumper writing Decimals as plain numbers, so that `read_yaml` gives back the same Decimals."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared address is written twice, never as a `&id001` anchor a reader must decode


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


OutputDumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: Any) -> str:
    """Data → YAML text in the style of the shipped scenarios: block lists, small mappings inline."""
    return yaml.dump(
        data, Dumper=OutputDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110
    )
