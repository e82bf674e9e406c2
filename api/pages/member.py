"""A member firm's month: its sites' published plan, what changed, its unfilled needs, hours, invoices, feed.

Everything is read through the member's `Scope` (api/deps): the published plan only, its own assignments,
its own invoices; unfilled reasons are the member-safe sentence (`engine.model.Unfilled.for_member`), never
an employee's private data. Confirming or correcting hours calls the API's actuals routes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api.deps import MemberDep, SessionDep, SettingsDep
from api.errors import ApiProblem, Forbidden
from api.pages.cache import plan_of, scenario_of
from api.pages.feedlink import create_feed_link
from api.pages.months import MONTH_PATTERN, around
from api.pages.render import done, page
from engine.model import Unfilled
from engine.report.board import changes_by_member
from persistence.mapping import KeyIndex
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.tables import (
    INVOICE_ISSUED,
    PLAN_SUPERSEDED,
    ActualHoursRow,
    AssignmentRow,
    EmployeeRow,
    GroupRow,
    InvoiceRow,
    MemberRow,
    NeedRow,
    PlanVersionRow,
    SiteRow,
)

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]
KIND_FR = {"invoice": "facture", "loan_invoice": "facture de mise à disposition", "credit_note": "avoir"}


def member_of(caller: Scope) -> int:
    """The member a member's scope acts for (MemberDep guarantees the role)."""
    if caller.member_id is None:
        raise Forbidden("this page is a member firm's")
    return caller.member_id


def _previous_published(session: Session, group_id: int, month: str) -> PlanVersionRow | None:
    return session.exec(
        select(PlanVersionRow)
        .where(
            PlanVersionRow.group_id == group_id,
            PlanVersionRow.month == month,
            PlanVersionRow.status == PLAN_SUPERSEDED,
        )
        .order_by(col(PlanVersionRow.published_at).desc())
    ).first()


def member_month(session: Session, caller: Scope, month: str) -> dict[str, Any]:
    member_id = member_of(caller)
    index = KeyIndex.load(session, caller.group_id)
    member = session.get(MemberRow, member_id)
    assert member is not None
    group = session.get(GroupRow, caller.group_id)
    assert group is not None
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(group.timezone)
    current = published_plan(session, caller.group_id, month)
    rows: list[dict[str, Any]] = []
    unfilled: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    previous = None
    if current is not None:
        names = dict(
            session.exec(
                select(EmployeeRow.id, EmployeeRow.name).where(EmployeeRow.group_id == caller.group_id)
            ).all()
        )
        sites = dict(
            session.exec(select(SiteRow.id, SiteRow.name).where(SiteRow.member_id == member_id)).all()
        )
        for a in session.exec(
            select(AssignmentRow)
            .where(AssignmentRow.plan_id == current.id, AssignmentRow.member_id == member_id)
            .order_by(col(AssignmentRow.start))
        ):
            rows.append(
                {
                    "date": a.date,
                    "start": a.start.astimezone(tz),
                    "end": a.end.astimezone(tz),
                    "employee": names.get(a.employee_id, ""),
                    "site": sites.get(a.site_id, ""),
                    "minutes": a.minutes,
                    "employee_key": index.key_of("employee", a.employee_id),
                    "need": a.need_key,
                }
            )
        needs = {
            n.key: n.data.get("description") or n.skill
            for n in session.exec(
                select(NeedRow).where(NeedRow.group_id == caller.group_id, NeedRow.member_id == member_id)
            )
        }
        for stored in current.data.get("unfilled") or []:
            if stored.get("member") != member.key:
                continue
            u = Unfilled.model_validate(stored).for_member()  # never who is absent or why (engine.model.plan)
            unfilled.append(
                {
                    "date": u.date,
                    "need": needs.get(u.need, u.need),
                    "missing": u.missing,
                    "reason": u.reason,
                }
            )
        previous = _previous_published(session, caller.group_id, month)
        if previous is not None:
            scenario = scenario_of(session, caller.group_id)
            changes = changes_by_member(scenario, plan_of(session, previous), plan_of(session, current)).get(
                member.key, []
            )
    actuals = list(
        session.exec(
            select(ActualHoursRow)
            .where(
                ActualHoursRow.group_id == caller.group_id,
                ActualHoursRow.month == month,
                ActualHoursRow.member_id == member_id,
            )
            .order_by(col(ActualHoursRow.start))
        )
    )
    invoices = list(
        session.exec(
            select(InvoiceRow)
            .where(
                InvoiceRow.group_id == caller.group_id,
                InvoiceRow.member_id == member_id,
                InvoiceRow.status == INVOICE_ISSUED,
            )
            .order_by(col(InvoiceRow.id).desc())
        )
    )
    return {
        "member": member,
        "plan": current,
        "rows": rows,
        "unfilled": unfilled,
        "changes": changes,
        "previous": previous,
        "added": sum(1 for c in changes if c["kind"] == "ajout"),
        "removed": sum(1 for c in changes if c["kind"] == "retrait"),
        "actuals": actuals,
        "actual_status": actuals[0].status if actuals else None,
        "invoices": invoices,
        "kind_fr": KIND_FR,
        "tz": tz,
    }


def _render(request: Request, caller: Scope, session: Session, month: str, **extra: Any) -> Response:
    previous, following = around(month)
    status = extra.pop("status", 200)
    return page(
        request,
        caller,
        "member.html",
        status=status,
        month=month,
        previous_month=previous,
        next_month=following,
        **member_month(session, caller, month),
        **{"feed_url": None, "error": None, "notice": None, **extra},
    )


@router.get("/app/adherent/{month}", response_class=HTMLResponse)
def member_page(request: Request, month: MonthPath, session: SessionDep, caller: MemberDep) -> Response:
    member_of(caller)
    return _render(request, caller, session, month)


@router.post("/app/adherent/{month}/confirmer", response_class=HTMLResponse)
def confirm_hours(request: Request, month: MonthPath, session: SessionDep, caller: MemberDep) -> Response:
    from api.routes.actuals import confirm

    member_of(caller)
    try:
        confirm(session, caller, month, None)
    except ApiProblem as exc:
        session.rollback()
        return _render(
            request,
            caller,
            session,
            month,
            status=exc.status,
            error=f"Confirmation impossible : {exc.detail}",
        )
    return done(session, f"/app/adherent/{month}?confirme=1#heures")


@router.post("/app/adherent/{month}/corriger", response_class=HTMLResponse)
async def correct_hours(request: Request, month: MonthPath, caller: MemberDep) -> Response:
    """One line per planned assignment, its start and end times as corrected (empty: not worked)."""
    from fastapi.concurrency import run_in_threadpool

    form = await request.form()
    return await run_in_threadpool(_correct, request, month, caller, dict(form))


def _correct(request: Request, month: str, caller: Scope, form: dict[str, Any]) -> Response:
    from api.deps import get_engine_from
    from api.routes.actuals import ActualsCorrection, correct
    from persistence.db import write_session

    member_of(caller)
    with write_session(get_engine_from(request)) as session:
        data = member_month(session, caller, month)
        lines = []
        problems = []
        for i, row in enumerate(data["rows"]):
            start, end = str(form.get(f"debut_{i}", "")).strip(), str(form.get(f"fin_{i}", "")).strip()
            if not start and not end:
                continue  # not worked
            try:
                s = dt.datetime.combine(row["date"], dt.time.fromisoformat(start), row["start"].tzinfo)
                e = dt.datetime.combine(row["date"], dt.time.fromisoformat(end), row["start"].tzinfo)
            except ValueError:
                problems.append(f"ligne du {row['date']:%d/%m} ({row['employee']}) : heures illisibles")
                continue
            if e <= s:
                e += dt.timedelta(days=1)
            lines.append(
                {
                    "employee": row["employee_key"],
                    "need": row["need"],
                    "start": s.isoformat(),
                    "end": e.isoformat(),
                }
            )
        if problems:
            return _render(
                request,
                caller,
                session,
                month,
                status=422,
                error="Correction refusée : " + " ; ".join(problems),
            )
        try:
            correct(session, caller, ActualsCorrection.model_validate({"lines": lines}), month, None)
        except (ApiProblem, ValidationError) as exc:
            session.rollback()
            return _render(
                request,
                caller,
                session,
                month,
                status=422,
                error=f"Correction refusée : {getattr(exc, 'detail', exc)}",
            )
    return RedirectResponse(f"/app/adherent/{month}?corrige=1#heures", status_code=303)


@router.post("/app/adherent/{month}/calendrier", response_class=HTMLResponse)
def member_feed(
    request: Request, month: MonthPath, session: SessionDep, settings: SettingsDep, caller: MemberDep
) -> Response:
    member_id = member_of(caller)
    member = session.get(MemberRow, member_id)
    assert member is not None
    url = create_feed_link(session, settings, caller, member.key, None)
    session.commit()  # the link works as soon as it is shown
    return _render(request, caller, session, month, feed_url=url)
