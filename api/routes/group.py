"""The caller's group, and its export as a scenario (the same shape as a scenario file)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlmodel import func, select

from api.deps import AnyRoleDep, ManagerDep, SessionDep
from api.errors import problem_responses
from api.models import GroupPublic
from persistence.scenario_cache import scenario_json
from persistence.store import GroupStore
from persistence.tables import EmployeeRow, MemberRow

router = APIRouter(tags=["group"], responses=problem_responses(401, 403))


@router.get("/group", response_model=GroupPublic, summary="The group your key belongs to")
def read_group(session: SessionDep, caller: AnyRoleDep) -> Any:
    group = GroupStore(session, caller).group()

    def count(table: Any) -> int:
        return int(session.exec(select(func.count()).where(table.group_id == caller.group_id)).one())

    return GroupPublic(
        id=group.key,
        name=group.name,
        siren=group.siren,
        timezone=group.timezone,
        members=count(MemberRow),
        employees=count(EmployeeRow),
    )


@router.get(
    "/group/scenario",
    response_model=dict[str, Any],
    summary="Export the group as scenario data (what `ge validate` accepts)",
)
def export_group(session: SessionDep, caller: ManagerDep) -> Any:
    """Served from the export of the group's current data revision when there is one
    (`persistence.scenario_cache`)."""
    return Response(scenario_json(session, caller.group_id), media_type="application/json")
