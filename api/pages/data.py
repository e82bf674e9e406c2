"""Données: the group's data in small forms (a contract's hours, a need's hours, absences) and the workbook.

Every write goes through `persistence.store.GroupStore` with the page's `Scope`, exactly as the API's
resource routes do (same validation by the domain models, same audit log). An invalid value is answered on
the same page, in French, naming the field.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col

from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.errors import ApiProblem, NotFound
from api.pages.cache import scenario_of
from api.pages.render import done, page
from api.pages.replan import ABSENCE_KINDS
from engine.model import Absence, Employee, Need, Scenario
from engine.report.stats import CONTRACT_LABELS
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import AbsenceRow, EmployeeRow, MemberRow, NeedRow

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KeyPath = Annotated[str, Path(max_length=64)]


def data_view(session: Session, caller: Scope) -> dict[str, Any]:
    store = GroupStore(session, caller)
    employees = [
        store.employee(r) for r in session.exec(store.visible(EmployeeRow).order_by(col(EmployeeRow.name)))
    ]
    names = {e.id: e.name for e in employees}
    members = {r.key: r.name for r in session.exec(store.visible(MemberRow))}
    needs = [store.need(r) for r in session.exec(store.visible(NeedRow).order_by(col(NeedRow.key)))]
    absences = [
        {
            "id": r.id,
            "employee": store.absence_employee_key(r),
            "name": names.get(store.absence_employee_key(r), ""),
            "row": r,
            "month": f"{r.start:%Y-%m}",
        }
        for r in session.exec(store.visible(AbsenceRow).order_by(col(AbsenceRow.start)))
    ]
    return {
        "employees": employees,
        "contract_fr": {k: v for k, v in CONTRACT_LABELS.items()},
        "needs": needs,
        "members": members,
        "absences": absences,
        "kinds": ABSENCE_KINDS,
    }


def _render(
    request: Request,
    session: Session,
    caller: Scope,
    *,
    status: int = 200,
    error: str | None = None,
    notice: str | None = None,
) -> Response:
    return page(
        request, caller, "data.html", status=status, error=error, notice=notice, **data_view(session, caller)
    )


def _problems(exc: ValidationError, labels: dict[str, str]) -> str:
    fields = sorted(
        {
            labels.get(str(e["loc"][-1]) if e["loc"] else "", str(e["loc"][-1]) if e["loc"] else "valeur")
            for e in exc.errors()
        }
    )
    return ", ".join(fields)


@router.get("/app/donnees", response_class=HTMLResponse)
def data_page(request: Request, session: SessionDep, caller: ManagerDep) -> Response:
    notice = {"1": "Modification enregistrée."}.get(request.query_params.get("ok", ""))
    imported = request.query_params.get("importe")
    if imported is not None and imported.isdigit():
        notice = f"Classeur importé : {imported} ligne{'s' if int(imported) > 1 else ''} ajoutée(s), modifiée(s) ou retirée(s)."
    return _render(request, session, caller, notice=notice)


class Invalid(ValueError):
    """A value a form sent that the domain model refuses; its message is the French sentence to show."""


def edit_row(
    request: Request,
    session: Session,
    caller: Scope,
    table: Any,
    key: str,
    change: Callable[[GroupStore, Any], None],
    anchor: str,
) -> Response:
    """Change one row of the group's data named by its key (404 outside the caller's scope): `change`
    validates and saves it, or raises `Invalid` and the page comes back with the message (422)."""
    store = GroupStore(session, caller)
    row = store.by_key(table, key)
    if row is None:
        raise NotFound(f"no {table.__tablename__} {key!r} in your scope")
    try:
        change(store, row)
    except Invalid as exc:
        session.rollback()
        return _render(request, session, caller, status=422, error=str(exc))
    return done(session, f"/app/donnees?ok=1#{anchor}")


@router.post("/app/donnees/salaries/{key}", response_class=HTMLResponse)
def save_contract(
    request: Request,
    key: KeyPath,
    session: SessionDep,
    caller: ManagerDep,
    heures_hebdo: Annotated[str, Form(max_length=10)],
) -> Response:
    def change(store: GroupStore, row: EmployeeRow) -> None:
        employee = store.employee(row)
        try:
            data = employee.model_dump(mode="python", by_alias=True)
            data["contract"]["weekly_hours"] = Decimal(heures_hebdo.replace(",", ".").strip())
            updated = Employee.model_validate(data)
        except (InvalidOperation, ValidationError):
            raise Invalid(
                f"Heures hebdomadaires de {employee.name} : « {heures_hebdo} » n'est pas une durée valable "
                "(entre 0 et 48 h)."
            ) from None
        store.save_employee(updated, row)

    return edit_row(request, session, caller, EmployeeRow, key, change, "salaries")


@router.post("/app/donnees/besoins/{key}", response_class=HTMLResponse)
def save_need_hours(
    request: Request,
    key: KeyPath,
    session: SessionDep,
    caller: ManagerDep,
    debut: Annotated[str, Form(max_length=5)],
    fin: Annotated[str, Form(max_length=5)],
    effectif: Annotated[int, Form(ge=0, le=500)] = 1,
) -> Response:
    def change(store: GroupStore, row: NeedRow) -> None:
        data = store.need(row).model_dump(mode="python", by_alias=True)
        try:
            updated = Need.model_validate({**data, "start": debut, "end": fin, "headcount": effectif})
        except ValidationError as exc:
            labels = {"start": "heure de début", "end": "heure de fin", "headcount": "effectif"}
            raise Invalid(f"Besoin {key} : valeur incorrecte ({_problems(exc, labels)}).") from None
        store.save_need(updated, row)

    return edit_row(request, session, caller, NeedRow, key, change, "besoins")


@router.post("/app/donnees/absences", response_class=HTMLResponse)
def add_absence(
    request: Request,
    session: SessionDep,
    caller: ManagerDep,
    salarie: Annotated[str, Form(max_length=64)],
    nature: Annotated[str, Form(max_length=32)],
    debut: Annotated[str, Form(max_length=10)],
    fin: Annotated[str, Form(max_length=10)],
) -> Response:
    store = GroupStore(session, caller)
    if store.by_key(EmployeeRow, salarie) is None:
        return _render(request, session, caller, status=422, error="Choisissez le salarié absent.")
    try:
        absence = Absence.model_validate({"kind": nature, "start": debut, "end": fin or debut})
    except ValidationError as exc:
        labels = {"start": "date de début", "end": "date de fin", "kind": "nature"}
        return _render(
            request,
            session,
            caller,
            status=422,
            error=f"Absence : valeur incorrecte ({_problems(exc, labels) or 'dates'}).",
        )
    store.save_absence(absence, salarie)
    return done(session, "/app/donnees?ok=1#absences")


# --- the workbook: template, current data, upload → preview → apply ----------------------------------


@router.get("/app/donnees/modele.xlsx")
def workbook_template(caller: ManagerDep) -> Response:
    from engine.workbook import template_bytes

    return Response(
        template_bytes(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="modele-groupement.xlsx"'},
    )


@router.post("/app/donnees/classeur", response_class=HTMLResponse)
async def workbook_preview(request: Request, caller: ManagerDep) -> Response:
    """The uploaded workbook's preview: what it adds, changes and removes per sheet, every problem by cell.
    The file travels back in the page (base64) so that « Appliquer » applies exactly what was previewed."""
    from fastapi.concurrency import run_in_threadpool

    form = await request.form()
    upload = form.get("classeur")
    body = await upload.read() if upload is not None and not isinstance(upload, str) else b""
    name = getattr(upload, "filename", "") or ""
    return await run_in_threadpool(_preview_page, request, caller, body, name)


def _names(*scenarios: Scenario | None) -> dict[str, str]:
    """Id → what a manager calls it, from the uploaded and the current data (a removed row is only in the
    second): people and firms by name, needs by their description."""
    out: dict[str, str] = {}
    for scenario in scenarios:
        if scenario is None:
            continue
        for member in scenario.members:
            out.setdefault(member.id, member.name)
            for site in member.sites:
                out.setdefault(site.id, site.name)
        for employee in scenario.employees:
            out.setdefault(employee.id, employee.name)
        for need in scenario.needs:
            out.setdefault(need.id, need.description or need.skill)
    return out


def _preview_page(request: Request, caller: Scope, body: bytes, name: str) -> Response:
    from api.deps import get_engine_from
    from api.routes.workbook import preview_upload
    from persistence.db import write_session

    with write_session(get_engine_from(request)) as session:
        if not body:
            return _render(
                request,
                session,
                caller,
                status=422,
                error="Choisissez le classeur à importer (.xlsx ou zip de CSV).",
            )
        try:
            preview, uploaded, _ = preview_upload(session, caller, body, False)
        except ApiProblem as exc:
            return _render(
                request, session, caller, status=exc.status, error=f"Classeur illisible : {exc.detail}"
            )
        return page(
            request,
            caller,
            "workbook_preview.html",
            status=200 if preview.valid else 422,
            preview=preview,
            names=_names(uploaded, scenario_of(session, caller.group_id)),
            filename=name,
            content=base64.b64encode(body).decode("ascii"),
        )


@router.post("/app/donnees/classeur/appliquer", response_class=HTMLResponse)
def workbook_apply(
    request: Request,
    session: WriteSessionDep,
    caller: ManagerDep,
    contenu: Annotated[str, Form()],
    jeton: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    from api.routes.workbook import apply_upload

    try:
        body = base64.b64decode(contenu, validate=True)
    except (ValueError, binascii.Error):
        return _render(
            request,
            session,
            caller,
            status=422,
            error="Le classeur transmis est illisible : importez-le à nouveau.",
        )
    try:
        applied = apply_upload(session, caller, body, jeton or None, confirm_removals=False)
    except ApiProblem as exc:
        session.rollback()
        return _render(request, session, caller, status=exc.status, error=f"Import refusé : {exc.detail}")
    changed = sum(len(s.added) + len(s.changed) + len(s.removed) for s in applied.sheets.values())
    return done(session, f"/app/donnees?importe={changed}")
