"""A season solve job (`through`): one problem over its months, one draft per month, and no other solve of
any of its months beside it (the job run in-process with the real solver, on the test database)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from jobs import service, store
from jobs.execute import run_job
from persistence.plans import plan_from_row
from persistence.tables import PlanVersionRow
from tests.jobs.conftest import MINIMAL, job_row


def import_season(engine) -> int:
    """The minimal group with its needs running through April."""
    import datetime as dt

    from engine.loader import load_scenario
    from persistence.scenario_io import import_scenario

    scenario = load_scenario(MINIMAL)
    needs = [n.model_copy(update={"until_date": dt.date(2026, 4, 30)}) for n in scenario.needs]
    with Session(engine, expire_on_commit=False) as session:
        group = import_scenario(session, scenario.model_copy(update={"needs": needs}))
        session.commit()
        assert group.id is not None
        return group.id


SEASON = service.SolveRequest(time_limit=None, deterministic_time=5.0, workers=1, through="2026-04")


def test_a_season_job_stores_one_checked_draft_per_month(db_engine):
    group = import_season(db_engine)
    job = service.submit_solve(db_engine, group, "2026-03", SEASON, "t", dispatch=False)
    assert run_job(db_engine, job.id) == 0
    done = job_row(db_engine, job.id)
    assert done.status == "succeeded", done.error
    with Session(db_engine) as session:
        versions = session.exec(select(PlanVersionRow).where(PlanVersionRow.job_id == job.id)).all()
    assert sorted(v.month for v in versions) == ["2026-03", "2026-04"]
    assert done.progress["plan_ids"] == [v.id for v in sorted(versions, key=lambda v: v.month)]
    assert done.plan_id == done.progress["plan_ids"][0]
    assert all(v.checked_at is not None and v.violations == [] for v in versions)
    with Session(db_engine) as session:
        for version in versions:
            plan = plan_from_row(session, session.get(PlanVersionRow, version.id))
            assert plan.assignments and {a.date.strftime("%Y-%m") for a in plan.assignments} == {
                version.month
            }


def test_a_month_of_an_active_season_is_busy(db_engine):
    group = import_season(db_engine)
    season = service.submit_solve(db_engine, group, "2026-03", SEASON, "t", dispatch=False)
    with pytest.raises(service.MonthBusy, match=season.id):
        service.submit_solve(db_engine, group, "2026-04", service.SolveRequest(), "t", dispatch=False)


def test_a_season_over_an_active_month_is_busy(db_engine):
    group = import_season(db_engine)
    month = service.submit_solve(db_engine, group, "2026-04", service.SolveRequest(), "t", dispatch=False)
    with pytest.raises(service.MonthBusy, match=month.id):
        service.submit_solve(db_engine, group, "2026-03", SEASON, "t", dispatch=False)


def test_a_season_job_keeps_its_range_for_a_retry(db_engine):
    group = import_season(db_engine)
    job = service.submit_solve(db_engine, group, "2026-03", SEASON, "t", dispatch=False)
    assert store.months_of(job) == ["2026-03", "2026-04"]
    assert service.SolveRequest(**job.options).through == "2026-04"
    assert "through" not in service.SolveRequest().as_options()  # a month's options as before
