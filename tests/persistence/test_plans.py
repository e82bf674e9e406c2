"""Plan versions: drafts, one published plan per group and month enforced by the database, history kept,
and the legal record of every published assignment."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from persistence.audit import events
from persistence.db import write_session
from persistence.plans import plan_from_row, publish, published_plan, save_draft
from persistence.scenario_io import import_scenario
from persistence.scope import Scope
from persistence.store import BadReference
from persistence.tables import PLAN_PUBLISHED, PLAN_SUPERSEDED, PlanVersionRow
from tests.persistence.factories import minimal, small_plan


@pytest.fixture
def gid(db_engine):
    with write_session(db_engine) as session:
        return import_scenario(session, minimal()).id


def test_saved_draft_reads_back_as_an_equal_plan(db_engine, gid):
    plan = small_plan()
    with write_session(db_engine) as session:
        row = save_draft(session, gid, plan)
    with Session(db_engine) as session:
        back = plan_from_row(session, session.get(PlanVersionRow, row.id))
    assert back.assignments == plan.assignments
    assert back.month == plan.month


def test_versions_of_a_month_are_numbered_in_order(db_engine, gid):
    with write_session(db_engine) as session:
        versions = [save_draft(session, gid, small_plan()).version for _ in range(3)]
    assert versions == [1, 2, 3]


def test_publishing_supersedes_the_previous_published_plan(db_engine, gid):
    scope = Scope.system(gid)
    with write_session(db_engine) as session:
        first = save_draft(session, gid, small_plan())
        second = save_draft(session, gid, small_plan())
        publish(session, scope, first)
        publish(session, scope, second)
    with Session(db_engine) as session:
        statuses = {r.id: r.status for r in session.exec(select(PlanVersionRow))}
        assert published_plan(session, gid, "2026-03").id == second.id
    assert statuses == {first.id: PLAN_SUPERSEDED, second.id: PLAN_PUBLISHED}


def test_database_refuses_a_second_published_plan_for_the_month(db_engine, gid):
    with write_session(db_engine) as session:
        a = save_draft(session, gid, small_plan())
        b = save_draft(session, gid, small_plan())
    with pytest.raises(IntegrityError), write_session(db_engine) as session:
        for plan_id in (a.id, b.id):
            row = session.get(PlanVersionRow, plan_id)
            row.status = PLAN_PUBLISHED
            session.add(row)
            session.flush()


def test_publishing_records_each_assignment_in_the_employee_legal_record(db_engine, gid):
    with write_session(db_engine) as session:
        publish(session, Scope.system(gid, "manager:test"), save_draft(session, gid, small_plan()))
    with Session(db_engine) as session:
        rows, count = events(session, gid, employee_key="e1", action="assignment.published")
    assert count == 2
    entry = next(r.after for r in rows if r.after["reason"]["need"] == "n1")
    assert entry["minutes"] == 240
    assert entry["place"]["site"] == "m1-s1" and "Lyon" in entry["place"]["address"]
    assert entry["reason"]["member"] == "m1" and entry["reason"]["skill"] == "comptabilite"


def test_a_plan_naming_an_unknown_employee_is_refused(db_engine, gid):
    plan = small_plan()
    plan.assignments[0] = plan.assignments[0].model_copy(update={"employee": "ghost"})
    with pytest.raises(BadReference, match="employee"), write_session(db_engine) as session:
        save_draft(session, gid, plan)
