"""The group's data as the French workbook: download it, upload a filled one (preview, then apply).

Only a manager: the workbook holds wages and the whole group. The upload's body is the file itself (an
.xlsx workbook, or a zip of CSV files). The preview says, per sheet, what would be added, changed and
removed and every problem by cell, and gives a token naming this file against the group's current data;
apply does it in one transaction, updating rows by id (`persistence.scenario_sync`), with one audit event.
Nothing is removed without the preview's token or `confirm_removals=true`; a member, site or employee still
named by a plan, timesheet or invoice is never removed. See docs/workbook.md.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from api.body_limit import body_limit
from api.deps import ManagerDep, SessionDep, WriteSessionDep
from api.errors import Conflict, Invalid, problem_responses
from engine.model import Scenario
from engine.workbook import ImportResult, export_bytes, read_workbook
from engine.workbook.diff import diff_scenarios
from persistence.audit import record
from persistence.scenario_io import export_scenario
from persistence.scenario_sync import Removal, removals, sync_group
from persistence.store import GroupStore

router = APIRouter(prefix="/group/workbook", tags=["workbook"], responses=problem_responses(401, 403))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ENTITY_FR = {
    "member": "l'adhérent",
    "site": "le site",
    "employee": "le salarié",
    "need": "le besoin",
    "secondment": "le prêt",
    "agreement": "la convention",
    "pricing_profile": "le profil tarifaire",
}


class CellIssue(BaseModel):
    cell: str = Field(description="where: `Contrats!C7`, `Contrats, ligne 7` or `feuille Contrats`")
    field: str = Field("", description="the column's French header")
    message: str
    severity: str


class SheetPreview(BaseModel):
    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    errors: list[CellIssue] = Field(default_factory=list)


class WorkbookPreview(BaseModel):
    valid: bool = Field(description="no error: apply would succeed")
    token: str | None = Field(None, description="give it to apply to confirm the removals shown")
    sheets: dict[str, SheetPreview]
    errors: list[CellIssue] = Field(default_factory=list, description="every error, by cell")
    warnings: list[CellIssue] = Field(default_factory=list)
    removals_blocked: list[str] = Field(default_factory=list)


class WorkbookApplied(BaseModel):
    sheets: dict[str, SheetPreview]
    warnings: list[CellIssue] = Field(default_factory=list)


def _issue(problem: Any) -> CellIssue:
    cell = problem.cell
    return CellIssue(
        cell=str(cell) if cell is not None else problem.path,
        field=(cell.header or "") if cell is not None else "",
        message=problem.message,
        severity=problem.severity.value,
    )


def _token(body: bytes, current: Scenario | None) -> str:
    state = json.dumps(current.model_dump(mode="json") if current else None, sort_keys=True)
    return hashlib.sha256(body + b"\0" + state.encode("utf-8")).hexdigest()[:32]


def _read(body: bytes, geocode: bool) -> ImportResult:
    geocoder = None
    if geocode:
        from engine.ban import BanClient
        from engine.workbook.geocode import geocoder as make_geocoder

        geocoder = make_geocoder(BanClient().search_csv)
    return read_workbook(body, name="classeur", geocoder=geocoder)


def preview_upload(
    session: Any, caller: Any, body: bytes, geocode: bool
) -> tuple[WorkbookPreview, Scenario | None, list[Removal]]:
    if not body:
        raise Invalid("send the workbook (.xlsx, or a zip of CSV files) as the request body")
    if len(body) > MAX_UPLOAD_BYTES:
        raise Invalid(f"the workbook is larger than {MAX_UPLOAD_BYTES // 2**20} MiB")
    result = _read(body, geocode)
    current = export_scenario(session, caller.group_id)
    errors = [_issue(p) for p in result.errors]
    warnings = [_issue(p) for p in result.warnings]
    scenario = result.scenario
    group_key = GroupStore(session, caller).group().key
    if scenario is not None and scenario.group.id != group_key:
        cell = result.locate("group.id")
        errors.append(
            CellIssue(
                cell=str(cell) if cell else "Groupement",
                field="Identifiant du groupement",
                message=f"ce classeur est celui du groupement « {scenario.group.id} », pas de « {group_key} »",
                severity="error",
            )
        )
        scenario = None
    sheets: dict[str, SheetPreview] = {}
    gone: list[Removal] = []
    blocked: list[str] = []
    if scenario is not None:
        for name, changes in diff_scenarios(current, scenario).items():
            sheets[name] = SheetPreview(added=changes.added, changed=changes.changed, removed=changes.removed)
        gone = removals(session, caller.group_id, scenario)
        for removal in gone:
            if removal.blocked_by:
                blocked.append(
                    f"impossible de retirer {ENTITY_FR[removal.entity]} « {removal.key} » : il figure dans "
                    f"{removal.blocked_by} ; gardez sa ligne (une date de fin, de sortie) au lieu de la supprimer"
                )
    for issue in errors:
        sheet = issue.cell.split("!")[0].split(",")[0].removeprefix("feuille ").strip()
        sheets.setdefault(sheet, SheetPreview()).errors.append(issue)
    valid = scenario is not None and not errors and not blocked
    preview = WorkbookPreview(
        valid=valid,
        token=_token(body, current) if valid else None,
        sheets=sheets,
        errors=errors,
        warnings=warnings,
        removals_blocked=blocked,
    )
    return preview, scenario if valid else None, gone


@router.get(
    "",
    summary="The group's data as the French workbook (.xlsx)",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the workbook"}},
)
def download_workbook(session: SessionDep, caller: ManagerDep) -> Response:
    scenario = export_scenario(session, caller.group_id)
    return Response(
        export_bytes(scenario),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{scenario.group.id}.xlsx"'},
    )


@router.post(
    "/preview",
    response_model=WorkbookPreview,
    summary="What a workbook would change, per sheet, and its problems by cell (writes nothing)",
    responses=problem_responses(422),
    **body_limit(MAX_UPLOAD_BYTES),
)
async def preview_workbook(
    request: Request,
    session: SessionDep,
    caller: ManagerDep,
    geocode: Annotated[bool, Query(description="fill missing coordinates from the addresses (BAN)")] = False,
) -> Any:
    preview, _, _ = preview_upload(session, caller, await request.body(), geocode)
    return preview


@router.post(
    "/apply",
    response_model=WorkbookApplied,
    summary="Apply a workbook to the group in one transaction (updates by id)",
    responses=problem_responses(409, 422),
    **body_limit(MAX_UPLOAD_BYTES),
)
async def apply_workbook(
    request: Request,
    session: WriteSessionDep,
    caller: ManagerDep,
    token: Annotated[
        str | None, Query(description="the preview's token: confirms the removals it showed")
    ] = None,
    confirm_removals: Annotated[bool, Query(description="remove what the workbook no longer has")] = False,
    geocode: Annotated[bool, Query(description="fill missing coordinates from the addresses (BAN)")] = False,
) -> Any:
    return apply_upload(session, caller, await request.body(), token, confirm_removals, geocode)


def apply_upload(
    session: Any, caller: Any, body: bytes, token: str | None, confirm_removals: bool, geocode: bool = False
) -> WorkbookApplied:
    """Apply an uploaded workbook (the route's body; the workspace's « Données » page calls it too)."""
    preview, scenario, gone = preview_upload(session, caller, body, geocode)
    if scenario is None:
        detail = "; ".join(f"{i.cell} : {i.message}" for i in preview.errors[:20]) or "; ".join(
            preview.removals_blocked
        )
        if preview.removals_blocked and not preview.errors:
            raise Conflict(detail)
        raise Invalid(f"the workbook has {len(preview.errors)} error(s): {detail}")
    if gone and not confirm_removals and token != preview.token:
        listed = ", ".join(f"{r.entity} {r.key}" for r in gone[:50])
        raise Conflict(
            f"the workbook would remove {len(gone)} row(s) ({listed}); preview it and apply with its token, "
            "or with confirm_removals=true"
        )
    sync_group(session, caller.group_id, scenario)
    summary = {
        name: {"added": len(s.added), "changed": len(s.changed), "removed": len(s.removed)}
        for name, s in preview.sheets.items()
        if s.added or s.changed or s.removed
    }
    record(
        session, caller.group_id, caller.actor, "workbook.imported", "group", scenario.group.id, after=summary
    )
    return WorkbookApplied(sheets=preview.sheets, warnings=preview.warnings)
