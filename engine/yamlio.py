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


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date or time stamp; an impossible one (`2026-02-30`) stays text, so that the schema names the
    field and says why (PyYAML would raise a bare ValueError)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


InputLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


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


class _Unusual(Exception):
    """Something the event reader leaves to PyYAML's composer (explicit tags, merge keys, several
    documents, malformed input, aliases inside themselves...)."""


_SCALAR = yaml.ScalarEvent
_ALIAS = yaml.AliasEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_STR = "tag:yaml.org,2002:str"


def _plain_value(loader: Any, text: str) -> Any:
    """A plain (unquoted) scalar as the composer and constructor would make it: the first implicit
    resolver that matches gives its tag, the loader's constructor its value."""
    table = loader.yaml_implicit_resolvers
    resolvers = table.get(text[0] if text else "", []) + table.get(None, [])
    tag = next((t for t, regexp in resolvers if regexp.match(text)), _STR)
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:merge":
        raise _Unusual(text)
    construct = loader.yaml_constructors.get(tag)
    if construct is None:
        raise _Unusual(tag)
    return construct(loader, yaml.ScalarNode(tag, text))


def _read_events(text: str) -> tuple[Any, dict[str, int], list[tuple[str, int]]]:
    """The data, lines and duplicate keys `_compose_and_walk` gives, built straight from libyaml's events.

    A 10,000-employee file is 1.7 million values: composing its nodes first (each with two marks and a
    resolver call in Python) took 22 s and 700 MB; reading the events took 5 s. Immutable scalars are
    shared (one `Decimal("35")`, one date per distinct text). Anything unusual raises `_Unusual`."""
    loader = InputLoader(text)
    try:
        return _build(loader)
    except yaml.YAMLError as exc:
        raise _Unusual(str(exc)) from None
    finally:
        loader.dispose()


def _build(loader: Any) -> tuple[Any, dict[str, int], list[tuple[str, int]]]:
    get = loader.get_event
    lines: dict[str, int] = {}
    dupes: list[tuple[str, int]] = []
    plain: dict[str, Any] = {}
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values inside)
    # an open container: [value, path, is_mapping, key text or None, key, keys seen, anchor, values before
    # it, key line]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    count = 0
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.StreamEndEvent:
            break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual("several documents")
            continue
        if kind in _ENDS:
            frame = stack.pop()
            if frame[6] is not None:
                anchors[frame[6]] = (frame[0], count - frame[7])
            value, line, path_done = frame[0], 0, True
        elif kind is _SCALAR:
            if event.tag is not None:
                raise _Unusual(event.tag)
            text = event.value
            if event.implicit[0]:
                value = plain.get(text, plain)
                if value is plain:
                    value = plain[text] = _plain_value(loader, text)
            else:
                value = text
            line, path_done = event.start_mark.line + 1, False
            if stack and stack[-1][2] and stack[-1][3] is None:  # a mapping's key
                if event.anchor is not None or (event.implicit[0] and text == "<<"):
                    raise _Unusual("anchored or merge key")
                frame = stack[-1]
                frame[3], frame[4], frame[8] = text, value, line
                continue
            count += 1
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise _Unusual("anchor given twice")
                anchors[event.anchor] = (value, 1)
        elif kind is _ALIAS:
            found = anchors.get(event.anchor)
            if found is None:  # undefined, or the alias is inside its own anchor
                raise _Unusual(event.anchor)
            value, size = found
            count += size
            line, path_done = event.start_mark.line + 1, False
            if stack and stack[-1][2] and stack[-1][3] is None:
                raise _Unusual("alias as a key")
        elif kind is _MAP_START or kind is _SEQ_START:
            if event.tag is not None:
                raise _Unusual(event.tag)
            if stack and stack[-1][2] and stack[-1][3] is None:
                raise _Unusual("a mapping or list as a key")
            if event.anchor is not None and event.anchor in anchors:
                raise _Unusual("anchor given twice")
            count += 1
            parent = stack[-1] if stack else None
            path = _child_path(parent)
            lines[path] = event.start_mark.line + 1
            is_map = kind is _MAP_START
            stack.append([{} if is_map else [], path, is_map, None, None, set(), event.anchor, count, 0])
            continue
        else:  # DocumentEndEvent, StreamStartEvent
            continue
        if count > MAX_VALUES:
            raise _Unusual("too many values")
        if not stack:
            root = value
            if not path_done:
                lines[""] = line
            continue
        parent = stack[-1]
        if not path_done:
            lines[_child_path(parent)] = line
        if parent[2]:
            key_text = parent[3]
            if key_text in parent[5]:
                dupes.append((_child_path(parent), parent[8]))
            parent[5].add(key_text)
            parent[0][parent[4]] = value
            parent[3] = None
        else:
            parent[0].append(value)
    return root, lines, dupes


def _child_path(frame: list[Any] | None) -> str:
    if frame is None:
        return ""
    path = frame[1]
    if frame[2]:
        return f"{path}.{frame[3]}" if path else str(frame[3])
    return f"{path}[{len(frame[0])}]"


def read_yaml(text: str, filename: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse YAML text; on malformed input, a problem with the line and column of the fault.

    Read from libyaml's events (`_read_events`); what that reader leaves aside (explicit tags, merge
    keys, malformed input...) is composed by PyYAML, which also says what is wrong."""
    try:
        data, lines, dupes = _read_events(text)
    except _Unusual:
        return _read_composed(text, filename)
    return LoadedYaml(data, lines), _duplicates(filename, dupes)


def _duplicates(filename: str, dupes: list[tuple[str, int]]) -> list[Problem]:
    return [
        Problem(filename, path, "key given twice (the second would silently win)", line)
        for path, line in dupes
    ]


def _read_composed(text: str, filename: str) -> tuple[LoadedYaml | None, list[Problem]]:
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
    return LoadedYaml(data, lines), _duplicates(filename, dupes)


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
