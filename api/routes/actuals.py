"""Actual hours: before billing, each member confirms or corrects the month's hours of the people who
worked for it. Billing then uses the actual hours of every member that gave them.

A member key acts for itself; a manager names the member (`?member=`). Corrections may only name
employees who worked for that member in the month's published plan (a member cannot probe other ids).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field, model_validator
from sqlmodel import Session, col, delete, select

from api.crud import found, listing
from api.deps import ActualsReaderDep, ListOf, MemberOrManagerDep, PageDep, SessionDep
from api.errors import Conflict, FieldProblem, Invalid, problem_responses
from api.models import InputBody
from api.params import KeyQuery, MonthPath, MonthQuery
from engine.timeutil import minutes_between
from persistence.audit import record
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import ActualHoursRow, AssignmentRow, MemberRow

router = APIRouter(prefix="/actuals", tags=["actual hours"], responses=problem_responses(401, 403, 404))


class ActualLine(InputBody):
    employee: str = Field(max_length=64)
    need: str | None = Field(None, max_length=64)
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> ActualLine:
        if self.end <= self.start:
            raise ValueError("end is not after start")
        if minutes_between(self.start, self.end) > 24 * 60:
            raise ValueError("a line longer than 24 hours is not plausible; split it")
        return self


class ActualsCorrection(InputBody):
    lines: list[ActualLine] = Field(max_length=5000)


class ActualPublic(BaseModel):
    member: str
    employee: str
    need: str | None
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    minutes: int
    status: str = Field(description="confirmed (as planned) or corrected")
    confirmed_by: str | None
    confirmed_at: dt.datetime


def _member_id(store: GroupStore, caller: Scope, member: str | None) -> int:
    if caller.member_id is not None:
        if member is not None and member != store.index.key_of("member", caller.member_id):
            found(None, "member", member)
        return caller.member_id
    if member is None:
        raise Invalid("name the member: ?member=<id>")
    row = found(store.by_key(MemberRow, member), "member", member)
    assert row.id is not None
    return row.id


def _planned(session: Session, caller: Scope, month: str, member_id: int) -> list[AssignmentRow]:
    plan = published_plan(session, caller.group_id, month)
    if plan is None:
        raise Conflict(f"no published plan for {month}: publish one before confirming hours")
    return list(
        session.exec(
            select(AssignmentRow)
            .where(AssignmentRow.plan_id == plan.id, AssignmentRow.member_id == member_id)
            .order_by(col(AssignmentRow.start))
        )
    )


def _replace(
    session: Session,
    caller: Scope,
    store: GroupStore,
    month: str,
    member_id: int,
    rows: list[ActualHoursRow],
    action: str,
) -> Any:
    """Replace the member's lines of the month by `rows`, audit it, and answer with the new lines."""
    session.exec(
        delete(ActualHoursRow).where(
            col(ActualHoursRow.group_id) == caller.group_id,
            col(ActualHoursRow.month) == month,
            col(ActualHoursRow.member_id) == member_id,
        )
    )
    session.add_all(rows)
    session.flush()
    key = store.index.key_of("member", member_id) or ""
    record(
        session,
        caller.group_id,
        caller.actor,
        action,
        "actuals",
        f"{month}/{key}",
        after={"lines": len(rows), "minutes": sum(r.minutes for r in rows)},
    )
    return listing(_public(rows, store), len(rows))


def _public(rows: list[ActualHoursRow], store: GroupStore) -> list[dict[str, Any]]:
    """Times in the group's zone (what members read: 08:30+02:00, not 06:30Z)."""
    index, tz = store.index, ZoneInfo(store.group().timezone)
    return [
        {
            "member": index.key_of("member", r.member_id),
            "employee": index.key_of("employee", r.employee_id),
            "need": r.need_key,
            "date": r.date,
            "start": r.start.astimezone(tz),
            "end": r.end.astimezone(tz),
            "minutes": r.minutes,
            "status": r.status,
            "confirmed_by": r.confirmed_by,
            "confirmed_at": r.confirmed_at,
        }
        for r in rows
    ]


@router.get("", response_model=ListOf[ActualPublic], summary="Actual hours of a month")
def list_actuals(
    session: SessionDep,
    caller: ActualsReaderDep,
    page: PageDep,
    month: MonthQuery,
    member: KeyQuery = Query(None, description="only this member (managers, accountants)"),
) -> Any:
    store = GroupStore(session, caller)
    query = select(ActualHoursRow).where(
        ActualHoursRow.group_id == caller.group_id, ActualHoursRow.month == month
    )
    if caller.member_id is not None or member is not None:
        query = query.where(ActualHoursRow.member_id == _member_id(store, caller, member))
    rows, count = store.page(query, page.offset, page.limit, col(ActualHoursRow.start))
    return listing(_public(rows, store), count)


@router.post(
    "/{month}/confirm",
    response_model=ListOf[ActualPublic],
    responses=problem_responses(409, 422),
    summary="Confirm the month's hours as published (replaces any earlier lines of this member)",
)
def confirm(
    session: SessionDep,
    caller: MemberOrManagerDep,
    month: MonthPath,
    member: KeyQuery = Query(None, description="the member (managers only)"),
) -> Any:
    store = GroupStore(session, caller)
    member_id = _member_id(store, caller, member)
    planned = _planned(session, caller, month, member_id)
    rows = [
        ActualHoursRow(
            group_id=caller.group_id,
            month=month,
            member_id=member_id,
            employee_id=a.employee_id,
            need_key=a.need_key,
            date=a.date,
            start=a.start,
            end=a.end,
            minutes=a.minutes,
            status="confirmed",
            confirmed_by=caller.actor,
        )
        for a in planned
    ]
    return _replace(session, caller, store, month, member_id, rows, "actuals.confirmed")


@router.put(
    "/{month}",
    response_model=ListOf[ActualPublic],
    responses=problem_responses(409, 422),
    summary="Correct the month's hours: the lines given replace this member's lines",
)
def correct(
    session: SessionDep,
    caller: MemberOrManagerDep,
    body: ActualsCorrection,
    month: MonthPath,
    member: KeyQuery = Query(None, description="the member (managers only)"),
) -> Any:
    store = GroupStore(session, caller)
    member_id = _member_id(store, caller, member)
    planned = _planned(session, caller, month, member_id)
    allowed = {store.index.key_of("employee", a.employee_id): a.employee_id for a in planned}
    tz = ZoneInfo(store.group().timezone)
    rows = []
    problems = []
    for i, line in enumerate(body.lines):
        local = line.start.astimezone(tz)
        if line.employee not in allowed:
            problems.append(
                (f"body.lines[{i}].employee", f"{line.employee!r} did not work for this member in {month}")
            )
        if f"{local.year}-{local.month:02d}" != month:
            problems.append((f"body.lines[{i}].start", f"{local.date()} is not in {month}"))
        if line.employee in allowed:
            rows.append(
                ActualHoursRow(
                    group_id=caller.group_id,
                    month=month,
                    member_id=member_id,
                    employee_id=allowed[line.employee],
                    need_key=line.need,
                    date=local.date(),
                    start=line.start,
                    end=line.end,
                    minutes=minutes_between(line.start, line.end),
                    status="corrected",
                    confirmed_by=caller.actor,
                )
            )
    if problems:
        raise Invalid(
            "; ".join(f"{p}: {m}" for p, m in problems[:5]),
            errors=[FieldProblem(path=p, message=m) for p, m in problems],
        )
    return _replace(session, caller, store, month, member_id, rows, "actuals.corrected")
