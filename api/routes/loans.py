"""Loans of staff (secondments, L8241). Managers manage them; a member reads the loans it lends or hosts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from sqlmodel import col

from api.crud import found, listing
from api.deps import ListOf, ManagerDep, MemberOrManagerDep, PageDep, SessionDep
from api.errors import problem_responses
from api.models import LoanCreate, LoanPublic, LoanUpdate, merge
from api.params import KeyPath
from engine.model import Secondment
from persistence.mapping import dump
from persistence.store import GroupStore
from persistence.tables import SecondmentRow

router = APIRouter(prefix="/loans", tags=["loans"], responses=problem_responses(401, 403, 404))


@router.get("", response_model=ListOf[LoanPublic], summary="List loans of staff")
def list_loans(session: SessionDep, caller: MemberOrManagerDep, page: PageDep) -> Any:
    store = GroupStore(session, caller)
    rows, count = store.page(store.visible(SecondmentRow), page.offset, page.limit, col(SecondmentRow.id))
    return listing([dump(store.loan(r)) for r in rows], count)


@router.post(
    "", response_model=LoanPublic, status_code=status.HTTP_201_CREATED, responses=problem_responses(409, 422)
)
def create_loan(session: SessionDep, caller: ManagerDep, body: LoanCreate) -> Any:  # type: ignore[valid-type]
    loan = Secondment.model_validate(body.model_dump(by_alias=True))
    GroupStore(session, caller).save_loan(loan)
    return dump(loan)


@router.get("/{loan_id}", response_model=LoanPublic, summary="Read a loan of staff")
def read_loan(session: SessionDep, caller: MemberOrManagerDep, loan_id: KeyPath) -> Any:
    store = GroupStore(session, caller)
    return dump(store.loan(found(store.by_key(SecondmentRow, loan_id), "loan", loan_id)))


@router.patch("/{loan_id}", response_model=LoanPublic, responses=problem_responses(409, 422))
def update_loan(session: SessionDep, caller: ManagerDep, loan_id: KeyPath, body: LoanUpdate) -> Any:  # type: ignore[valid-type]
    store = GroupStore(session, caller)
    row = found(store.by_key(SecondmentRow, loan_id), "loan", loan_id)
    loan = merge(store.loan(row), body, Secondment, id=row.key)
    store.save_loan(loan, row)
    return dump(loan)


@router.delete("/{loan_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(409))
def delete_loan(session: SessionDep, caller: ManagerDep, loan_id: KeyPath) -> None:
    store = GroupStore(session, caller)
    row = found(store.by_key(SecondmentRow, loan_id), "loan", loan_id)
    store.delete(row, "loan", row.key, store.loan(row))
