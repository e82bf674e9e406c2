"""A billing run in the database is one transaction: a refused or failing run takes no number, stores no
invoice and leaves nothing for the FEC (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session, select

from engine.billing.run import bill_month
from engine.billing.service import issue_and_write
from engine.errors import DomainError
from engine.hours import WorkedSpan
from persistence.db import write_session
from persistence.invoices import DbNumberSequence, DbRegister
from persistence.scenario_io import import_scenario
from persistence.tables import InvoiceRow
from tests.persistence.factories import at, minimal

DAY = dt.date(2026, 4, 1)


def _span(employee: str, member: str, site: str, day: dt.date, end_hour: int) -> WorkedSpan:
    return WorkedSpan(employee, member, site, day, at(day, 8), at(day, end_hour))


@pytest.fixture
def setup(db_engine, tmp_path: Path):  # type: ignore[no-untyped-def]
    scenario = minimal()
    with write_session(db_engine) as session:
        group_id = import_scenario(session, scenario).id
    register = DbRegister(db_engine, group_id)
    mon, tue = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    first = bill_month(scenario, "2026-03", [_span("e1", "m2", "m2-s1", tue, 12)])
    issue_and_write(first, scenario, register, tmp_path / "out-1", DAY, pdf=False)
    again = bill_month(
        scenario, "2026-03", [_span("e1", "m1", "m1-s1", mon, 12), _span("e1", "m2", "m2-s1", tue, 13)]
    )
    return scenario, register, again, group_id


def test_a_refused_run_takes_no_number_and_stores_no_invoice(db_engine, setup, tmp_path: Path):
    scenario, register, again, group_id = setup
    with pytest.raises(DomainError, match="credit note"):
        issue_and_write(again, scenario, register, tmp_path / "out-2", DAY, pdf=False)
    with Session(db_engine) as session:
        assert DbNumberSequence(session, group_id).last_number("F-2026") == 1
        numbers = session.exec(select(InvoiceRow.number_text).where(InvoiceRow.group_id == group_id)).all()
    assert numbers == ["F-2026-00001"]
    assert list((tmp_path / "out-2").iterdir()) == []


def test_the_next_runs_fec_has_no_trace_of_the_refused_run(db_engine, setup, tmp_path: Path):
    scenario, register, again, _ = setup
    with pytest.raises(DomainError):
        issue_and_write(again, scenario, register, tmp_path / "out-2", DAY, pdf=False)
    april = bill_month(scenario, "2026-04", [_span("e1", "m1", "m1-s1", dt.date(2026, 4, 6), 12)])
    issued, outputs = issue_and_write(
        april, scenario, register, tmp_path / "out-3", dt.date(2026, 5, 4), pdf=False
    )
    assert [d.number for d in issued] == ["F-2026-00002"]
    year = next(p for p in outputs.fec if "extrait" not in p.name).read_text(encoding="utf-8")
    assert "F-2026-00002" in year and "F-2026-00003" not in year
