"""Re-plan after a change: `POST /plans/{id}/replan` (manager) answers 202 with a job, like a solve.

Why a job and a draft: a re-plan is a CP-SAT solve (with the published plan as a hint and a cost on
every change), so it never runs in the request; its result is a DRAFT `based_on` the published version,
listing what moved and which moves fall within the notice period and need the employee's agreement
(`GET /plans/{id}/changes`). The published plan stays what members and employees see until the manager
publishes the draft; publishing records the change in the group's data (persistence.plan_changes).

The change is checked here, before anything is queued: unknown employees or members, and a new need
that the scenario rules refuse, are a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response
from pydantic import Field

from api.deps import ManagerDep, SessionDep, get_engine_from
from api.errors import Conflict, FieldProblem, Invalid, NotFound, problem_responses
from api.models import AbsenceCreate, InputBody, NeedCreate
from api.params import RowId
from api.routes.jobs import JobPublic, SolveParameters, public_job, queue_problem
from jobs import service
from jobs.changes import change_request
from persistence.mapping import KeyIndex
from persistence.tables import PLAN_PUBLISHED, GroupRow, PlanVersionRow

router = APIRouter(tags=["jobs"])


class MemberLeaving(InputBody):
    member: str = Field(description="member id")
    last_day: dt.date = Field(description="its last day in the group: nothing is planned for it after")


class ReplanRequest(InputBody):
    absences: list[AbsenceCreate] = Field(default_factory=list, description="new absences")  # type: ignore[valid-type]
    new_needs: list[NeedCreate] = Field(default_factory=list, description="new needs (as in POST /needs)")  # type: ignore[valid-type]
    members_leaving: list[MemberLeaving] = Field(default_factory=list)
    today: dt.date | None = Field(
        None,
        description="assignments before this day stay as published, and changes within the notice "
        "period from it need the employee's agreement (default: today in the group's time zone)",
    )
    parameters: SolveParameters | None = None


def _change(body: ReplanRequest, today: dt.date) -> dict[str, Any]:
    return {
        "absences": [a.model_dump(mode="json", exclude_none=True) for a in body.absences],
        "new_needs": [n.model_dump(mode="json", by_alias=True, exclude_none=True) for n in body.new_needs],
        "members_leaving": [m.model_dump(mode="json") for m in body.members_leaving],
        "today": today.isoformat(),
    }


def _check_references(index: KeyIndex, change: dict[str, Any]) -> None:
    """Every unknown employee or member and every id already taken, all at once, with field paths."""
    problems = [
        FieldProblem(
            path=f"body.absences[{i}].employee", message=f"no employee {a['employee']!r} in your group"
        )
        for i, a in enumerate(change["absences"])
        if index.id_of("employee", a["employee"]) is None
    ]
    problems += [
        FieldProblem(
            path=f"body.members_leaving[{i}].member", message=f"no member {m['member']!r} in your group"
        )
        for i, m in enumerate(change["members_leaving"])
        if index.id_of("member", m["member"]) is None
    ]
    problems += [
        FieldProblem(path=f"body.new_needs[{i}].id", message=f"id {n['id']!r} is already used in your group")
        for i, n in enumerate(change["new_needs"])
        if index.id_of("need", n["id"]) is not None or index.id_of("secondment", n["id"]) is not None
    ]
    if problems:
        raise Invalid("; ".join(f"{p.path}: {p.message}" for p in problems), errors=problems)


@router.post(
    "/plans/{plan_id}/replan",
    status_code=202,
    response_model=JobPublic,
    summary="Re-plan a published plan after a change; returns the job at once (the result is a draft)",
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
def replan_plan(
    plan_id: RowId,
    request: Request,
    response: Response,
    session: SessionDep,
    caller: ManagerDep,
    body: ReplanRequest | None = None,
) -> JobPublic:
    from engine.solver.search.replan import apply_change
    from persistence.scenario_io import export_scenario

    body = body or ReplanRequest()
    base = session.get(PlanVersionRow, plan_id)
    if base is None or base.group_id != caller.group_id:
        raise NotFound(f"no plan {plan_id} in your scope")
    if base.status != PLAN_PUBLISHED:
        raise Conflict(f"plan {plan_id} is {base.status}: only the published plan of a month is re-planned")
    group = session.get(GroupRow, caller.group_id)
    assert group is not None
    today = body.today or dt.datetime.now(ZoneInfo(group.timezone)).date()
    change = _change(body, today)
    _check_references(KeyIndex.load(session, caller.group_id), change)
    apply_change(export_scenario(session, caller.group_id), change_request(change))  # refuses bad needs
    session.commit()  # end the read transaction: the job is written by the jobs service on its own
    params = body.parameters or SolveParameters()
    try:
        job = service.submit_solve(
            get_engine_from(request),
            caller.group_id,
            base.month,
            service.SolveRequest(**params.model_dump()),
            caller.actor,
            replan=service.Replan(plan_id, change),
        )
    except service.MonthBusy as exc:
        raise Conflict(str(exc)) from None
    except service.QueueRefused as exc:
        raise queue_problem(exc) from None
    response.headers["Location"] = f"/jobs/{job.id}"
    return public_job(job)
