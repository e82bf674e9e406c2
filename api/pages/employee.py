"""An employee's month (readable on a phone): her published assignments, hours against contract, feed link.

Read through the employee's `Scope`: the published plan only, her own assignments. Hours per legal week and
for the month are the board's (engine.report.board.weekly_hours and engine.report.stats.employee_stats,
the checker's reading), computed on her assignments alone.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.deps import EmployeeDep, SessionDep, SettingsDep
from api.pages.cache import plan_of, scenario_of
from api.pages.feedlink import create_feed_link
from api.pages.months import MONTH_PATTERN, around
from api.pages.render import page
from engine.planedit import narrowed
from engine.report.board import weekly_hours
from engine.report.stats import employee_stats
from persistence.plans import published_plan
from persistence.scope import Scope
from persistence.tables import EmployeeRow

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
    return {"me": me, "plan": current, "days": days, "weeks": weeks, "stats": stats}


@router.get("/app/salarie/{month}", response_class=HTMLResponse)
def employee_page(request: Request, month: MonthPath, session: SessionDep, caller: EmployeeDep) -> Response:
    previous, following = around(month)
    return page(
        request,
        caller,
        "employee.html",
        month=month,
        previous_month=previous,
        next_month=following,
        feed_url=None,
        **employee_month(session, caller, month),
    )


@router.post("/app/salarie/{month}/calendrier", response_class=HTMLResponse)
def employee_feed(
    request: Request, month: MonthPath, session: SessionDep, settings: SettingsDep, caller: EmployeeDep
) -> Response:
    data = employee_month(session, caller, month)
    url = create_feed_link(session, settings, caller, None, data["me"].key)
    session.commit()  # the link works as soon as it is shown
    previous, following = around(month)
    return page(
        request,
        caller,
        "employee.html",
        month=month,
        previous_month=previous,
        next_month=following,
        feed_url=url,
        **data,
    )
