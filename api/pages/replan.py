"""Absence → re-plan: declare a change, see the proposed changes, accept (publish) or discard them.

The form builds the API's own `ReplanRequest` and calls the API route's function (api/routes/replans.py:
same checks, same job); the result is a draft whose changes (engine.solver.search.replan.diff, stored by the job)
are listed with those inside the notice period flagged as needing the employee's agreement. Accepting
publishes the draft through the publishing gate (api/pages/publish.py), which also records the change in
the group's data; discarding deletes the draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.errors import ApiProblem
from api.pages.board import version_label
from api.pages.cache import plan_of, scenario_of
from api.pages.edit import plan_row
from api.pages.months import MONTH_PATTERN
from api.pages.render import done, page
from engine.model import Plan, Scenario
from persistence.plan_edits import discard_draft
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.tables import PlanVersionRow

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]
ABSENCE_KINDS = {
    "sickness": "arrêt maladie",
    "paid_leave": "congés payés",
    "training": "formation",
    "unpaid": "absence non rémunérée",
    "other": "autre absence",
}


def _form_context(session: Any, caller: Any, month: str) -> dict[str, Any]:
    scenario = scenario_of(session, caller.group_id)
    current = published_plan(session, caller.group_id, month)
    return {
        "employees": [(e.id, e.name) for e in scenario.employees],
        "sites": [
            (site.id, f"{site.name} ({member.name})") for member in scenario.members for site in member.sites
        ],
        "skills": sorted(
            {n.skill for n in scenario.needs} | {k for e in scenario.employees for k in e.skills}
        ),
        "members": [(m.id, m.name) for m in scenario.members],
        "kinds": ABSENCE_KINDS,
        "published": current,
        "published_label": version_label(current) if current is not None else None,
        "today": dt.date.today().isoformat(),
    }


@router.get("/app/mois/{month}/absence", response_class=HTMLResponse)
def replan_form(request: Request, month: MonthPath, session: SessionDep, caller: ManagerDep) -> Response:
    return page(
        request,
        caller,
        "replan.html",
        month=month,
        error=None,
        form={},
        **_form_context(session, caller, month),
    )


class ReplanRefused(Exception):
    """Why a re-plan was not started, in French, with the HTTP status of the page that says so."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message, self.status = message, status


FIELDS_FR = {
    "id": "identifiant du besoin",
    "site": "site du besoin",
    "skill": "compétence du besoin",
    "dates": "date du besoin",
    "start": "date de début ou heure de début",
    "end": "date de fin",
    "last_day": "dernier jour",
    "today": "date du jour",
    "kind": "nature",
    "employee": "salarié",
}


def submit_replan(
    request: Request, session: Session, caller: Scope, month: str, change: dict[str, Any], time_limit: float
) -> str:
    """Start the re-plan of the month's published plan with `change` (the API's `ReplanRequest` and its
    route function: same checks, same job); the job's id, or `ReplanRefused`."""
    from api.routes.jobs import SolveParameters
    from api.routes.replans import ReplanRequest, replan_plan

    current = published_plan(session, caller.group_id, month)
    if current is None:
        raise ReplanRefused("Aucun plan publié pour ce mois : la re-planification part du plan publié.", 409)
    try:
        body = ReplanRequest.model_validate(
            {**change, "parameters": SolveParameters(time_limit=time_limit).model_dump()}
        )
    except ValidationError as exc:
        wrong = sorted({FIELDS_FR.get(str(e["loc"][-1]), str(e["loc"][-1])) for e in exc.errors()})
        raise ReplanRefused(f"Saisie incorrecte : {', '.join(wrong)}.") from None
    try:
        job = replan_plan(current.id, request, Response(), session, caller, body)  # type: ignore[arg-type]
    except ApiProblem as exc:
        raise ReplanRefused(f"Re-planification refusée : {exc.detail}", exc.status) from None
    return job.id


@router.post("/app/mois/{month}/absence", response_class=HTMLResponse)
def replan(
    request: Request,
    month: MonthPath,
    session: SessionDep,
    caller: ManagerDep,
    salarie: Annotated[str, Form(max_length=64)] = "",
    nature: Annotated[str, Form(max_length=32)] = "sickness",
    debut: Annotated[str, Form(max_length=10)] = "",
    fin: Annotated[str, Form(max_length=10)] = "",
    adherent_sortant: Annotated[str, Form(max_length=64)] = "",
    dernier_jour: Annotated[str, Form(max_length=10)] = "",
    aujourd_hui: Annotated[str, Form(max_length=10)] = "",
    besoin_id: Annotated[str, Form(max_length=64)] = "",
    besoin_site: Annotated[str, Form(max_length=64)] = "",
    besoin_competence: Annotated[str, Form(max_length=64)] = "",
    besoin_date: Annotated[str, Form(max_length=10)] = "",
    besoin_debut: Annotated[str, Form(max_length=5)] = "",
    besoin_fin: Annotated[str, Form(max_length=5)] = "",
    time_limit: Annotated[float, Form(gt=0, le=3600)] = 30.0,
) -> Response:
    form = {
        "besoin_id": besoin_id,
        "besoin_site": besoin_site,
        "besoin_competence": besoin_competence,
        "besoin_date": besoin_date,
        "besoin_debut": besoin_debut,
        "besoin_fin": besoin_fin,
        "salarie": salarie,
        "nature": nature,
        "debut": debut,
        "fin": fin,
        "adherent_sortant": adherent_sortant,
        "dernier_jour": dernier_jour,
        "aujourd_hui": aujourd_hui,
    }
    body: dict[str, Any] = {"absences": [], "members_leaving": []}
    if salarie:
        body["absences"].append({"employee": salarie, "kind": nature, "start": debut, "end": fin or debut})
    if adherent_sortant:
        body["members_leaving"].append({"member": adherent_sortant, "last_day": dernier_jour})
    if besoin_id or besoin_site:
        site_member = {
            site.id: member.id
            for member in scenario_of(session, caller.group_id).members
            for site in member.sites
        }
        body["new_needs"] = [
            {
                "id": besoin_id,
                "member": site_member.get(besoin_site, ""),
                "site": besoin_site,
                "skill": besoin_competence,
                "start": besoin_debut,
                "end": besoin_fin,
                "dates": [besoin_date] if besoin_date else [],
            }
        ]
    if aujourd_hui:
        body["today"] = aujourd_hui
    try:
        if not body["absences"] and not body["members_leaving"] and not body.get("new_needs"):
            raise ReplanRefused(
                "Indiquez une absence (salarié et dates), un nouveau besoin ou le départ d'un adhérent."
            )
        job = submit_replan(request, session, caller, month, body, time_limit)
    except ReplanRefused as exc:
        return page(
            request,
            caller,
            "replan.html",
            status=exc.status,
            month=month,
            error=exc.message,
            form=form,
            **_form_context(session, caller, month),
        )
    return RedirectResponse(f"/app/travaux/{job}", status_code=303)


NOTICE_ARTICLES = "L3123-11, L3123-31"


def absent_on(change: dict[str, Any]) -> set[tuple[str, dt.date]]:
    """(employee, day) of every day an absence of the change covers."""
    out = set()
    for a in change.get("absences", []):
        first = dt.date.fromisoformat(a["start"])
        last = dt.date.fromisoformat(a.get("end") or a["start"])
        out |= {(a["employee"], first + dt.timedelta(days=i)) for i in range((last - first).days + 1)}
    return out


def proposed_changes(
    scenario: Scenario, before: Plan | None, after: Plan, stored: list[dict[str, Any]], change: dict[str, Any]
) -> list[dict[str, Any]]:
    """The re-plan's changes (stored by the job) as rows a manager reads: names, local times, the need's
    description, and whether the employee must agree. Taking a shift off an employee on a day of absence
    (declared with the re-plan or recorded in the data) asks nothing of them: that removal is marked as
    such, not as needing agreement."""
    names = {e.id: e.name for e in scenario.employees}
    members = {m.id: m.name for m in scenario.members}
    held = {
        (a.employee, a.need, a.date): a for a in [*(before.assignments if before else []), *after.assignments]
    }
    absent = absent_on(change)
    rows = []
    for c in stored:
        day = dt.date.fromisoformat(c["date"])
        a = held.get((c["employee"], c["need"], day))
        need = scenario.need_by_id.get(c["need"])
        start = a.start if a else dt.datetime.fromisoformat(c["start"])
        employee = scenario.employee_by_id.get(c["employee"])
        because_absent = c["kind"] == "removed" and (
            (c["employee"], day) in absent or (employee is not None and employee.is_absent(day))
        )
        rows.append(
            {
                "kind": "ajout" if c["kind"] == "added" else "retrait",
                "date": day,
                "time": f"{start:%H:%M}–{a.end:%H:%M}" if a else f"{start:%H:%M}",
                "employee": c["employee"],
                "employee_name": names.get(c["employee"], c["employee"]),
                "member": members.get(need.member if need else a.member if a else "", ""),
                "need": (need.description or need.skill) if need else c["need"],
                "absent": because_absent,
                "needs_agreement": bool(c.get("needs_agreement")) and not because_absent,
            }
        )
    return rows


def agreements(scenario: Scenario, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who must agree, with how many of the changes and their notice period (days)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["needs_agreement"]:
            entry = out.setdefault(
                r["employee"],
                {
                    "name": r["employee_name"],
                    "count": 0,
                    "notice": scenario.rules_for(r["employee"]).part_time_notice_days
                    if r["employee"] in scenario.employee_by_id
                    else 7,
                },
            )
            entry["count"] += 1
    return sorted(out.values(), key=lambda e: e["name"])


@router.get("/app/plans/{plan_id}/changements", response_class=HTMLResponse)
def proposal(request: Request, plan_id: int, session: SessionDep, caller: ManagerDep) -> Response:
    row = plan_row(session, caller, plan_id)
    scenario = scenario_of(session, caller.group_id)
    base = session.get(PlanVersionRow, row.based_on_id) if row.based_on_id else None
    before = plan_of(session, base) if base is not None and base.group_id == caller.group_id else None
    change = row.data.get("change") or {}
    changes = proposed_changes(scenario, before, plan_of(session, row), row.data.get("changes") or [], change)
    day = dt.date.fromisoformat
    absences = [
        {**a, "start": day(a["start"]), "end": day(a.get("end") or a["start"])}
        for a in change.get("absences", [])
    ]
    leaving = [{**m, "last_day": day(m["last_day"])} for m in change.get("members_leaving", [])]
    sites = {s.id: s.name for m in scenario.members for s in m.sites}
    new_needs = [
        {
            **n,
            "site_name": sites.get(n.get("site", ""), n.get("site", "")),
            "dates": [day(d) for d in n.get("dates", [])],
        }
        for n in change.get("new_needs", [])
    ]
    return page(
        request,
        caller,
        "proposal.html",
        absences=absences,
        leaving=leaving,
        new_needs=new_needs,
        month=row.month,
        plan=row,
        label=version_label(row),
        changes=changes,
        agreements=agreements(scenario, changes),
        articles=NOTICE_ARTICLES,
        today=day(change["today"]) if change.get("today") else None,
        names={e.id: e.name for e in scenario.employees},
        members={m.id: m.name for m in scenario.members},
        kinds=ABSENCE_KINDS,
    )


@router.post("/app/plans/{plan_id}/ecarter")
def discard(request: Request, plan_id: int, session: WriteSessionDep, caller: ManagerDep) -> Response:
    row = plan_row(session, caller, plan_id)
    if row.status != "draft":
        return page(
            request,
            caller,
            "error.html",
            status=409,
            month=row.month,
            heading="Opération refusée",
            message="Seul un brouillon peut être écarté.",
            details=[],
            back=f"/app/mois/{row.month}",
        )
    month = row.month
    discard_draft(session, caller, row)
    return done(session, f"/app/mois/{month}?ecarte=1")
