"""Importing a group costs a fixed number of SQL statements, whatever its size (rows are inserted in
batches, never one flush per row: a 10,000-employee group took 70 s that way)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session

from engine.generator import generate_scenario
from persistence.db import write_session
from persistence.scenario_io import export_scenario, import_scenario


@contextmanager
def counting(engine):
    count = [0]

    def before(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _statements(engine, employees: int, seed: int) -> int:
    scenario = generate_scenario(employees, max(2, employees // 5), seed)
    scenario.group = scenario.group.model_copy(update={"id": f"ge-{seed}"})
    with counting(engine) as count, write_session(engine) as session:
        import_scenario(session, scenario)
    return count[0]


def test_import_statements_do_not_grow_with_the_group(db_engine):
    small = _statements(db_engine, 20, seed=1)
    large = _statements(db_engine, 60, seed=2)
    assert large == small


def test_a_bulk_imported_group_exports_equal_to_what_was_imported(db_engine):
    scenario = generate_scenario(30, 6, 3)
    with write_session(db_engine) as session:
        group = import_scenario(session, scenario)
    with Session(db_engine) as session:
        assert export_scenario(session, group.id) == scenario
