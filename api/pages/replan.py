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

from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.errors import ApiProblem
from api.pages.board import version_label
from api.pages.cache import scenario_of
from api.pages.edit import plan_row
from api.pages.months import MONTH_PATTERN
from api.pages.render import done, page
from persistence.plan_edits import discard_draft
from persistence.plans import published_plan

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
    from api.routes.jobs import SolveParameters
    from api.routes.replans import ReplanRequest, replan_plan

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
    current = published_plan(session, caller.group_id, month)

    def again(message: str, status: int = 422) -> Response:
        return page(
            request,
            caller,
            "replan.html",
            status=status,
            month=month,
            error=message,
            form=form,
            **_form_context(session, caller, month),
        )

    if current is None:
        return again("Aucun plan publié pour ce mois : la re-planification part du plan publié.", 409)
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
    if not body["absences"] and not body["members_leaving"] and not body.get("new_needs"):
        return again("Indiquez une absence (salarié et dates), un nouveau besoin ou le départ d'un adhérent.")
    if aujourd_hui:
        body["today"] = aujourd_hui
    try:
        request_body = ReplanRequest.model_validate(
            {**body, "parameters": SolveParameters(time_limit=time_limit).model_dump()}
        )
    except ValidationError as exc:
        fields = {
            "id": "identifiant du besoin",
            "site": "site du besoin",
            "skill": "compétence du besoin",
            "dates": "date du besoin",
            "start": "date de début ou heure de début",
            "end": "date de fin",
            "last_day": "dernier jour",
            "today": "date du jour",
            "kind": "nature",
        }
        wrong = sorted({fields.get(str(e["loc"][-1]), str(e["loc"][-1])) for e in exc.errors()})
        return again(f"Saisie incorrecte : {', '.join(wrong)}.")
    try:
        job = replan_plan(current.id, request, Response(), session, caller, request_body)  # type: ignore[arg-type]
    except ApiProblem as exc:
        return again(f"Re-planification refusée : {exc.detail}", exc.status)
    return RedirectResponse(f"/app/travaux/{job.id}", status_code=303)


@router.get("/app/plans/{plan_id}/changements", response_class=HTMLResponse)
def proposal(request: Request, plan_id: int, session: SessionDep, caller: ManagerDep) -> Response:
    row = plan_row(session, caller, plan_id)
    scenario = scenario_of(session, caller.group_id)
    names = {e.id: e.name for e in scenario.employees}
    members = {m.id: m.name for m in scenario.members}
    need_member = {n.id: n.member for n in scenario.needs}
    changes = [
        {
            **c,
            "date": dt.date.fromisoformat(c["date"]),
            "employee_name": names.get(c["employee"], c["employee"]),
            "member": members.get(need_member.get(c["need"], ""), ""),
            "start": dt.datetime.fromisoformat(c["start"]),
        }
        for c in row.data.get("changes") or []
    ]
    change = row.data.get("change") or {}
    day = dt.date.fromisoformat
    absences = [
        {**a, "start": day(a["start"]), "end": day(a.get("end") or a["start"])}
        for a in change.get("absences", [])
    ]
    leaving = [{**m, "last_day": day(m["last_day"])} for m in change.get("members_leaving", [])]
    return page(
        request,
        caller,
        "proposal.html",
        absences=absences,
        leaving=leaving,
        month=row.month,
        plan=row,
        label=version_label(row),
        changes=changes,
        change=change,
        names=names,
        members=members,
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
