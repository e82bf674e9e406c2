"""The publication gate in persistence (shared by the API and `ge publish`): a refused publication changes
nothing but the version's verdict, a re-plan's change included."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from persistence.audit import events
from persistence.db import write_session
from persistence.plans import publish, publish_version, published_plan, save_draft
from persistence.scenario_io import import_scenario
from persistence.scope import Scope
from persistence.tables import AbsenceRow, PlanVersionRow
from persistence.verdict import PublishRefused
from tests.persistence.factories import minimal, small_plan


@pytest.fixture
def gid(db_engine):
    with write_session(db_engine) as session:
        return import_scenario(session, minimal()).id


def _replan_draft(db_engine, gid, base_id, plan):
    change = {
        "absences": [{"employee": "e2", "kind": "sickness", "start": "2026-03-03", "end": "2026-03-03"}]
    }
    with write_session(db_engine) as session:
        row = save_draft(session, gid, plan, source="replan", based_on_id=base_id)
        row.data = {**row.data, "change": change}
        session.add(row)
    return row.id


def test_a_refused_replan_records_neither_its_change_nor_the_publication(db_engine, gid):
    with write_session(db_engine) as session:
        base = publish(session, Scope.system(gid), save_draft(session, gid, small_plan()))
    draft = _replan_draft(db_engine, gid, base.id, small_plan())  # e2 still on shift on the 3rd
    with pytest.raises(PublishRefused) as refused:
        publish_version(db_engine, Scope.system(gid), draft)
    assert [(v["employee"], v["article"]) for v in refused.value.errors] == [("e2", "L1226-1")]
    with Session(db_engine) as session:
        assert session.exec(select(AbsenceRow).where(AbsenceRow.group_id == gid)).all() == []
        assert published_plan(session, gid, "2026-03").id == base.id


def test_a_refusal_keeps_the_fresh_verdict_and_an_audit_event(db_engine, gid):
    with write_session(db_engine) as session:
        base = publish(session, Scope.system(gid), save_draft(session, gid, small_plan()))
    draft = _replan_draft(db_engine, gid, base.id, small_plan())
    with pytest.raises(PublishRefused):
        publish_version(db_engine, Scope.system(gid, "manager:test"), draft)
    with Session(db_engine) as session:
        row = session.get(PlanVersionRow, draft)
        assert [v["article"] for v in row.violations] == ["L1226-1"]
        logged, _ = events(session, gid, action="plan.publish_refused")
    assert [(e.actor, e.after["plan_id"]) for e in logged] == [("manager:test", draft)]


def test_a_legal_replan_records_its_change_when_published(db_engine, gid):
    with write_session(db_engine) as session:
        base = publish(session, Scope.system(gid), save_draft(session, gid, small_plan()))
    plan = small_plan()
    without_e2 = plan.model_copy(update={"assignments": plan.assignments[:2]})
    draft = _replan_draft(db_engine, gid, base.id, without_e2)
    publish_version(db_engine, Scope.system(gid), draft)
    with Session(db_engine) as session:
        kinds = [a.kind for a in session.exec(select(AbsenceRow).where(AbsenceRow.group_id == gid))]
        assert published_plan(session, gid, "2026-03").id == draft
    assert kinds == ["sickness"]


def test_a_plan_carrying_its_own_history_is_checked_against_the_groups(db_engine):
    """A plan cannot vouch for its own past: the history stored with the group is the one read."""
    from engine.model import EmployeeHistory, History

    long_weeks = History(
        month="2026-02", employees=[EmployeeHistory(employee="e2", weekly_minutes=[3600] * 11)]
    )
    quiet = History(month="2026-02", employees=[EmployeeHistory(employee="e2", weekly_minutes=[])])
    scenario = minimal().model_copy(update={"history": long_weeks})
    with write_session(db_engine) as session:
        gid = import_scenario(session, scenario).id
        row = save_draft(session, gid, small_plan().model_copy(update={"history": quiet}))
    assert {(v["employee"], v["article"]) for v in row.violations} == {("e2", "L3121-22")}
