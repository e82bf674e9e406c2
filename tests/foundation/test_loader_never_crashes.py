"""Whatever a file holds, the loader answers with problems, never with an exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.loader import check_scenario_text
from engine.yamlio import dump_yaml
from tests.foundation.helpers import SCENARIOS, minimal, read_data

ODD_VALUES = st.sampled_from(
    [
        None,
        [],
        {},
        "",
        "x",
        -1,
        0,
        10**12,
        Decimal("-0.5"),
        True,
        "2026-02-30",
        dt.date(1850, 1, 1),
        {"a": 1},
        [1, "b"],
        "25:00",
        "home:nobody",
        [{"id": None}],
    ]
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


BASES = [minimal(), read_data(SCENARIOS / "pret-cadre-2026-11.yaml")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(range(len(BASES))),
    picks=st.lists(st.tuples(st.integers(0, 10**6), ODD_VALUES), min_size=1, max_size=4),
)
def test_any_value_anywhere_gives_problems_not_an_exception(base, picks):
    import copy

    data = copy.deepcopy(BASES[base])
    for index, value in picks:
        paths = _paths(data)
        _set(data, paths[index % len(paths)], copy.deepcopy(value))
    scenario, problems = check_scenario_text(dump_yaml(data), "fuzz.yaml")
    assert scenario is not None or problems
    assert all(p.file == "fuzz.yaml" and p.message for p in problems)
