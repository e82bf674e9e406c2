"""Publier: the version's check, what changes for each member, and the API's own publishing gate.

The page never decides whether a plan may be published: the POST calls `publish_version` (the one place
the workspace publishes), which runs the API route's gate (api/routes/plans.py); a refusal is shown with
its reasons. Feeds follow the published plan by themselves (persistence.feed_store reads it).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.errors import Conflict
from api.pages.board import version_label
from api.pages.cache import plan_of, scenario_of
from api.pages.edit import plan_row
from api.pages.render import done, page
from engine.checker import Level, check_plan
from engine.report.board import changes_by_member
from persistence.plans import published_plan
from persistence.scope import Scope

router = APIRouter(include_in_schema=False)


def publish_version(session: Session, caller: Scope, plan_id: int) -> None:
    """Publish through the API's gate (the same code as `POST /plans/{id}/publish`)."""
    from api.routes.plans import publish_plan

    publish_plan(session, caller, plan_id)


def _preview(session: Session, caller: Scope, plan_id: int) -> dict[str, Any]:
    row = plan_row(session, caller, plan_id)
    scenario, plan = scenario_of(session, caller.group_id), plan_of(session, row)
    violations = check_plan(scenario, plan)
    current = published_plan(session, caller.group_id, row.month)
    before = plan_of(session, current) if current is not None and current.id != row.id else None
    members = {m.id: m.name for m in scenario.members}
    by_member = changes_by_member(scenario, before, plan)
    return {
        "plan": row,
        "label": version_label(row),
        "current": version_label(current) if current is not None else None,
        "errors": [v for v in violations if v.level is Level.ERROR],
        "warnings": [v for v in violations if v.level is Level.WARNING],
        "names": {e.id: e.name for e in scenario.employees},
        "member_changes": [
            (members.get(m, m), rows)
            for m, rows in sorted(by_member.items(), key=lambda kv: members.get(kv[0], kv[0]))
        ],
    }


@router.get("/app/plans/{plan_id}/publier", response_class=HTMLResponse)
def publish_page(request: Request, plan_id: int, session: SessionDep, caller: ManagerDep) -> Response:
    row = plan_row(session, caller, plan_id)
    context = _preview(session, caller, plan_id)
    return page(request, caller, "publish.html", month=row.month, refusal=None, **context)


@router.post("/app/plans/{plan_id}/publier", response_class=HTMLResponse)
def publish(request: Request, plan_id: int, session: WriteSessionDep, caller: ManagerDep) -> Response:
    row = plan_row(session, caller, plan_id)
    try:
        publish_version(session, caller, plan_id)
    except Conflict as exc:
        session.rollback()
        context = _preview(session, caller, plan_id)
        return page(
            request, caller, "publish.html", status=409, month=row.month, refusal=exc.detail, **context
        )
    return done(session, f"/app/mois/{row.month}?version={plan_id}&publie=1")
