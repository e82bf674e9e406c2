"""Export then import gives an equal scenario: the shipped scenarios, their shipped workbooks, and
generated groups of any shape (hypothesis over the generator's seeds and sizes)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.generator import generate_data
from engine.loader import load_scenario, scenario_from_data
from engine.workbook import export_bytes, read_workbook

from .helpers import SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_scenario_survives_export_then_import(path):
    scenario = load_scenario(path)
    result = read_workbook(export_bytes(scenario), name=f"{path.stem}.xlsx")
    assert result.problems == []
    assert result.scenario == scenario


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_shipped_workbook_is_up_to_date_with_its_yaml(path):
    workbook = path.with_suffix(".xlsx")
    result = read_workbook(workbook)
    assert result.problems == [], f"regenerate it: ge export {path} -o {workbook}"
    assert result.scenario == load_scenario(path), f"regenerate it: ge export {path} -o {workbook}"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    employees=st.integers(min_value=1, max_value=25),
    members=st.integers(min_value=1, max_value=10),
    seed=st.integers(min_value=0, max_value=10_000),
    month=st.sampled_from(["2026-01", "2026-03", "2026-10", "2027-02"]),
)
def test_a_generated_group_survives_export_then_import(employees, members, seed, month):
    scenario = scenario_from_data(generate_data(employees, members, seed, month))
    result = read_workbook(export_bytes(scenario), name="genere.xlsx")
    assert result.errors == []
    assert result.scenario == scenario


def test_the_imported_scenario_file_validates_to_the_same_scenario(tmp_path):
    from engine.workbook.yamlout import scenario_yaml

    scenario = load_scenario(SHIPPED[0])
    result = read_workbook(export_bytes(scenario))
    path = tmp_path / "s.yaml"
    path.write_text(scenario_yaml(result.data), encoding="utf-8")
    assert load_scenario(path) == scenario
