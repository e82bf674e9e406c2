"""Modifier à la main: one occurrence's page, "Qui peut le prendre ?", and the edit form's target.

Every edit goes through `engine.planedit.edit_plan` (the checker on the employees it touches): a hard-rule
violation refuses it and the page lists each one with its article, in French; an accepted edit is stored by
`persistence.plan_edits` (in place on a draft, as a new draft of a published version) and the board opens
on the version it produced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.crud import found
from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.pages.board import version_label
from api.pages.cache import plan_of, scenario_of
from api.pages.render import done, message_page, page
from engine.errors import DomainError
from engine.model import Pin, Plan, Scenario
from engine.planedit import Edit, candidates, edit_plan, find_occurrence, parse_occurrence
from persistence.plan_edits import set_pin, store_edit
from persistence.plans import visible_plans
from persistence.scope import Scope
from persistence.tables import PlanVersionRow

router = APIRouter(include_in_schema=False)
OccurrenceQuery = Annotated[str, Query(max_length=100)]
SalarieQuery = Annotated[str, Query(max_length=64)]
ACTION_FR = {  # « Impossible … le poste de <member — site, day, time> »
    "assign": "d'affecter {who} au",
    "unassign": "de retirer {who} du",
    "move": "de confier à {who} le",
    "pin": "de fixer {who} au",
    "unpin": "de libérer {who} du",
}


def plan_row(session: Session, caller: Scope, plan_id: int) -> PlanVersionRow:
    return found(
        session.exec(visible_plans(caller).where(PlanVersionRow.id == plan_id)).first(), "plan", plan_id
    )


def occurrence_view(scenario: Scenario, plan: Plan, key: str) -> dict[str, Any]:
    occ = find_occurrence(scenario, key)
    member = scenario.member_by_id.get(occ.member)
    site = scenario.site_by_id.get(occ.site)
    holders = [a for a in plan.assignments if a.need == occ.need and a.date == occ.date]
    names = {e.id: e.name for e in scenario.employees}
    return {
        "key": key,
        "need": occ.need,
        "member": member.name if member else occ.member,
        "site": site.name if site else occ.site,
        "skill": occ.skill,
        "date": occ.date,
        "time": f"{occ.start:%H:%M}–{occ.end:%H:%M}",
        "headcount": occ.headcount,
        "holders": [
            {"id": a.employee, "name": names.get(a.employee, a.employee), "pinned": a.pinned} for a in holders
        ],
        "unfilled": next((u for u in plan.unfilled if u.need == occ.need and u.date == occ.date), None),
    }


def occurrence_page_of(
    request: Request,
    session: Session,
    caller: Scope,
    plan_id: int,
    occurrence: str,
    template: str,
    more: Callable[[Scenario, Plan, dict[str, Any]], dict[str, Any]],
) -> Response:
    """One occurrence of a plan version rendered with `template`; `more` adds the page's own context.
    An occurrence the group's needs do not have answers « Page introuvable »."""
    row = plan_row(session, caller, plan_id)
    scenario, plan = scenario_of(session, caller.group_id), plan_of(session, row)
    try:
        view = occurrence_view(scenario, plan, occurrence)
        context = more(scenario, plan, view)
    except DomainError:
        return message_page(
            request,
            caller,
            status=404,
            month=row.month,
            heading="Page introuvable",
            message="Ce besoin n'a pas d'occurrence à cette date.",
            back=f"/app/mois/{row.month}",
        )
    return page(
        request, caller, template, month=row.month, plan=row, label=version_label(row), occ=view, **context
    )


class OccurrenceAsked:
    """What the occurrence pages are asked: a plan version, an occurrence (`need@YYYY-MM-DD`) and,
    optionally, one of its holders (`salarie`)."""

    def __init__(self, plan_id: int, occurrence: OccurrenceQuery, salarie: SalarieQuery = ""):
        self.plan_id, self.occurrence, self.salarie = plan_id, occurrence, salarie


AskedDep = Annotated[OccurrenceAsked, Depends()]


@router.get("/app/plans/{plan_id}/occurrence", response_class=HTMLResponse)
def occurrence_page(request: Request, session: SessionDep, caller: ManagerDep, asked: AskedDep) -> Response:
    def selected(scenario: Scenario, plan: Plan, view: dict[str, Any]) -> dict[str, Any]:
        return {"selected": asked.salarie}

    return occurrence_page_of(
        request, session, caller, asked.plan_id, asked.occurrence, "occurrence.html", selected
    )


@router.get("/app/plans/{plan_id}/qui", response_class=HTMLResponse)
def who_can_take_it(request: Request, session: SessionDep, caller: ManagerDep, asked: AskedDep) -> Response:
    """The legal candidates ranked by cost, and why each other qualified employee cannot; with `salarie`
    (one of its holders), who could take it in that person's place."""

    def ranked(scenario: Scenario, plan: Plan, view: dict[str, Any]) -> dict[str, Any]:
        holder = next((h for h in view["holders"] if h["id"] == asked.salarie), None)
        return {
            "candidates": candidates(
                scenario, plan, asked.occurrence, holder=holder["id"] if holder else None
            ),
            "holder": holder["id"] if holder else "",
            "holder_name": holder["name"] if holder else "",
        }

    return occurrence_page_of(
        request, session, caller, asked.plan_id, asked.occurrence, "candidates.html", ranked
    )


@router.post("/app/plans/{plan_id}/modifier", response_class=HTMLResponse)
def edit(
    request: Request,
    plan_id: int,
    session: WriteSessionDep,
    caller: ManagerDep,
    action: Annotated[str, Form(pattern="^(assign|unassign|move|pin|unpin)$")],
    occurrence: Annotated[str, Form(max_length=100)],
    salarie: Annotated[str, Form(max_length=64)] = "",
    vers: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    row = plan_row(session, caller, plan_id)
    scenario, plan = scenario_of(session, caller.group_id), plan_of(session, row)
    wanted = Edit(action, occurrence, employee=salarie or None, to=vers or None)
    try:
        result = edit_plan(scenario, plan, wanted)
    except DomainError as exc:
        return message_page(
            request,
            caller,
            status=422,
            month=row.month,
            heading="Modification impossible",
            message=f"Cette modification ne peut pas être faite : {exc}",
            back=f"/app/mois/{row.month}?version={row.id}",
        )
    names = {e.id: e.name for e in scenario.employees}
    if not result.accepted:
        return page(
            request,
            caller,
            "refused.html",
            status=409,
            month=row.month,
            plan=row,
            occ=occurrence_view(scenario, plan, occurrence),
            action=ACTION_FR[action].format(who=names.get(vers or salarie, vers or salarie)),
            errors=result.errors,
        )
    need, day = parse_occurrence(occurrence)
    held = next(
        (a for a in plan.assignments if a.need == need and a.date == day and a.employee == salarie), None
    )
    if action in ("pin", "unpin"):
        set_pin(session, caller, Pin(employee=salarie, need=need, date=day), action == "pin")
    elif held is not None and held.pinned:  # a pinned occurrence keeps its pin with whoever holds it
        set_pin(session, caller, Pin(employee=salarie, need=need, date=day), False)
        if action == "move":
            set_pin(session, caller, Pin(employee=vers, need=need, date=day), True)
    what = {
        "action": action,
        "occurrence": occurrence,
        "employee": salarie or None,
        "to": vers or None,
        "warnings": [str(v) for v in result.warnings],
    }
    stored = store_edit(session, caller, row, plan, result.plan, what)
    return done(session, f"/app/mois/{row.month}?version={stored.id}&modifie=1")
