"""Credit notes and the fiscal year's FEC: what an accountant needs after invoices are issued.

Why credit notes are the only correction: an issued invoice never changes (CGI 242 nonies A; enforced by
the database too). `POST /invoices/{id}/credit-note` cancels one in full with a reason; the credit note is
numbered in its own series (`credit_note_prefix`, e.g. `AV-2026-00001`) from the database sequence in the
same transaction that stores it, so the series has no gap. Afterwards the month may be billed and issued
again. `GET /billing/fec` is the legal FEC of a whole fiscal year (LPF art. A47 A-1), invoices and
credit notes, numbered continuously over the year.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from api.crud import found, listing
from api.deps import BillingReaderDep, BillingWriterDep, ListOf, SessionDep, WriteSessionDep
from api.errors import Conflict, Invalid, problem_responses
from api.models import InputBody
from api.params import RowId
from api.routes.billing import (
    InvoicePublic,
    IssueDate,
    invoice_public,
    issue_row,
    issued_documents,
    scoped_run,
)
from api.routes.fec_files import year_file
from engine.plausible import Day
from persistence.audit import record
from persistence.invoices import (
    DbDocumentStore,
    DbNumberSequence,
    credit_note_for,
    document_of,
    locked_invoice,
)
from persistence.mapping import KeyIndex
from persistence.scenario_io import group_model
from persistence.tables import INVOICE_DRAFT, INVOICE_ISSUED, InvoiceRow

router = APIRouter(tags=["billing"], responses=problem_responses(401, 403, 404))


class CreditNoteCreate(InputBody):
    reason: str = Field(min_length=3, max_length=500, description="why the invoice is cancelled (printed)")
    issue_date: dt.date | None = Field(None, description="default: today")


@router.post(
    "/invoices/{invoice_id}/credit-note",
    status_code=status.HTTP_201_CREATED,
    response_model=InvoicePublic,
    responses=problem_responses(409, 422),
    summary="Cancel an issued invoice with a credit note (numbered in its own series, without gaps)",
)
def issue_credit_note(
    session: WriteSessionDep, caller: BillingWriterDep, invoice_id: RowId, body: CreditNoteCreate
) -> Any:
    from engine.billing.issuing import credit_note

    # the row lock makes a concurrent cancellation of the same invoice wait, then see this note
    row = found(locked_invoice(session, caller.group_id, invoice_id), "invoice", invoice_id)
    if row.status != INVOICE_ISSUED:
        raise Conflict(
            f"invoice {invoice_id} is a draft: only an issued invoice is cancelled by a credit note"
        )
    if row.kind == "credit_note":
        raise Conflict(f"{row.number_text} is a credit note: it cannot be cancelled by another one")
    existing = credit_note_for(session, row)
    if existing is not None:
        raise Conflict(
            f"invoice {row.number_text} is already cancelled by the credit note {existing.number_text}"
        )
    day = body.issue_date or dt.date.today()
    if row.issue_date is not None and day < row.issue_date:
        raise Invalid(f"body.issue_date: {day} is before the invoice's own date {row.issue_date}")
    group = group_model(session, caller.group_id)
    try:
        note = credit_note(
            document_of(row),
            body.reason,
            DbNumberSequence(session, caller.group_id),
            DbDocumentStore(session, caller.group_id),
            day,
            group.billing.credit_note_prefix,
        )
    except IntegrityError as exc:  # the database's last word (uq_invoice_credited_once)
        if "credited" not in str(exc.orig):
            raise
        raise Conflict(f"invoice {row.number_text} is already cancelled by a credit note") from None
    stored = session.exec(
        select(InvoiceRow).where(
            InvoiceRow.group_id == caller.group_id, InvoiceRow.number_text == note.number
        )
    ).one()
    record(
        session,
        caller.group_id,
        caller.actor,
        "invoice.credited",
        "invoice",
        note.number or "",
        after={"cancels": row.number_text, "reason": body.reason},
    )
    return invoice_public(stored, KeyIndex.load(session, caller.group_id))


@router.post(
    "/billing/runs/{run_id}/issue",
    response_model=ListOf[InvoicePublic],
    responses=problem_responses(409),
    summary="Issue every draft of a billing run at once (all or none), numbered in a stable order",
)
def issue_run(
    session: WriteSessionDep, caller: BillingWriterDep, run_id: RowId, issue_date: IssueDate = None
) -> Any:
    """Why: a month bills every member; issuing 20 drafts one request at a time is tedious and can stop
    halfway. Here all are numbered in ONE transaction — group invoices by buyer, then loan invoices (the
    order of `engine.billing.issuing.issue_all`) — or none is, with the reason."""
    run = scoped_run(session, caller, run_id)
    rows = session.exec(
        select(InvoiceRow).where(InvoiceRow.billing_run_id == run.id, InvoiceRow.status == INVOICE_DRAFT)
    ).all()
    if not rows:
        raise Conflict(f"billing run {run_id} has no draft left to issue")
    index = KeyIndex.load(session, caller.group_id)
    ordered = sorted(
        rows,
        key=lambda r: (
            r.kind != "invoice",
            document_of(r).seller.id,
            index.key_of("member", r.member_id) or "",
        ),
    )
    day = issue_date or dt.date.today()
    for row in ordered:
        issue_row(session, caller, row, day)
    return listing([invoice_public(r, index) for r in ordered], len(ordered))


@router.get(
    "/billing/fec",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "the FEC file"}},
    summary="The FEC of a fiscal year (<SIREN>FEC<closing date>.txt): invoices and credit notes",
)
def fiscal_year_fec(
    session: SessionDep,
    caller: BillingReaderDep,
    day: Annotated[
        Day | None, Query(alias="date", description="a day of the fiscal year (default: today)")
    ] = None,
) -> Response:
    group = group_model(session, caller.group_id)
    filename, content = year_file(issued_documents(session, caller), group, day or dt.date.today())
    return Response(
        content,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
