"""A solve or re-plan job stores its plan with the compliance checker's verdict: the one way a job stores a
plan (`persistence.plans.save_draft`) never skips the checker (both backends, the job run in-process)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from jobs import store
from jobs.execute import run_job
from persistence.plans import publish, save_draft
from persistence.scope import Scope
from persistence.tables import PlanVersionRow
from tests.jobs.conftest import import_minimal, job_row
from tests.persistence.factories import small_plan


@pytest.fixture
def doubles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GE_SOLVE_FUNCTION", "tests.jobs.doubles:illegal_solve")
    monkeypatch.setenv("GE_REPLAN_FUNCTION", "tests.jobs.doubles:keeping_replan")


def _run(engine, group_id: int, **job) -> PlanVersionRow:
    with Session(engine, expire_on_commit=False) as session:
        row = store.new_job(session, group_id, "2026-03", backend="local", options={}, created_by="t", **job)
        session.commit()
    assert run_job(engine, row.id) == 0
    done = job_row(engine, row.id)
    assert done.status == "succeeded", done.error
    with Session(engine) as session:
        plan = session.get(PlanVersionRow, done.plan_id)
        assert plan is not None
        return plan


def test_a_solve_job_stores_the_checkers_verdict_with_its_draft(db_engine, doubles):
    plan = _run(db_engine, import_minimal(db_engine))
    assert [(v["employee"], v["rule"], v["article"]) for v in plan.violations] == [
        ("e1", "qualification", "L1253-9")
    ]
    assert plan.checked_at is not None


def test_a_replan_job_is_checked_against_the_data_with_its_change(db_engine, doubles):
    group_id = import_minimal(db_engine)
    with Session(db_engine, expire_on_commit=False) as session:
        base = publish(session, Scope.system(group_id), save_draft(session, group_id, small_plan()))
        session.commit()
    change = {
        "absences": [{"employee": "e2", "start": "2026-03-03", "end": "2026-03-03"}],
        "today": "2026-03-01",
    }
    plan = _run(db_engine, group_id, kind="replan", base_plan_id=base.id, change=change)
    assert [(v["employee"], v["rule"], v["date"]) for v in plan.violations] == [
        ("e2", "availability", "2026-03-03")
    ]
