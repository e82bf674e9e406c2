"""Absences of employees (leave, sickness, training…). Managers manage them; an employee reads its own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, PageDep, SessionDep, require_roles
from api.errors import problem_responses
from api.models import AbsenceCreate, AbsencePublic, AbsenceUpdate, merge
from api.params import KeyQuery, RowId
from engine.model import Absence
from persistence.mapping import absence_from_row, dump
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import AbsenceRow, EmployeeRow

router = APIRouter(prefix="/absences", tags=["absences"], responses=problem_responses(401, 403, 404))
AbsenceReaderDep = Annotated[Scope, Depends(require_roles("manager", "employee"))]


def public(row: AbsenceRow, employee: str) -> dict[str, Any]:
    return {**dump(absence_from_row(row)), "employee": employee, "id": row.id}


@router.get("", response_model=ListOf[AbsencePublic], summary="List absences")
def list_absences(
    session: SessionDep,
    caller: AbsenceReaderDep,
    page: PageDep,
    employee: KeyQuery = Query(None, description="only this employee's absences"),
) -> Any:
    store = GroupStore(session, caller)
    query = store.visible(AbsenceRow)
    if employee is not None:
        query = query.join(EmployeeRow, col(EmployeeRow.id) == AbsenceRow.employee_id).where(
            EmployeeRow.key == employee
        )
    rows, count = store.page(query, page.offset, page.limit, col(AbsenceRow.id))
    return listing([public(r, store.absence_employee_key(r)) for r in rows], count)


@router.post(
    "",
    response_model=AbsencePublic,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409, 422),
)
def create_absence(session: SessionDep, caller: ManagerDep, body: AbsenceCreate) -> Any:  # type: ignore[valid-type]
    data = body.model_dump()
    employee = data.pop("employee")
    row = GroupStore(session, caller).save_absence(Absence.model_validate(data), employee)
    return public(row, employee)


@router.get("/{absence_id}", response_model=AbsencePublic, summary="Read an absence")
def read_absence(session: SessionDep, caller: AbsenceReaderDep, absence_id: RowId) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_id(AbsenceRow, absence_id), "absence", absence_id)
    return public(row, store.absence_employee_key(row))


@router.patch("/{absence_id}", response_model=AbsencePublic, responses=problem_responses(409, 422))
def update_absence(session: SessionDep, caller: ManagerDep, absence_id: RowId, body: AbsenceUpdate) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_id(AbsenceRow, absence_id), "absence", absence_id)
    employee = store.absence_employee_key(row)
    absence = merge(absence_from_row(row), body, Absence)
    store.save_absence(absence, employee, row)
    return public(row, employee)


@router.delete("/{absence_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(409))
def delete_absence(session: SessionDep, caller: ManagerDep, absence_id: RowId) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_id(AbsenceRow, absence_id), "absence", absence_id)
    employee = store.absence_employee_key(row)
    store.delete(row, "absence", f"{employee}#{row.id}", absence_from_row(row))
