"""Solve jobs: `POST /months/{month}/solve` answers 202 with a job at once; the solve runs elsewhere.

With `through` (YYYY-MM) in the body the job plans a season, the month through that one, as one problem
(weekly and rolling rules across the months, yearly counters over the fiscal year): its result is one draft
per month (`progress.plan_ids`, `plan_id` the first), and no other solve of any of its months may run
beside it (409).

`GET /jobs/{id}` gives the status and progress (objective, bound, gap, elapsed), `POST /jobs/{id}/cancel`
stops it, `POST /jobs/{id}/retry` starts a failed, cancelled or abandoned one again. The result is a
DRAFT plan version (`plan_id`); publishing it is a separate decision (api/routes/plans.py). A second
solve of a month while one is queued or running is a 409 naming the active job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Request, Response
from pydantic import BaseModel, Field

from api.deps import ManagerDep, get_engine_from
from api.errors import Conflict, Invalid, NotFound, Unavailable, problem_responses
from api.models import InputBody
from api.params import MonthPath
from engine.plausible import Month
from jobs import service, store
from persistence.solve_jobs import SolveJobRow

MAX_SEASON_MONTHS = 12  # a year: `engine.plausible.MAX_HORIZON_DAYS` holds it
JobPath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="the job id")]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On SQLite, start the local solve pool with the app so that jobs queued before a restart run."""
    engine = getattr(app.state, "engine", None)
    if engine is not None and service.backend_for(engine) == "local":
        service.local_pool(engine)
    yield


router = APIRouter(tags=["jobs"], lifespan=_lifespan)


class SolveParameters(InputBody):
    time_limit: float | None = Field(60.0, gt=0, le=3600, description="seconds of wall time")
    deterministic_time: float | None = Field(None, gt=0, le=100000, description="CP-SAT deterministic units")
    workers: int = Field(2, ge=1, le=64, description="CP-SAT search workers")
    seed: int = Field(1, ge=0, le=2**31 - 1)
    relative_gap: float = Field(0.0, ge=0, le=1, description="stop once the proven gap is below this")


class SolveMonthParameters(SolveParameters):
    """A solve's parameters, and the season it may plan (a re-plan keeps its plan's own horizon)."""

    through: Month | None = Field(
        None,
        description="plan a season: the month of the path through this one (YYYY-MM, at most 12 months), "
        "as one problem; one draft per month",
    )


class JobProgress(BaseModel):
    elapsed: float | None = Field(None, description="seconds since the solve started")
    objective: float | None = Field(None, description="cost of the best plan so far, in euros")
    bound: float | None = Field(None, description="proven lower bound of the cost, in euros")
    gap: float | None = None
    solutions: int | None = None
    unfilled: int | None = Field(None, description="heads the best plan so far leaves unfilled")
    status: str | None = Field(None, description="the solver's final status")
    plan_ids: list[int] | None = Field(None, description="a season's drafts, one per month, in order")


class JobPublic(BaseModel):
    id: str
    month: str
    through: str | None = Field(None, description="a season's last month (the job plans month..through)")
    kind: str = Field(description="solve (a month afresh) or replan (a published plan after a change)")
    base_plan_id: int | None = Field(None, description="the published plan version a re-plan starts from")
    change: dict[str, Any] = Field(default_factory=dict, description="what a re-plan takes into account")
    status: str = Field(description="queued, running, succeeded, failed, cancelled or abandoned")
    backend: str
    progress: JobProgress
    parameters: dict[str, Any]
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    cancel_requested: bool
    plan_id: int | None = Field(None, description="the draft plan version the solve produced")
    error: str | None
    retry_of: str | None
    attempt: int
    links: dict[str, str]


def public_job(row: SolveJobRow) -> JobPublic:
    """The job as the API shows it (also used by api/routes/replans.py)."""
    known = set(JobProgress.model_fields)
    return JobPublic(
        id=row.id,
        month=row.month,
        through=row.options.get("through"),
        kind=row.kind,
        base_plan_id=row.base_plan_id,
        change=row.change,
        status=row.status,
        backend=row.backend,
        progress=JobProgress(**{k: v for k, v in row.progress.items() if k in known}),
        parameters=row.options,
        created_by=row.created_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        heartbeat_at=row.heartbeat_at,
        cancel_requested=row.cancel_requested,
        plan_id=row.plan_id,
        error=row.error,
        retry_of=row.retry_of,
        attempt=row.attempt,
        links={"self": f"/jobs/{row.id}", "cancel": f"/jobs/{row.id}/cancel"},
    )


@router.post(
    "/months/{month}/solve",
    status_code=202,
    response_model=JobPublic,
    summary="Start solving a month; returns the job at once (the result is a draft plan)",
    responses=problem_responses(401, 403, 409, 422, 503),
)
def solve_month(
    month: MonthPath,
    request: Request,
    response: Response,
    caller: ManagerDep,
    parameters: SolveMonthParameters | None = None,
) -> JobPublic:
    params = parameters or SolveMonthParameters()
    if params.through is not None:
        months = store.job_months(month, params.through)
        if params.through < month:
            raise Invalid(
                f"body.through: {params.through} is before the month {month} the season starts with"
            )
        if len(months) > MAX_SEASON_MONTHS:
            raise Invalid(
                f"body.through: a season of {len(months)} months is longer than the "
                f"{MAX_SEASON_MONTHS} months planned at once: split it"
            )
    try:
        job = service.submit_solve(
            get_engine_from(request),
            caller.group_id,
            month,
            service.SolveRequest(**params.model_dump()),
            caller.actor,
        )
    except service.MonthBusy as exc:
        raise Conflict(str(exc)) from None
    except service.QueueRefused as exc:
        raise queue_problem(exc) from None
    response.headers["Location"] = f"/jobs/{job.id}"
    return public_job(job)


def queue_problem(exc: service.QueueRefused) -> Conflict | Unavailable:
    """409 when the queue still holds an active solve of the month, 503 when it cannot be reached."""
    return Conflict(str(exc)) if exc.busy else Unavailable(str(exc))


def _job(request: Request, caller: Any, job_id: str) -> SolveJobRow:
    row = service.get_job(get_engine_from(request), caller.group_id, job_id)
    if row is None:
        raise NotFound(f"no solve job {job_id} in your group")
    return row


@router.get(
    "/jobs/{job_id}",
    response_model=JobPublic,
    summary="A solve job: status, progress, result",
    responses=problem_responses(401, 403, 404),
)
def get_job(job_id: JobPath, request: Request, caller: ManagerDep) -> JobPublic:
    return public_job(_job(request, caller, job_id))


@router.post(
    "/jobs/{job_id}/cancel",
    response_model=JobPublic,
    summary="Cancel a solve job (a running solve stops within seconds; nothing of it is kept)",
    responses=problem_responses(401, 403, 404),
)
def cancel_job(job_id: JobPath, request: Request, caller: ManagerDep) -> JobPublic:
    row = service.cancel_job(get_engine_from(request), caller.group_id, job_id)
    if row is None:
        raise NotFound(f"no solve job {job_id} in your group")
    return public_job(row)


@router.post(
    "/jobs/{job_id}/retry",
    status_code=202,
    response_model=JobPublic,
    summary="Start a failed, cancelled or abandoned solve again (a new job)",
    responses=problem_responses(401, 403, 404, 409, 503),
)
def retry_job(job_id: JobPath, request: Request, response: Response, caller: ManagerDep) -> JobPublic:
    try:
        row = service.retry_job(get_engine_from(request), caller.group_id, job_id, caller.actor)
    except (service.NotRetryable, service.MonthBusy) as exc:
        raise Conflict(str(exc)) from None
    except service.QueueRefused as exc:
        raise queue_problem(exc) from None
    if row is None:
        raise NotFound(f"no solve job {job_id} in your group")
    response.headers["Location"] = f"/jobs/{row.id}"
    return public_job(row)
