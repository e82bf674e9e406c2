"""persistence.billing_runs: the billing run that `POST /billing/runs` and the workspace's Facturation page
share — the published plan billed with the members' actual hours, stored with its inputs, refused with
nothing stored when there is no published plan or when the hours carry warnings nobody accepted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from engine.billing.run import UnconfirmedHours
from engine.billing.service import reconciliation_json
from persistence import billing_runs
from persistence.billing_runs import NoPublishedPlan, run_billing, stored_bill
from persistence.db import write_session
from persistence.mapping import KeyIndex
from persistence.plans import publish, save_draft
from persistence.scenario_io import import_scenario
from persistence.scope import Scope
from persistence.tables import ActualHoursRow, BillingRunRow, InvoiceRow
from tests.persistence.factories import at, minimal, small_plan


@pytest.fixture
def scope(db_engine):
    with write_session(db_engine) as session:
        group_id = import_scenario(session, minimal()).id
        scope = Scope.system(group_id, actor="compta")
        publish(session, scope, save_draft(session, group_id, small_plan()))
    return scope


def stored(db_engine, scope):
    with Session(db_engine) as session:
        runs = session.exec(select(BillingRunRow).where(BillingRunRow.group_id == scope.group_id)).all()
        drafts = session.exec(select(InvoiceRow).where(InvoiceRow.group_id == scope.group_id)).all()
    return runs, drafts


def test_a_run_stores_one_draft_per_member_with_hours_and_its_inputs(db_engine, scope):
    with write_session(db_engine) as session:
        run = run_billing(session, scope, "2026-03")
        assert run.created_by == "compta" and run.uses_actuals is False
        assert run.totals["ok"] is True
        assert len(run.data["spans"]) == 3  # the published plan's three assignments
    runs, drafts = stored(db_engine, scope)
    assert len(runs) == 1 and len(drafts) == 2 and {d.status for d in drafts} == {"draft"}


def test_the_stored_inputs_bill_the_same_month_again(db_engine, scope):
    with write_session(db_engine) as session:
        run = run_billing(session, scope, "2026-03")
        totals = run.totals
    runs, _ = stored(db_engine, scope)
    _, bill = stored_bill(runs[0])
    assert reconciliation_json(bill) == totals


def test_a_run_validates_the_scenario_once(db_engine, scope, monkeypatch):
    calls = []
    real = billing_runs.scenario_from_data

    def counted(*args, **kwargs):
        calls.append(kwargs.get("filename"))
        return real(*args, **kwargs)

    monkeypatch.setattr(billing_runs, "scenario_from_data", counted)
    with write_session(db_engine) as session:
        run_billing(session, scope, "2026-03")
    assert len(calls) == 1


def test_a_month_without_a_published_plan_is_refused_and_nothing_is_stored(db_engine, scope):
    with (
        pytest.raises(NoPublishedPlan, match="no published plan for 2026-04"),
        write_session(db_engine) as session,
    ):
        run_billing(session, scope, "2026-04")
    assert stored(db_engine, scope) == ([], [])


def test_questionable_actual_hours_are_refused_until_accepted(db_engine, scope):
    """m1 reports e1 from 17:00 to 08:00 the next morning: over the daily maximum, across a midnight no need
    of m1 crosses."""
    mon = dt.date(2026, 3, 2)
    with write_session(db_engine) as session:
        index = KeyIndex.load(session, scope.group_id)
        session.add(
            ActualHoursRow(
                group_id=scope.group_id,
                month="2026-03",
                member_id=index.id_of("member", "m1"),
                employee_id=index.id_of("employee", "e1"),
                need_key="n1",
                date=mon,
                start=at(mon, 17),
                end=at(mon + dt.timedelta(days=1), 8),
                minutes=900,
                status="corrected",
            )
        )
    with pytest.raises(UnconfirmedHours) as refused, write_session(db_engine) as session:
        run_billing(session, scope, "2026-03")
    assert len(refused.value.flags) == 2 and all(
        any("actuals[" in s for s in f.sources) for f in refused.value.flags
    )
    assert "accept_warnings: true" in str(refused.value)
    assert stored(db_engine, scope) == ([], [])
    with write_session(db_engine) as session:
        run = run_billing(session, scope, "2026-03", accept_warnings=True)
        assert run.uses_actuals is True and len(run.totals["hours_warnings"]) == 2
