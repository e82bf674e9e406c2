"""Billing: run a month, list and issue invoices, download the CSV, XLSX, FEC and PDF outputs.

Thin over persistence.billing_runs (the run: the month's published plan, with the actual hours of every
member that confirmed or corrected them in place of its planned hours, stored with its inputs so that its
exports can be produced again identically later) and engine.billing. Drafts are reviewed, then issued one
by one: the number comes from the database sequence in the same transaction that freezes the invoice
(persistence.invoices).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from api.crud import found, listing
from api.deps import (
    BillingReaderDep,
    BillingWriterDep,
    InvoiceReaderDep,
    ListOf,
    PageDep,
    SessionDep,
    WriteSessionDep,
)
from api.errors import Conflict, FieldProblem, problem_responses
from api.models import InputBody
from api.params import MonthFilter, RowId
from api.routes.fec_files import month_extract
from engine.billing.documents import Document
from engine.billing.run import UnconfirmedHours
from engine.plausible import Day, Month
from persistence.audit import record
from persistence.billing_runs import NoPublishedPlan, run_billing, stored_bill
from persistence.invoices import DbDocumentStore, DbNumberSequence, document_of
from persistence.mapping import KeyIndex
from persistence.scenario_io import group_model
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import (
    INVOICE_DRAFT,
    INVOICE_ISSUED,
    BillingRunRow,
    InvoiceRow,
)

IssueDate = Annotated[Day | None, Query(description="the issue date (default: today)")]
router = APIRouter(tags=["billing"], responses=problem_responses(401, 403, 404))
EXPORTS = {
    "par_adherent.csv": "text/csv; charset=utf-8",
    "par_salarie.csv": "text/csv; charset=utf-8",
    "par_composante.csv": "text/csv; charset=utf-8",
    "variables_paie.csv": "text/csv; charset=utf-8",
    "repartition.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "fec.txt": "text/plain; charset=utf-8",
}


class BillingRunCreate(InputBody):
    month: Month
    accept_warnings: bool = Field(
        False,
        description="bill hours flagged as questionable (a shift ending before it starts, a day over the "
        "daily maximum, complementary hours beyond the cap, a month without hours) as they are; without it "
        "such a run is refused with 409 listing each warning and where its hours come from",
    )


class BillingRunPublic(BaseModel):
    id: int
    month: str
    plan_id: int | None
    uses_actuals: bool
    created_by: str | None
    created_at: dt.datetime
    reconciliation: dict[str, Any]
    drafts: int


class InvoicePublic(BaseModel):
    id: int
    member: str
    month: str
    kind: str
    status: str = Field(description="draft or issued")
    number: str | None
    issue_date: dt.date | None
    total_excl_vat_cents: int
    vat_cents: int
    total_incl_vat_cents: int
    billing_run_id: int | None
    document: dict[str, Any] = Field(description="the invoice's content (parties, lines, mentions)")


# --- runs --------------------------------------------------------------------------------------------


def _run_public(session: Session, row: BillingRunRow) -> dict[str, Any]:
    drafts = session.exec(
        select(InvoiceRow.id).where(InvoiceRow.billing_run_id == row.id, InvoiceRow.status == INVOICE_DRAFT)
    ).all()
    return {
        "id": row.id,
        "month": row.month,
        "plan_id": row.plan_id,
        "uses_actuals": row.uses_actuals,
        "created_by": row.created_by,
        "created_at": row.created_at,
        "reconciliation": row.totals,
        "drafts": len(drafts),
    }


@router.post(
    "/billing/runs",
    response_model=BillingRunPublic,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409, 422),
    summary="Bill a month from its published plan (and the members' actual hours): draft invoices",
)
def create_run(session: SessionDep, caller: BillingWriterDep, body: BillingRunCreate) -> Any:
    try:
        run = run_billing(session, caller, body.month, accept_warnings=body.accept_warnings)
    except NoPublishedPlan as exc:
        raise Conflict(str(exc)) from None
    except UnconfirmedHours as exc:
        raise Conflict(
            str(exc),
            errors=[
                FieldProblem(
                    path=", ".join(f.sources) or "hours",
                    message=f.message + (f" ({f.article})" if f.article else ""),
                )
                for f in exc.flags
            ],
        ) from None
    return _run_public(session, run)


@router.get("/billing/runs", response_model=ListOf[BillingRunPublic], summary="List billing runs")
def list_runs(
    session: SessionDep,
    caller: BillingReaderDep,
    page: PageDep,
    month: MonthFilter = None,
) -> Any:
    store = GroupStore(session, caller)
    query = select(BillingRunRow).where(BillingRunRow.group_id == caller.group_id)
    if month is not None:
        query = query.where(BillingRunRow.month == month)
    rows, count = store.page(query, page.offset, page.limit, col(BillingRunRow.id))
    return listing([_run_public(session, r) for r in rows], count)


def scoped_run(session: Session, caller: Scope, run_id: int) -> BillingRunRow:
    """The caller's group's billing run `run_id` (404 otherwise); shared with the accounting routes."""
    row = session.exec(
        select(BillingRunRow).where(BillingRunRow.group_id == caller.group_id, BillingRunRow.id == run_id)
    ).first()
    return found(row, "billing run", run_id)


@router.get("/billing/runs/{run_id}", response_model=BillingRunPublic, summary="Read a billing run")
def read_run(session: SessionDep, caller: BillingReaderDep, run_id: RowId) -> Any:
    return _run_public(session, scoped_run(session, caller, run_id))


@router.get(
    "/billing/runs/{run_id}/exports/{name}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in set(EXPORTS.values())}, "description": "the file"}},
    summary="Download an export: par_adherent.csv, par_salarie.csv, par_composante.csv, variables_paie.csv, repartition.xlsx, fec.txt",
)
def download_export(
    session: SessionDep,
    caller: BillingReaderDep,
    run_id: RowId,
    name: str = PathParam(pattern="^(" + "|".join(n.replace(".", r"\.") for n in EXPORTS) + ")$"),
) -> Response:
    from engine.billing.exports import write_month_exports

    run = scoped_run(session, caller, run_id)
    issued = issued_documents(session, caller)
    if name == "fec.txt":
        filename, content = month_extract(issued, group_model(session, caller.group_id), run.month)
        return Response(content, media_type=EXPORTS[name], headers=_attachment(filename))
    scenario, bill = stored_bill(run)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_month_exports(bill, scenario, tmp, [d for d in issued if d.month == run.month])
        stem = name.split(".")[0]
        path = next(p for p in paths if p.name.startswith(stem))
        content = path.read_bytes()
        filename = path.name
    return Response(content, media_type=EXPORTS[name], headers=_attachment(filename))


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def issued_documents(session: Session, caller: Scope) -> list[Document]:
    """Every issued invoice and credit note the caller may see, oldest first."""
    query = _invoices(session, caller).where(InvoiceRow.status == INVOICE_ISSUED)
    return [document_of(r) for r in session.exec(query.order_by(col(InvoiceRow.id)))]


# --- invoices ----------------------------------------------------------------------------------------


def _invoices(session: Session, caller: Scope) -> Any:
    query = select(InvoiceRow).where(InvoiceRow.group_id == caller.group_id)
    if caller.member_id is not None:
        query = query.where(InvoiceRow.member_id == caller.member_id, InvoiceRow.status == INVOICE_ISSUED)
    return query


def scoped_invoice(session: Session, caller: Scope, invoice_id: int) -> InvoiceRow:
    """The invoice `invoice_id` if the caller may read it (404 otherwise); shared with the accounting routes."""
    return found(
        session.exec(_invoices(session, caller).where(InvoiceRow.id == invoice_id)).first(),
        "invoice",
        invoice_id,
    )


def invoice_public(row: InvoiceRow, index: KeyIndex) -> dict[str, Any]:
    """An invoice as the API shows it (`InvoicePublic`), its parties by their keys."""
    return {
        "id": row.id,
        "member": index.key_of("member", row.member_id),
        "month": row.month,
        "kind": row.kind,
        "status": row.status,
        "number": row.number_text,
        "issue_date": row.issue_date,
        "total_excl_vat_cents": row.total_excl_vat_cents,
        "vat_cents": row.vat_cents,
        "total_incl_vat_cents": row.total_incl_vat_cents,
        "billing_run_id": row.billing_run_id,
        "document": document_of(row).model_dump(mode="json"),
    }


@router.get(
    "/invoices", response_model=ListOf[InvoicePublic], summary="List invoices (a member: its issued invoices)"
)
def list_invoices(
    session: SessionDep,
    caller: InvoiceReaderDep,
    page: PageDep,
    month: MonthFilter = None,
    status_: str | None = Query(None, alias="status", pattern="^(draft|issued)$"),
) -> Any:
    store = GroupStore(session, caller)
    query = _invoices(session, caller)
    if month is not None:
        query = query.where(InvoiceRow.month == month)
    if status_ is not None:
        query = query.where(InvoiceRow.status == status_)
    rows, count = store.page(query, page.offset, page.limit, col(InvoiceRow.id))
    return listing([invoice_public(r, store.index) for r in rows], count)


@router.get("/invoices/{invoice_id}", response_model=InvoicePublic, summary="Read an invoice")
def read_invoice(session: SessionDep, caller: InvoiceReaderDep, invoice_id: RowId) -> Any:
    return invoice_public(
        scoped_invoice(session, caller, invoice_id), KeyIndex.load(session, caller.group_id)
    )


@router.post(
    "/invoices/{invoice_id}/issue",
    response_model=InvoicePublic,
    responses=problem_responses(409),
    summary="Issue a draft: give it the next number of its series; it never changes afterwards",
)
def issue_invoice(
    session: WriteSessionDep, caller: BillingWriterDep, invoice_id: RowId, issue_date: IssueDate = None
) -> Any:
    row = scoped_invoice(session, caller, invoice_id)
    if row.status != INVOICE_DRAFT:
        raise Conflict(f"invoice {row.number_text} is already issued")
    issue_row(session, caller, row, issue_date or dt.date.today())
    return invoice_public(row, KeyIndex.load(session, caller.group_id))


def issue_row(session: Session, caller: Scope, row: InvoiceRow, day: dt.date) -> None:
    """Number, freeze and render one draft row in the caller's (immediate) transaction, audited.

    The PDF is rendered before the transaction commits: an invoice that cannot be rendered takes no number
    (numbering, storing and rendering are one transaction, engine.billing.register)."""
    from engine.billing.issuing import issue
    from engine.billing.render import render_pdf

    store = DbDocumentStore(session, caller.group_id, draft=row)
    issued = issue(document_of(row), DbNumberSequence(session, caller.group_id), store, day)
    if row.status == INVOICE_DRAFT:  # the same draft was issued before: that invoice stands
        raise Conflict(f"this draft was already issued as {issued.number}")
    render_pdf(issued)
    record(
        session,
        caller.group_id,
        caller.actor,
        "invoice.issued",
        "invoice",
        issued.number or "",
        after={"total_incl_vat_cents": row.total_incl_vat_cents},
    )


@router.get(
    "/invoices/{invoice_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the invoice as PDF"}},
    summary="The invoice as PDF (French)",
)
def invoice_pdf(session: SessionDep, caller: InvoiceReaderDep, invoice_id: RowId) -> Response:
    from engine.billing.render import render_pdf

    row = scoped_invoice(session, caller, invoice_id)
    name = row.number_text or f"brouillon-{row.id}"
    return Response(
        render_pdf(document_of(row)),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )
