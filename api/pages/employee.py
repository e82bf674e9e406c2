"""An employee's month (readable on a phone): her published assignments, hours against contract, feed link.

Read through the employee's `Scope`: the published plan only, her own assignments. Hours per legal week and
for the month are the board's (engine.report.board.weekly_hours and engine.report.stats.employee_stats,
the checker's reading), computed on her assignments alone.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col

from api.deps import EmployeeDep, SessionDep, get_settings_from
from api.pages.cache import plan_of, scenario_of
from api.pages.feedlink import create_feed_link
from api.pages.months import MONTH_PATTERN, around
from api.pages.render import page
from api.pages.replan import ABSENCE_KINDS
from engine.planedit import narrowed
from engine.report.board import weekly_hours
from engine.report.stats import employee_stats
from engine.timeutil import month_bounds
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.store import GroupStore
from persistence.tables import AbsenceRow, EmployeeRow

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]


def employee_month(session: Session, caller: Scope, month: str) -> dict[str, Any]:
    assert caller.employee_id is not None
    me = session.get(EmployeeRow, caller.employee_id)
    assert me is not None
    current = published_plan(session, caller.group_id, month)
    days: list[dict[str, Any]] = []
    weeks: list[dict[str, Any]] = []
    stats = None
    if current is not None:
        scenario = scenario_of(session, caller.group_id)
        plan = plan_of(session, current)
        mine = plan.model_copy(
            update={"assignments": [a for a in plan.assignments if a.employee == me.key], "unfilled": []}
        )
        needs = {a.need for a in mine.assignments}
        alone = narrowed(scenario, {me.key}, needs)
        weeks = weekly_hours(alone, mine)[me.key]
        stats = employee_stats(alone, mine)[0]
        members = {m.id: m.name for m in scenario.members}
        sites = scenario.site_by_id
        for a in mine.assignments:
            site = sites.get(a.site)
            address = site.address if site else None
            days.append(
                {
                    "date": a.date,
                    "start": a.start,
                    "end": a.end,
                    "member": members.get(a.member, a.member),
                    "site": site.name if site else a.site,
                    "address": address.one_line() if address else "",
                    "minutes": a.minutes,
                }
            )
    first, last = month_bounds(month)
    store = GroupStore(session, caller)
    absences = [
        {"kind": ABSENCE_KINDS.get(r.kind, r.kind), "start": max(r.start, first), "end": min(r.end, last)}
        for r in session.exec(
            store.visible(AbsenceRow)
            .where(col(AbsenceRow.start) <= last, col(AbsenceRow.end) >= first)
            .order_by(col(AbsenceRow.start))
        )
    ]
    return {"me": me, "plan": current, "days": days, "weeks": weeks, "stats": stats, "absences": absences}


def employee_page_of(
    request: Request, session: Session, caller: Scope, month: str, *, new_link: bool = False
) -> Response:
    """Her month; with `new_link`, a new calendar feed link of hers, shown once (only its hash is kept)."""
    previous, following = around(month)
    data = employee_month(session, caller, month)
    feed_url = None
    if new_link:
        feed_url = create_feed_link(session, get_settings_from(request), caller, None, data["me"].key)
        session.commit()  # the link works as soon as it is shown
    return page(
        request,
        caller,
        "employee.html",
        month=month,
        previous_month=previous,
        next_month=following,
        feed_url=feed_url,
        **data,
    )


@router.get("/app/salarie/{month}", response_class=HTMLResponse)
def employee_page(request: Request, month: MonthPath, session: SessionDep, caller: EmployeeDep) -> Response:
    return employee_page_of(request, session, caller, month)


@router.post("/app/salarie/{month}/calendrier", response_class=HTMLResponse)
def employee_feed(request: Request, month: MonthPath, session: SessionDep, caller: EmployeeDep) -> Response:
    return employee_page_of(request, session, caller, month, new_link=True)
