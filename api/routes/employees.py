"""Employees with their contract and wishes. Managers manage them; an employee key reads itself."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, PageDep, SessionDep, require_roles
from api.errors import problem_responses
from api.models import EmployeeCreate, EmployeePublic, EmployeeUpdate, merge
from api.params import KeyPath
from engine.model import Employee
from persistence.mapping import dump
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import EmployeeRow

router = APIRouter(prefix="/employees", tags=["employees"], responses=problem_responses(401, 403, 404))
EmployeeReaderDep = Annotated[Scope, Depends(require_roles("manager", "employee"))]


def public(employee: Employee) -> dict[str, Any]:
    return dump(employee, exclude={"absences"})


@router.get("", response_model=ListOf[EmployeePublic], summary="List employees")
def list_employees(session: SessionDep, caller: EmployeeReaderDep, page: PageDep) -> Any:
    store = GroupStore(session, caller)
    rows, count = store.page(store.visible(EmployeeRow), page.offset, page.limit, col(EmployeeRow.id))
    return listing([public(store.employee(r)) for r in rows], count)


@router.post(
    "",
    response_model=EmployeePublic,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409, 422),
)
def create_employee(session: SessionDep, caller: ManagerDep, body: EmployeeCreate) -> Any:  # type: ignore[valid-type]
    employee = Employee.model_validate({**body.model_dump(by_alias=True), "absences": []})
    GroupStore(session, caller).save_employee(employee)
    return public(employee)


@router.get("/{employee_id}", response_model=EmployeePublic, summary="Read an employee")
def read_employee(session: SessionDep, caller: EmployeeReaderDep, employee_id: KeyPath) -> Any:
    store = GroupStore(session, caller)
    row = found(store.by_key(EmployeeRow, employee_id), "employee", employee_id)
    return public(store.employee(row))


@router.patch("/{employee_id}", response_model=EmployeePublic, responses=problem_responses(409, 422))
def update_employee(
    session: SessionDep, caller: ManagerDep, employee_id: KeyPath, body: EmployeeUpdate
) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_key(EmployeeRow, employee_id), "employee", employee_id)
    employee = merge(store.employee(row), body, Employee, id=row.key)
    store.save_employee(employee, row)
    return public(employee)


@router.delete("/{employee_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(409))
def delete_employee(session: SessionDep, caller: ManagerDep, employee_id: KeyPath) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_key(EmployeeRow, employee_id), "employee", employee_id)
    store.delete(row, "employee", row.key, store.employee(row))
