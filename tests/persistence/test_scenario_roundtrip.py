"""Import a scenario into the database and export it back: the models are equal."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from engine.loader import load_scenario
from persistence.db import write_session
from persistence.scenario_io import DuplicateGroupError, export_scenario, import_scenario
from tests.persistence.factories import MINIMAL, minimal, other_group

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))


def _round_trip(engine, scenario):
    with write_session(engine) as session:
        group = import_scenario(session, scenario)
    with Session(engine) as session:
        return export_scenario(session, group.id)


def test_minimal_scenario_round_trips_to_an_equal_model(db_engine):
    scenario = minimal()
    assert _round_trip(db_engine, scenario) == scenario


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario_round_trips_to_an_equal_model(db_engine, path):
    scenario = load_scenario(path)
    assert _round_trip(db_engine, scenario) == scenario


def test_two_groups_live_side_by_side_and_export_separately(db_engine):
    first, second = minimal(), other_group()
    with write_session(db_engine) as session:
        g1 = import_scenario(session, first)
        g2 = import_scenario(session, second)
    with Session(db_engine) as session:
        assert export_scenario(session, g1.id) == first
        assert export_scenario(session, g2.id) == second


def test_importing_the_same_group_twice_is_refused(db_engine):
    with write_session(db_engine) as session:
        import_scenario(session, minimal())
    with pytest.raises(DuplicateGroupError), write_session(db_engine) as session:
        import_scenario(session, minimal())


def test_minimal_file_is_where_the_factories_say():
    assert MINIMAL.exists()
