"""Planning du mois: the month as a board (per employee × day or per member × day), its versions and diffs.

The view is `engine.report.board.build_board` (the same as plan.html's, plus absences, weekly hours and
filters); the page picks the version to show (the newest unless `version` names one), and `comparer` shows
what changed from another version (`engine.solver.search.replan.diff`, the re-plan's own reading of a change).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlmodel import Session

from api.deps import ManagerDep, SessionDep
from api.errors import NotFound
from api.pages.cache import group_identity, keep, peek, plan_of, remembered, revision, scenario_of
from api.pages.months import MONTH_PATTERN, around
from api.pages.render import env, page
from engine.model import Plan, Scenario
from engine.report.board import build_board
from engine.solver.search.replan import diff
from persistence.plans import month_versions
from persistence.scope import Scope
from persistence.tables import PlanVersionRow

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]
STATUS_FR = {"draft": "brouillon", "published": "publié", "superseded": "remplacé"}
SOURCE_FR = {
    "solve": "résolution",
    "replan": "re-planification",
    "import": "import",
    "api": "API",
    "edit": "modification",
}


def version_label(row: PlanVersionRow) -> str:
    return f"version {row.version} ({STATUS_FR.get(row.status, row.status)}, {SOURCE_FR.get(row.source, row.source)})"


def chosen_version(rows: list[PlanVersionRow], wanted: int | None) -> PlanVersionRow | None:
    if wanted is not None:
        row = next((r for r in rows if r.id == wanted), None)
        if row is None:
            raise NotFound(f"no plan {wanted} in this month")
        return row
    return rows[-1] if rows else None


def load_month(session: Session, caller: Scope, row: PlanVersionRow) -> tuple[Scenario, Plan]:
    """The group and the plan version, reused while the group's data is unchanged (api/pages/cache.py)."""
    return scenario_of(session, caller.group_id), plan_of(session, row)


def render_grid(
    scenario: Scenario,
    plan: Plan,
    row: PlanVersionRow,
    view: str,
    filters: tuple[str | None, str | None, str | None],
    label: str,
    rows_key: Hashable | None = None,
) -> str:
    """The board's heavy part as HTML (cards, filters, unfilled needs, the grid): nothing in it depends on
    who looks, so it is rendered once per plan version, data revision, view and filters.

    In the view by employee, each employee's row is rendered alone and kept under `rows_key` (the group and
    the plan version, whatever the data revision: api/pages/cache.py) with what it was drawn from: her own
    data (contract, absences, skills), her assignments and her history (`row_sources`), and the rest of the
    scenario, common to every row (`rows_basis`). The next rendering of the same version builds and renders
    again only the rows whose sources changed (after a hand edit of the draft, an absence, a contract), and
    every row when the rest of the scenario changed (a member, a need, the group's rules)."""
    member, site, skill = filters
    if view != "salaries":
        board = build_board(scenario, plan, [], member=member, site=site, skill=skill)
        return env.get_template("board_grid.html").render(
            board=board, current=row, current_label=label, view=view, month=row.month
        )
    sources = row_sources(scenario, plan)
    basis = rows_basis(scenario)
    held = peek(rows_key) if rows_key is not None else None
    kept: dict[str, tuple[Any, str]] = held[1] if held is not None and held[0] == basis else {}
    stale = [e.id for e in scenario.employees if e.id not in kept or kept[e.id][0] != sources[e.id]]
    board = build_board(
        scenario, plan, [], member=member, site=site, skill=skill, employees=stale, member_cells=False
    )
    template = env.get_template("board_employee_row.html")
    days = {"days": board["days"]}

    def draw(r: dict[str, Any]) -> str:  # Jinja drops a template's last newline: the row's own
        return template.render(row=r, b=days, current=row) + "\n"

    fresh = {r["id"]: (sources[r["id"]], draw(r)) for r in board["employee_rows"]}
    if len(fresh) < len(stale):  # rows the filters left out: drawn too, so that every row can be kept
        rest = build_board(
            scenario,
            plan,
            [],
            employees=[e for e in stale if e not in fresh],
            member_cells=False,
        )
        for r in rest["employee_rows"]:
            fresh[r["id"]] = (sources[r["id"]], draw(r))
    rows = {**kept, **fresh}
    if rows_key is not None and fresh:
        keep(rows_key, (basis, rows))
    html = [Markup(rows[e][1]) for e in board["employee_ids"]]
    return env.get_template("board_grid.html").render(
        board=board, current=row, current_label=label, view=view, month=row.month, employee_html=html
    )


ROWS_IGNORE = {"employees", "pins"}
"""Scenario fields an employee's row is not drawn from as a whole: the employees (each row reads its own,
`row_sources`) and the pins (a row shows an assignment's own `pinned`)."""


def rows_basis(scenario: Scenario) -> tuple[Any, ...]:
    """What every employee's row is drawn from besides her own sources: the scenario but its employees."""
    return tuple(getattr(scenario, name) for name in Scenario.model_fields if name not in ROWS_IGNORE)


def row_sources(scenario: Scenario, plan: Plan) -> dict[str, tuple[Any, ...]]:
    """What each employee's row is drawn from besides `rows_basis`: her own data (the `Employee`: contract,
    absences, skills, name), her assignments (in the plan's order) and her history (the weeks before the
    month)."""
    history = plan.history if plan.history is not None else scenario.history
    earlier: dict[str, list[Any]] = {}
    for h in history.employees if history is not None else []:
        earlier.setdefault(h.employee, []).append(h)
    mine: dict[str, list[Any]] = {e.id: [] for e in scenario.employees}
    for a in plan.assignments:
        if a.employee in mine:
            mine[a.employee].append(a)
    return {e.id: (e, tuple(mine[e.id]), tuple(earlier.get(e.id, ()))) for e in scenario.employees}


def changes_between(scenario: Scenario, before: Plan, after: Plan) -> list[dict[str, Any]]:
    """The diff as rows a manager reads: who, which need, when, added or removed (names, not ids)."""
    names = {e.id: e.name for e in scenario.employees}
    members = {m.id: m.name for m in scenario.members}
    out = []
    for change in diff(scenario, before, after, None):
        need = scenario.need_by_id.get(change.need)
        member = need.member if need else ""
        out.append(
            {
                "kind": "ajout" if change.kind == "added" else "retrait",
                "employee": names.get(change.employee, change.employee),
                "need": change.need,
                "member": members.get(member, member),
                "date": change.date,
                "start": change.start,
            }
        )
    return out


@router.get("/app/mois/{month}", response_class=HTMLResponse)
def month_board(
    request: Request,
    month: MonthPath,
    session: SessionDep,
    caller: ManagerDep,
    vue: Annotated[str, Query(pattern="^(salaries|adherents)$")] = "salaries",
    membre: Annotated[str, Query(max_length=64)] = "",
    site: Annotated[str, Query(max_length=64)] = "",
    competence: Annotated[str, Query(max_length=64)] = "",
    version: int | None = None,
    comparer: int | None = None,
) -> HTMLResponse:
    rows = month_versions(session, caller, month)
    row = chosen_version(rows, version)
    previous, following = around(month)
    context: dict[str, Any] = {
        "versions": [{"id": r.id, "label": version_label(r), "status": r.status} for r in rows],
        "current": row,
        "previous_month": previous,
        "next_month": following,
        "view": vue,
        "grid": None,
        "changes": None,
        "compared": None,
    }
    if row is not None:
        scenario, plan = load_month(session, caller, row)
        context["current_label"] = version_label(row)
        filters = (membre or None, site or None, competence or None)
        key = ("board", row.id, vue, filters, revision(session, caller.group_id))
        rows_key = ("board-rows", row.id, group_identity(session, caller.group_id))
        context["grid"] = Markup(
            remembered(
                key,
                lambda: render_grid(scenario, plan, row, vue, filters, context["current_label"], rows_key),
            )
        )
        if comparer is not None:
            other = chosen_version(rows, comparer)
            assert other is not None
            context["compared"] = version_label(other)
            context["changes"] = changes_between(scenario, plan_of(session, other), plan)
    return page(request, caller, "board.html", month=month, **context)
