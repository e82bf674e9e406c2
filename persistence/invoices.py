"""Invoices in the database: gap-free numbers, immutable issued documents, billing runs.

- `DbNumberSequence(session, group_id)` implements `engine.billing.issuing.NumberSequence`. The counter row
  is read with `SELECT … FOR UPDATE` (PostgreSQL: a second issuer waits for the first to commit) inside
  a transaction that SQLite starts with `BEGIN IMMEDIATE` (`persistence.db.write_session(immediate=True)`,
  the whole database is the lock). The number and the invoice that carries it are written in the same
  transaction, so a failure rolls both back: no gap, no duplicate.
- `DbDocumentStore(session, group_id, draft=None)` implements `DocumentStore`: `add` turns the draft row
  into the issued invoice (or inserts a row, e.g. a credit note).
- An issued `InvoiceRow` refuses every later change or deletion (`ImmutableInvoice`), whoever tries through
  the ORM; the database refuses it too, to raw SQL as well (`persistence.invoice_guard` triggers).
- `DbRegister(engine, group_id)` implements `engine.billing.register.Register`: a billing run's numbers,
  documents and renderings are one database transaction (`engine.billing.service.issue_and_write`), so a run
  refused or failing anywhere takes no number and stores nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, event, insert, inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from engine.billing.documents import Document
from engine.errors import DomainError
from persistence.db import write_session
from persistence.tables import INVOICE_DRAFT, INVOICE_ISSUED, InvoiceRow, MemberRow, NumberSequenceRow


class ImmutableInvoice(DomainError):
    """An issued invoice never changes; corrections are credit notes."""


class DbNumberSequence:
    def __init__(self, session: Session, group_id: int):
        self.session = session
        self.group_id = group_id

    def _ensure(self, series: str) -> None:
        dialect = self.session.get_bind().dialect.name
        values = {"group_id": self.group_id, "series": series, "last_number": 0}
        if dialect == "postgresql":
            stmt: Any = pg_insert(NumberSequenceRow).values(**values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            stmt = sqlite_insert(NumberSequenceRow).values(**values).on_conflict_do_nothing()
        else:  # pragma: no cover - other backends are not supported
            stmt = insert(NumberSequenceRow).values(**values)
        self.session.execute(stmt)

    def _locked(self, series: str) -> NumberSequenceRow:
        self._ensure(series)
        row = self.session.exec(
            select(NumberSequenceRow)
            .where(NumberSequenceRow.group_id == self.group_id, NumberSequenceRow.series == series)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        return row

    def next_number(self, series: str) -> int:
        row = self._locked(series)
        row.last_number += 1
        self.session.add(row)
        self.session.flush()
        return row.last_number

    def last_number(self, series: str) -> int:
        row = self.session.exec(
            select(NumberSequenceRow).where(
                NumberSequenceRow.group_id == self.group_id, NumberSequenceRow.series == series
            )
        ).first()
        return row.last_number if row else 0


def document_of(row: InvoiceRow) -> Document:
    return Document.model_validate(row.data)


class DbDocumentStore:
    def __init__(self, session: Session, group_id: int, draft: InvoiceRow | None = None):
        self.session = session
        self.group_id = group_id
        self.draft = draft

    def _member_id(self, document: Document) -> int:
        member_id = self.session.exec(
            select(MemberRow.id).where(
                MemberRow.group_id == self.group_id, MemberRow.key == document.buyer.id
            )
        ).first()
        if member_id is None:
            raise DomainError(f"the buyer {document.buyer.id!r} is not a member of this group")
        return member_id

    def add(self, document: Document) -> None:
        if document.number is None:
            raise ValueError("only issued documents are stored")
        if self.get(document.number) is not None:
            raise ImmutableInvoice(f"invoice {document.number} already exists")
        row = self.draft if self.draft is not None and self.draft.status == INVOICE_DRAFT else None
        if row is None:
            row = InvoiceRow(
                group_id=self.group_id,
                member_id=self._member_id(document),
                month=document.month,
                series=document.series_prefix,
                total_excl_vat_cents=0,
                vat_cents=0,
                total_incl_vat_cents=0,
            )
        fill(row, document)
        if document.original_number is not None:  # a credit note points at the invoice it cancels
            row.credited_invoice_id = self.session.exec(
                select(InvoiceRow.id).where(
                    InvoiceRow.group_id == self.group_id, InvoiceRow.number_text == document.original_number
                )
            ).first()
        row.status = INVOICE_ISSUED
        row.number = int(document.number.rsplit("-", 1)[-1])
        row.series = document.number.rsplit("-", 1)[0]
        row.number_text = document.number
        row.issue_date = document.issue_date
        row.issued_at = document.issued_at
        self.session.add(row)
        self.session.flush()

    def get(self, number: str) -> Document | None:
        row = self.session.exec(
            select(InvoiceRow).where(InvoiceRow.group_id == self.group_id, InvoiceRow.number_text == number)
        ).first()
        return document_of(row) if row else None

    def all(self) -> list[Document]:
        rows = self.session.exec(
            select(InvoiceRow)
            .where(InvoiceRow.group_id == self.group_id, InvoiceRow.status == INVOICE_ISSUED)
            .order_by(col(InvoiceRow.id))
        )
        return [document_of(r) for r in rows]


class DbRegister:
    """A group's invoices in the database; each transaction is one write transaction, committed or rolled
    back whole (SQLite: BEGIN IMMEDIATE; PostgreSQL: the sequence rows locked until it ends)."""

    def __init__(self, engine: Engine, group_id: int):
        self.engine = engine
        self.group_id = group_id

    @contextlib.contextmanager
    def transaction(self) -> Iterator[tuple[DbNumberSequence, DbDocumentStore]]:
        with write_session(self.engine, immediate=True) as session:
            yield DbNumberSequence(session, self.group_id), DbDocumentStore(session, self.group_id)


def fill(row: InvoiceRow, document: Document) -> InvoiceRow:
    """Copy a document's kind, month, totals and content onto its row."""
    row.kind = document.kind.value
    row.month = document.month
    row.total_excl_vat_cents = document.total_ht_cents
    row.vat_cents = document.total_vat_cents
    row.total_incl_vat_cents = document.total_ttc_cents
    row.data = document.model_dump(mode="python")
    return row


@event.listens_for(InvoiceRow, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: InvoiceRow) -> None:
    history = inspect(target).attrs.status.history
    before = history.deleted[0] if history.deleted else target.status
    if before == INVOICE_ISSUED:
        raise ImmutableInvoice(
            f"invoice {target.number_text} is issued and cannot change; issue a credit note"
        )


@event.listens_for(InvoiceRow, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: InvoiceRow) -> None:
    if target.status == INVOICE_ISSUED:
        raise ImmutableInvoice(f"invoice {target.number_text} is issued and cannot be deleted")
