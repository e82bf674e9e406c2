"""Publier: the version's check, what changes for each member, and the publishing gate.

The page never decides whether a plan may be published: the POST calls `publish_version` below (the one
place the workspace publishes), which is the gate the API and `ge publish` use
(`persistence.plans.publish_version`: refused while any violation remains, a newer published version only
superseded when the manager confirms it). A refusal is shown with every violation and its article. Feeds
follow the published plan by themselves (persistence.feed_store reads it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session

from api.deps import ManagerDep, SessionDep, get_engine_from
from api.errors import NotFound
from api.pages.board import version_label
from api.pages.cache import plan_of, scenario_of
from api.pages.edit import plan_row
from api.pages.render import page
from engine.checker import Level, check_plan
from engine.report.board import changes_by_member
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.verdict import PublishConflict, PublishRefused, SupersedeNotConfirmed

router = APIRouter(include_in_schema=False)


def publish_version(engine: Engine, caller: Scope, plan_id: int, confirm_supersede: bool) -> None:
    """Publish through the gate (`persistence.plans.publish_version`, as `POST /plans/{id}/publish`)."""
    from persistence.plans import publish_version as gate

    gate(engine, caller, plan_id, confirm_supersede=confirm_supersede)


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
def publish(
    request: Request,
    plan_id: int,
    caller: ManagerDep,
    remplacer: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """No request session is held here: the gate writes in a transaction of its own, and on SQLite a
    request's write session would hold the one write turn the gate waits for (as `POST /plans/{id}/publish`)."""
    engine = get_engine_from(request)
    with Session(engine, expire_on_commit=False) as session:
        month = plan_row(session, caller, plan_id).month
    try:
        publish_version(engine, caller, plan_id, confirm_supersede=remplacer == "oui")
    except SupersedeNotConfirmed as exc:
        return _refused(request, engine, caller, plan_id, month, supersede=exc.current_version)
    except PublishRefused as exc:
        refusal = (
            f"le plan enfreint {len(exc.errors)} règle{'s' if len(exc.errors) > 1 else ''} ; "
            "corrigez-le (ou résolvez à nouveau le mois) puis publiez-le"
        )
        return _refused(request, engine, caller, plan_id, month, refusal=refusal)
    except PublishConflict as exc:
        return _refused(request, engine, caller, plan_id, month, refusal=_conflict_fr(exc))
    except LookupError:
        raise NotFound(f"no plan {plan_id} in your scope") from None
    return RedirectResponse(f"/app/mois/{month}?version={plan_id}&publie=1", status_code=303)


def _refused(
    request: Request,
    engine: Engine,
    caller: Scope,
    plan_id: int,
    month: str,
    *,
    refusal: str | None = None,
    supersede: Any = None,
) -> Response:
    """The publish page again (409), read after the gate's refusal, with why it refused."""
    with Session(engine, expire_on_commit=False) as session:
        context = _preview(session, caller, plan_id)
    return page(
        request,
        caller,
        "publish.html",
        status=409,
        month=month,
        refusal=refusal,
        supersede=supersede,
        **context,
    )


def _conflict_fr(exc: PublishConflict) -> str:
    text = str(exc)
    if "already the published plan" in text:
        return "cette version est déjà la version publiée du mois"
    if "re-plan is based on" in text:
        return "cette re-planification part d'une version qui n'est plus la version publiée : re-planifiez la version actuelle"
    return text
