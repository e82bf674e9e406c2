"""The workbook through the API: download, preview by sheet and by cell, apply by id, roles; both backends."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from engine.workbook import read_workbook
from persistence.tables import AuditEventRow, EmployeeRow, NeedRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(world) -> bytes:
    response = world.call("manager", "GET", "/group/workbook")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return response.content


def _edited(data: bytes, change) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(ws, first: str) -> int:
    return next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == first)


def _col(ws, header: str) -> str:
    return next(c.column_letter for c in ws[1] if c.value == header)


@pytest.mark.parametrize("role", ["member_m1", "accountant", "employee_e1"])
def test_only_a_manager_downloads_previews_or_applies(world, role):
    data = _download(world)
    assert world.call(role, "GET", "/group/workbook").status_code == 403
    assert world.call(role, "POST", "/group/workbook/preview", content=data).status_code == 403
    assert world.call(role, "POST", "/group/workbook/apply", content=data).status_code == 403


def test_the_download_is_the_groups_data_as_the_workbook(world):
    result = read_workbook(_download(world))
    assert result.errors == []
    assert result.scenario is not None and result.scenario.group.id == "ge-mini"


def test_previewing_the_downloaded_workbook_changes_nothing(world):
    preview = world.call("manager", "POST", "/group/workbook/preview", content=_download(world)).json()
    assert preview["valid"] is True and preview["errors"] == []
    assert all(not s["added"] and not s["changed"] and not s["removed"] for s in preview["sheets"].values())


def test_preview_lists_errors_by_cell_and_gives_no_token(world):
    def change(wb):
        ws = wb["Contrats"]
        ws[f"{_col(ws, 'Date d’embauche'.replace('’', chr(39)))}2"] = "31/02/2026"

    preview = world.call(
        "manager", "POST", "/group/workbook/preview", content=_edited(_download(world), change)
    ).json()
    assert preview["valid"] is False and preview["token"] is None
    (issue,) = preview["errors"]
    assert (
        issue["cell"] == "Contrats!C2"
        and issue["field"] == "Date d'embauche"
        and "n'existe pas" in issue["message"]
    )
    assert preview["sheets"]["Contrats"]["errors"][0]["cell"] == "Contrats!C2"


def test_apply_updates_by_id_keeping_the_row_and_logs_one_audit_event(world):
    before = _ids(world, EmployeeRow)

    def change(wb):
        ws = wb["Salariés"]
        ws[f"{_col(ws, 'Salaire horaire brut (€)')}{_row(ws, 'e1')}"] = 25.5

    data = _edited(_download(world), change)
    preview = world.call("manager", "POST", "/group/workbook/preview", content=data).json()
    assert preview["sheets"]["Salariés"]["changed"] == ["e1"]
    response = world.call("manager", "POST", "/group/workbook/apply", content=data)
    assert response.status_code == 200, response.text
    assert _ids(world, EmployeeRow) == before
    employee = world.call("manager", "GET", "/employees/e1").json()
    assert employee["hourly_wage"] in ("25.5", "25.50", 25.5)
    with Session(world.engine) as session:
        events = session.exec(select(AuditEventRow).where(AuditEventRow.action == "workbook.imported")).all()
    assert len(events) == 1 and events[0].after["Salariés"] == {"added": 0, "changed": 1, "removed": 0}


def test_a_removal_needs_the_previews_token_or_a_confirmation(world):
    def change(wb):
        ws = wb["Besoins"]
        ws.delete_rows(_row(ws, "zz-need"))

    data = _edited(_download(world), change)
    refused = world.call("manager", "POST", "/group/workbook/apply", content=data)
    assert refused.status_code == 409 and "zz-need" in refused.json()["detail"]
    assert "zz-need" in _keys(world, NeedRow)
    preview = world.call("manager", "POST", "/group/workbook/preview", content=data).json()
    assert preview["sheets"]["Besoins"]["removed"] == ["zz-need"]
    applied = world.call("manager", "POST", f"/group/workbook/apply?token={preview['token']}", content=data)
    assert applied.status_code == 200, applied.text
    assert "zz-need" not in _keys(world, NeedRow)


def test_an_employee_named_by_a_plan_cannot_be_removed(world):
    def change(wb):
        for sheet in ("Salariés", "Contrats"):
            ws = wb[sheet]
            ws.delete_rows(_row(ws, "e1"))
        for sheet in ("Absences", "Souhaits", "Historique"):
            ws = wb[sheet]
            for row in reversed(list(ws.iter_rows(min_row=2))):
                if row[0].value == "e1":
                    ws.delete_rows(row[0].row)

    data = _edited(_download(world), change)
    preview = world.call("manager", "POST", "/group/workbook/preview", content=data).json()
    assert preview["valid"] is False
    assert any(
        "le salarié « e1 »" in line and "affectation" in line for line in preview["removals_blocked"]
    ), preview
    response = world.call("manager", "POST", "/group/workbook/apply?confirm_removals=true", content=data)
    assert response.status_code in (409, 422)
    assert "e1" in _keys(world, EmployeeRow)


def test_a_workbook_of_another_group_is_refused(world):
    def change(wb):
        ws = wb["Groupement"]
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "Identifiant du groupement")
        ws[f"C{row}"] = "autre-ge"

    preview = world.call(
        "manager", "POST", "/group/workbook/preview", content=_edited(_download(world), change)
    ).json()
    assert preview["valid"] is False and "autre-ge" in preview["errors"][-1]["message"]


def _ids(world, table):
    with Session(world.engine) as session:
        return sorted(session.exec(select(table.id)).all())


def _keys(world, table):
    with Session(world.engine) as session:
        return set(session.exec(select(table.key)).all())
