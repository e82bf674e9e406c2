"""The database itself refuses to change or delete an issued invoice (triggers), to raw SQL too, on
SQLite and PostgreSQL, whether the schema came from `create_all` or from the Alembic migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from persistence.db import make_engine, write_session
from persistence.migrate import upgrade
from persistence.scenario_io import import_scenario
from persistence.tables import INVOICE_DRAFT, INVOICE_ISSUED, InvoiceRow, MemberRow, metadata
from tests.persistence.factories import minimal


def _invoice(engine, status: str) -> int:
    from sqlmodel import select

    with write_session(engine) as session:
        group = import_scenario(session, minimal())
        member = session.exec(select(MemberRow).where(MemberRow.group_id == group.id)).first()
        row = InvoiceRow(
            group_id=group.id,
            member_id=member.id,
            month="2026-03",
            series="F-2026",
            number=1 if status == INVOICE_ISSUED else None,
            number_text="F-2026-00001" if status == INVOICE_ISSUED else None,
            status=status,
            total_excl_vat_cents=10000,
            vat_cents=2000,
            total_incl_vat_cents=12000,
        )
        session.add(row)
        session.flush()
        return row.id


def _raw(engine, sql: str, invoice_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), {"id": invoice_id})


def _total(engine, invoice_id: int) -> int:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT total_incl_vat_cents FROM invoice WHERE id = :id"), {"id": invoice_id}
        ).scalar_one()


def test_raw_update_of_an_issued_invoice_is_refused_by_the_database(db_engine):
    invoice = _invoice(db_engine, INVOICE_ISSUED)
    with pytest.raises(IntegrityError, match="issued invoice cannot be changed"):
        _raw(db_engine, "UPDATE invoice SET total_incl_vat_cents = 1 WHERE id = :id", invoice)
    assert _total(db_engine, invoice) == 12000


def test_raw_delete_of_an_issued_invoice_is_refused_by_the_database(db_engine):
    invoice = _invoice(db_engine, INVOICE_ISSUED)
    with pytest.raises(IntegrityError, match="issued invoice cannot be changed"):
        _raw(db_engine, "DELETE FROM invoice WHERE id = :id", invoice)
    assert _total(db_engine, invoice) == 12000


def test_reverting_an_issued_invoice_to_draft_is_refused(db_engine):
    invoice = _invoice(db_engine, INVOICE_ISSUED)
    with pytest.raises(IntegrityError):
        _raw(db_engine, "UPDATE invoice SET status = 'draft' WHERE id = :id", invoice)


def test_a_draft_may_still_be_changed_issued_or_deleted(db_engine):
    invoice = _invoice(db_engine, INVOICE_DRAFT)
    _raw(db_engine, "UPDATE invoice SET total_incl_vat_cents = 1 WHERE id = :id", invoice)
    assert _total(db_engine, invoice) == 1
    _raw(db_engine, "DELETE FROM invoice WHERE id = :id", invoice)


def test_migrated_schema_has_the_guard(database_url):
    engine = make_engine(database_url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(database_url)
    try:
        invoice = _invoice(engine, INVOICE_ISSUED)
        with pytest.raises(IntegrityError, match="issued invoice cannot be changed"):
            _raw(engine, "UPDATE invoice SET vat_cents = 0 WHERE id = :id", invoice)
    finally:
        if engine.dialect.name == "postgresql":  # the session's database is shared: leave it empty
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for table in reversed(metadata.sorted_tables):
                    conn.execute(table.delete())
        engine.dispose()
