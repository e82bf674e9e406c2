"""Plan versions: list, read, store a draft, publish; assignments and unfilled needs of a version.

Solving (and re-planning) runs as a job (api/routes/jobs.py); its result is a draft version here.
Managers see every version; member and employee keys see published versions only, and within them only
their own assignments (a member: the assignments at its sites; an employee: its own).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, func, select

from api.crud import found, listing, page_of
from api.deps import ListOf, ManagerDep, PageDep, PlanReaderDep, SessionDep, get_engine_from
from api.errors import NotFound, problem_responses, publish_responses
from api.models import AssignmentPublic, PlanChange, PlanCreate, PlanSummary, PlanViolation, UnfilledPublic
from api.params import KeyQuery, MonthFilter, RowId
from engine.model import Unfilled
from persistence.mapping import KeyIndex
from persistence.plans import publish_version, save_draft, visible_plans
from persistence.scope import Scope
from persistence.tables import AssignmentRow, EmployeeRow, GroupRow, PlanVersionRow
from persistence.verdict import errors_in

router = APIRouter(prefix="/plans", tags=["plans"], responses=problem_responses(401, 403, 404))


def _plans(caller: Scope) -> Any:
    return visible_plans(caller)


def _plan_row(session: Session, caller: Scope, plan_id: int) -> PlanVersionRow:
    row = session.exec(_plans(caller).where(PlanVersionRow.id == plan_id)).first()
    return found(row, "plan", plan_id)


def _assignments(caller: Scope, plan_id: int) -> Any:
    query = select(AssignmentRow).where(
        AssignmentRow.group_id == caller.group_id, AssignmentRow.plan_id == plan_id
    )
    if caller.member_id is not None:
        query = query.where(AssignmentRow.member_id == caller.member_id)
    if caller.employee_id is not None:
        query = query.where(AssignmentRow.employee_id == caller.employee_id)
    return query


def summary(session: Session, caller: Scope, row: PlanVersionRow) -> dict[str, Any]:
    assert row.id is not None
    count = session.exec(select(func.count()).select_from(_assignments(caller, row.id).subquery())).one()
    unfilled = _visible_unfilled(caller, row, KeyIndex.load(session, caller.group_id))
    changes = row.data.get("changes")
    return {
        "id": row.id,
        "month": row.month,
        "version": row.version,
        "status": row.status,
        "source": row.source,
        "based_on": row.based_on_id,
        "job_id": row.job_id,
        "created_by": row.created_by if caller.is_manager else None,
        "created_at": row.created_at,
        "published_at": row.published_at,
        "superseded_at": row.superseded_at,
        "assignments": int(count),
        "unfilled": len(unfilled),
        "cost_terms": row.data.get("cost_terms", {}) if caller.is_manager else {},
        "solver": row.data.get("solver") if caller.is_manager else None,
        "changes": len(changes) if caller.is_manager and changes is not None else None,
        "changes_needing_agreement": (
            sum(1 for c in changes if c["needs_agreement"])
            if caller.is_manager and changes is not None
            else None
        ),
        **_verdict_counts(caller, row),
    }


def _verdict_counts(caller: Scope, row: PlanVersionRow) -> dict[str, Any]:
    if not caller.is_manager or row.violations is None:
        return {"violations": None, "warnings": None, "checked_at": None}
    errors = len(errors_in(row.violations))
    return {"violations": errors, "warnings": len(row.violations) - errors, "checked_at": row.checked_at}


def _visible_unfilled(caller: Scope, row: PlanVersionRow, index: KeyIndex) -> list[dict[str, Any]]:
    """The manager reads every unfilled need with its full reason; a member its own, with the reason a
    member may read (`Unfilled.for_member`: never who is absent or why); an employee none."""
    items = row.data.get("unfilled") or []
    if caller.employee_id is not None:
        return []
    if caller.member_id is not None:
        own = index.key_of("member", caller.member_id)
        return [
            Unfilled.model_validate(u).for_member().model_dump(mode="json")
            for u in items
            if u.get("member") == own
        ]
    return list(items)


@router.get("", response_model=ListOf[PlanSummary], summary="List plan versions")
def list_plans(
    session: SessionDep,
    caller: PlanReaderDep,
    page: PageDep,
    month: MonthFilter = None,
    status_: str | None = Query(None, alias="status", pattern="^(draft|published|superseded)$"),
) -> Any:
    query = _plans(caller)
    if month is not None:
        query = query.where(PlanVersionRow.month == month)
    if status_ is not None:
        query = query.where(PlanVersionRow.status == status_)
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(PlanVersionRow.month), col(PlanVersionRow.version))
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    return listing([summary(session, caller, r) for r in rows], int(count))


@router.post(
    "",
    response_model=PlanSummary,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(422),
    summary="Store a plan computed elsewhere (e.g. `ge solve`) as a draft version",
)
def create_plan(session: SessionDep, caller: ManagerDep, body: PlanCreate) -> Any:
    row = save_draft(session, caller.group_id, body, source="api", actor=caller.actor)
    return summary(session, caller, row)


@router.get("/{plan_id}", response_model=PlanSummary, summary="Read a plan version")
def read_plan(session: SessionDep, caller: PlanReaderDep, plan_id: RowId) -> Any:
    return summary(session, caller, _plan_row(session, caller, plan_id))


@router.get(
    "/{plan_id}/assignments",
    response_model=ListOf[AssignmentPublic],
    summary="Assignments of a plan version (yours only, for member and employee keys)",
)
def list_assignments(
    session: SessionDep,
    caller: PlanReaderDep,
    plan_id: RowId,
    page: PageDep,
    employee: KeyQuery = Query(None, description="only this employee"),
) -> Any:
    _plan_row(session, caller, plan_id)
    query = _assignments(caller, plan_id)
    if employee is not None:
        query = query.join(EmployeeRow, col(EmployeeRow.id) == AssignmentRow.employee_id).where(
            EmployeeRow.key == employee
        )
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(AssignmentRow.start), col(AssignmentRow.id)).offset(page.offset).limit(page.limit)
    ).all()
    index = KeyIndex.load(session, caller.group_id)
    group = session.get(GroupRow, caller.group_id)
    tz = ZoneInfo(group.timezone if group else "Europe/Paris")  # times as people read them: 08:30+02:00
    names = dict(
        session.exec(
            select(EmployeeRow.id, EmployeeRow.name).where(EmployeeRow.group_id == caller.group_id)
        ).all()
    )
    data = [
        {
            "uid": a.uid,
            "employee": index.key_of("employee", a.employee_id),
            "employee_name": names.get(a.employee_id, ""),
            "member": index.key_of("member", a.member_id),
            "site": index.key_of("site", a.site_id),
            "need": a.need_key,
            "secondment": a.secondment_key,
            "date": a.date,
            "start": a.start.astimezone(tz),
            "end": a.end.astimezone(tz),
            "minutes": a.minutes,
            "travel_before_minutes": a.travel_before_minutes,
            "pinned": a.pinned,
        }
        for a in rows
    ]
    return listing(data, int(count))


@router.get(
    "/{plan_id}/unfilled",
    response_model=ListOf[UnfilledPublic],
    summary="Unfilled need occurrences with their reason (a member sees its own)",
)
def list_unfilled(session: SessionDep, caller: PlanReaderDep, plan_id: RowId, page: PageDep) -> Any:
    row = _plan_row(session, caller, plan_id)
    items = _visible_unfilled(caller, row, KeyIndex.load(session, caller.group_id))
    return page_of(items, page.offset, page.limit)


@router.post(
    "/{plan_id}/publish",
    response_model=PlanSummary,
    responses=publish_responses(),
    summary="Publish a version: checked, then it atomically replaces the month's published plan (kept as "
    "superseded)",
    description="The plan is checked against the group's data as it is now; any violation refuses the "
    "publication with a 409 problem listing every violation (`violations`: employee, time, article, French "
    "message). Replacing a NEWER published version is refused (409, `published` names it) unless "
    "`confirm_supersede=true`.",
)
def publish_plan(
    request: Request,
    caller: ManagerDep,
    plan_id: RowId,
    confirm_supersede: bool = Query(
        False, description="confirm that this version replaces a newer published version of its month"
    ),
) -> Any:
    engine = get_engine_from(request)
    try:
        publish_version(engine, caller, plan_id, confirm_supersede=confirm_supersede)
    except LookupError:
        raise NotFound(f"no plan {plan_id} in your scope") from None
    with Session(engine, expire_on_commit=False) as session:
        return summary(session, caller, _plan_row(session, caller, plan_id))


@router.get(
    "/{plan_id}/violations",
    response_model=ListOf[PlanViolation],
    summary="The compliance checker's findings on a version, as last checked (manager)",
)
def list_violations(session: SessionDep, caller: ManagerDep, plan_id: RowId, page: PageDep) -> Any:
    row = _plan_row(session, caller, plan_id)
    return page_of(row.violations or [], page.offset, page.limit)


@router.get(
    "/{plan_id}/page",
    response_class=HTMLResponse,
    summary="The version's plan.html, with its true status: brouillon, publié or remplacé (manager)",
    responses={200: {"content": {"text/html": {}}, "description": "a self-contained French page"}},
)
def plan_page(session: SessionDep, caller: ManagerDep, plan_id: RowId) -> HTMLResponse:
    from engine.checker import Violation
    from engine.report.html import render_plan_html
    from persistence.plans import plan_from_row
    from persistence.scenario_io import export_scenario
    from persistence.verdict import verdict

    row = _plan_row(session, caller, plan_id)
    scenario = export_scenario(session, caller.group_id)
    plan = plan_from_row(session, row)
    found = (
        row.violations if row.violations is not None else verdict(scenario, plan)
    )  # None: stored before 0005
    violations = [Violation.from_dict(v) for v in found]
    return HTMLResponse(render_plan_html(scenario, plan, violations, version=row.version))


@router.get(
    "/{plan_id}/changes",
    response_model=ListOf[PlanChange],
    summary="What a re-plan changed: assignments removed and added (manager)",
)
def list_changes(session: SessionDep, caller: ManagerDep, plan_id: RowId, page: PageDep) -> Any:
    row = _plan_row(session, caller, plan_id)
    return page_of(row.data.get("changes") or [], page.offset, page.limit)
