"""Importing a group costs a fixed number of SQL statements, whatever its size (rows are inserted in
batches, never one flush per row: a 10,000-employee group took 70 s that way)."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session, select

from engine.generator import generate_scenario
from ge.commands.bench_feeds import synthetic_plan
from persistence import scenario_io
from persistence.db import write_session
from persistence.plans import plan_from_row, save_draft
from persistence.scenario_io import export_scenario, import_scenario
from persistence.tables import GroupRow, PlanVersionRow


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


def _draft_statements(engine, scenario, size: int) -> int:
    plan = synthetic_plan(scenario, "2026-03")
    plan = plan.model_copy(update={"assignments": plan.assignments[:size]})
    with write_session(engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == scenario.group.id)).one()
    with counting(engine) as count, write_session(engine) as session:
        save_draft(session, gid, plan, source="test", violations=[])
    return count[0]


def test_saving_a_draft_costs_the_same_statements_for_any_number_of_assignments(db_engine):
    scenario = generate_scenario(20, 4, 5)
    with write_session(db_engine) as session:
        import_scenario(session, scenario)
    assert len(synthetic_plan(scenario, "2026-03").assignments) > 40
    assert _draft_statements(db_engine, scenario, 5) == _draft_statements(db_engine, scenario, 40)


def test_a_batch_saved_draft_reads_back_as_the_plan(db_engine):
    scenario = generate_scenario(20, 4, 6)
    with write_session(db_engine) as session:
        group = import_scenario(session, scenario)
        plan = synthetic_plan(scenario, "2026-03")
        row = save_draft(session, group.id, plan, source="test", violations=[])
    with Session(db_engine) as session:
        assert plan_from_row(session, session.get(PlanVersionRow, row.id)).assignments == plan.assignments


def test_a_group_is_exported_and_imported_with_the_collector_paused(db_engine, monkeypatch):
    seen: list[bool] = []
    real_export, real_keys = scenario_io.export_data, scenario_io.load_keys

    def export_data(*args):
        seen.append(gc.isenabled())
        return real_export(*args)

    def load_keys(*args):
        seen.append(gc.isenabled())
        return real_keys(*args)

    monkeypatch.setattr(scenario_io, "export_data", export_data)
    monkeypatch.setattr(scenario_io, "load_keys", load_keys)
    scenario = generate_scenario(10, 3, 8)
    with write_session(db_engine) as session:
        group = import_scenario(session, scenario)
    with Session(db_engine) as session:
        assert export_scenario(session, group.id) == scenario
    assert seen and not any(seen)
    assert gc.isenabled()
