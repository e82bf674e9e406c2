"""Facturation: a month's billing run — preview per member, issue, credit notes, downloads.

A run is the API's own service (persistence.billing_runs, behind `POST /billing/runs`); issuing and credit
notes call the API's routes (api/routes/billing.py, api/routes/accounting.py) as functions, with the page's
`Scope`: the same rules (who may bill, numbering without gaps, immutability of issued invoices) apply
whichever way the accountant works. Downloads are the API's own URLs, which accept the
session cookie.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api.deps import BillingReaderDep, BillingWriterDep, SessionDep, WriteSessionDep
from api.errors import ApiProblem
from api.pages.months import MONTH_PATTERN, around
from api.pages.render import done, page
from engine.billing.documents import Document
from engine.billing.run import UnconfirmedHours
from persistence import billing_runs
from persistence.invoices import document_of
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.tables import BillingRunRow, InvoiceRow, MemberRow

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]
KIND_FR = {"invoice": "facture", "loan_invoice": "facture de mise à disposition", "credit_note": "avoir"}
EXPORTS_FR = {
    "par_adherent.csv": "Répartition par adhérent (CSV)",
    "par_salarie.csv": "Coûts par salarié (CSV)",
    "par_composante.csv": "Coûts par composante (CSV)",
    "variables_paie.csv": "Variables de paie (CSV)",
    "repartition.xlsx": "Répartition (XLSX)",
    "fec.txt": "Écritures FEC du mois",
}


def _document(row: InvoiceRow) -> Document | None:
    """The invoice's content, None when the row holds none (rows written by hand, never by billing)."""
    try:
        return document_of(row)
    except ValidationError:
        return None


def month_billing(session: Session, caller: Scope, month: str) -> dict[str, Any]:
    run = session.exec(
        select(BillingRunRow)
        .where(BillingRunRow.group_id == caller.group_id, BillingRunRow.month == month)
        .order_by(col(BillingRunRow.id).desc())
    ).first()
    members = dict(
        session.exec(select(MemberRow.id, MemberRow.name).where(MemberRow.group_id == caller.group_id)).all()
    )
    invoices: list[dict[str, Any]] = []
    for row in session.exec(
        select(InvoiceRow)
        .where(InvoiceRow.group_id == caller.group_id, InvoiceRow.month == month)
        .order_by(col(InvoiceRow.id))
    ):
        invoices.append({"row": row, "member": members.get(row.member_id, ""), "document": _document(row)})
    credited = {i["row"].credited_invoice_id for i in invoices if i["row"].credited_invoice_id}
    credited |= {
        i["document"].original_number for i in invoices if i["document"] and i["document"].original_number
    }
    return {
        "run": run,
        "plan": published_plan(session, caller.group_id, month),
        "drafts": [i for i in invoices if i["row"].status == "draft"],
        "issued": [i for i in invoices if i["row"].status == "issued"],
        "credited": credited,
        "kind_fr": KIND_FR,
        "exports": EXPORTS_FR,
        "today": dt.date.today().isoformat(),
    }


def _render(
    request: Request,
    session: Session,
    caller: Scope,
    month: str,
    *,
    status: int = 200,
    error: str | None = None,
    warnings: list[str] | None = None,
) -> Response:
    previous, following = around(month)
    return page(
        request,
        caller,
        "accounting.html",
        status=status,
        month=month,
        previous_month=previous,
        next_month=following,
        error=error,
        warnings=warnings or [],
        **month_billing(session, caller, month),
    )


def _refused(
    request: Request, session: Session, caller: Scope, month: str, what: str, exc: ApiProblem
) -> Response:
    """The billing page again with why the API's route refused. An id outside the caller's group is
    « Page introuvable », as anywhere else."""
    session.rollback()
    if exc.status == 404:
        raise exc
    return _render(request, session, caller, month, status=exc.status, error=f"{what} : {exc.detail}")


@router.get("/app/facturation/{month}", response_class=HTMLResponse)
def billing_page(
    request: Request, month: MonthPath, session: SessionDep, caller: BillingReaderDep
) -> Response:
    return _render(request, session, caller, month)


@router.post("/app/facturation/{month}/calculer", response_class=HTMLResponse)
def run_billing(
    request: Request,
    month: MonthPath,
    session: SessionDep,
    caller: BillingWriterDep,
    accepter: Annotated[str, Form(pattern="^(oui)?$")] = "",
) -> Response:
    """Bill the month (the service behind `POST /billing/runs`). Hours the billing flags (a day over the
    maximum, an end before the start…) are listed in French; the accountant bills them as they are by
    confirming."""
    try:
        billing_runs.run_billing(session, caller, month, accept_warnings=accepter == "oui")
    except billing_runs.NoPublishedPlan as exc:
        session.rollback()
        return _render(
            request, session, caller, month, status=409, error=f"Facturation impossible : {exc.french()}"
        )
    except UnconfirmedHours as exc:
        session.rollback()
        count = len(exc.flags)
        return _render(
            request,
            session,
            caller,
            month,
            status=409,
            error=f"La facturation signale {count} avertissement{'s' if count > 1 else ''} sur les "
            "heures du mois : vérifiez-les avec les adhérents, ou facturez les heures telles quelles "
            "en le confirmant ci-dessous.",
            warnings=[f.message + (f" ({f.article})" if f.article else "") for f in exc.flags],
        )
    return done(session, f"/app/facturation/{month}")


@router.post("/app/facturation/{month}/emettre", response_class=HTMLResponse)
def issue(
    request: Request,
    month: MonthPath,
    session: WriteSessionDep,
    caller: BillingWriterDep,
    run_id: Annotated[int, Form()],
    date_emission: Annotated[dt.date, Form()],
) -> Response:
    from api.routes.accounting import issue_run

    try:
        issue_run(session, caller, run_id, date_emission)
    except ApiProblem as exc:
        return _refused(request, session, caller, month, "Émission impossible", exc)
    return RedirectResponse(f"/app/facturation/{month}", status_code=303)


@router.post("/app/facturation/{month}/avoir", response_class=HTMLResponse)
def credit(
    request: Request,
    month: MonthPath,
    session: WriteSessionDep,
    caller: BillingWriterDep,
    invoice_id: Annotated[int, Form()],
    motif: Annotated[str, Form(max_length=500)],
    date_emission: Annotated[dt.date, Form()],
) -> Response:
    from api.routes.accounting import CreditNoteCreate, issue_credit_note

    try:
        body = CreditNoteCreate(reason=motif.strip(), issue_date=date_emission)
    except ValidationError:
        return _render(
            request,
            session,
            caller,
            month,
            status=422,
            error="Indiquez le motif de l'avoir (3 caractères au moins).",
        )
    try:
        issue_credit_note(session, caller, invoice_id, body)
    except ApiProblem as exc:
        return _refused(request, session, caller, month, "Avoir impossible", exc)
    return RedirectResponse(f"/app/facturation/{month}", status_code=303)
