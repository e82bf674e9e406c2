"""Résoudre: solve a month as a job (jobs.service, as `POST /months/{month}/solve` does), with live progress.

The job page polls the API's own `GET /jobs/{id}` with the session cookie (api/deps authorises it like a
key): cost of the best plan so far, unfilled heads, elapsed time. Cancel posts the page's form. When the job
succeeds the browser goes to the draft it produced (a re-plan: to its changes, to accept or discard).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ManagerDep, get_engine_from
from api.errors import NotFound
from api.pages.months import MONTH_PATTERN
from api.pages.render import page
from jobs import service
from persistence.solve_jobs import SolveJobRow

router = APIRouter(include_in_schema=False)
JobPath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
STATUS_FR = {
    "queued": "en file d'attente",
    "running": "en cours",
    "succeeded": "terminé",
    "failed": "échoué",
    "cancelled": "annulé",
    "abandoned": "abandonné",
}


def job_or_404(request: Request, group_id: int, job_id: str) -> SolveJobRow:
    row = service.get_job(get_engine_from(request), group_id, job_id)
    if row is None:
        raise NotFound(f"no solve job {job_id} in your group")
    return row


def done_url(row: SolveJobRow) -> str:
    if row.kind == "replan":
        return "/app/plans/PLAN/changements"
    return f"/app/mois/{row.month}?version=PLAN"


@router.post("/app/mois/{month}/resoudre")
def solve(
    request: Request,
    month: Annotated[str, Path(pattern=MONTH_PATTERN)],
    caller: ManagerDep,
    time_limit: Annotated[float, Form(gt=0, le=3600)] = 60.0,
) -> Response:
    try:
        job = service.submit_solve(
            get_engine_from(request),
            caller.group_id,
            month,
            service.SolveRequest(time_limit=time_limit),
            caller.actor,
        )
    except service.MonthBusy as exc:
        return page(
            request,
            caller,
            "error.html",
            status=409,
            month=month,
            heading="Résolution déjà en cours",
            message=f"Ce mois est déjà en cours de résolution : suivez ou annulez le travail en cours ({exc}).",
            details=[],
            back=f"/app/mois/{month}",
        )
    return RedirectResponse(f"/app/travaux/{job.id}", status_code=303)


@router.get("/app/travaux/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: JobPath, caller: ManagerDep) -> Response:
    row = job_or_404(request, caller.group_id, job_id)
    return page(
        request,
        caller,
        "job.html",
        month=row.month,
        job=row,
        status_fr=STATUS_FR.get(row.status, row.status),
        done_url=done_url(row),
        progress=row.progress or {},
    )


@router.post("/app/travaux/{job_id}/annuler")
def cancel(request: Request, job_id: JobPath, caller: ManagerDep) -> RedirectResponse:
    if service.cancel_job(get_engine_from(request), caller.group_id, job_id) is None:
        raise NotFound(f"no solve job {job_id} in your group")
    return RedirectResponse(f"/app/travaux/{job_id}", status_code=303)
