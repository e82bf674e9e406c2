"""The manager's month through the pages' forms (HTTP): edits, publishing, re-plan form, data, solve."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlmodel import Session, select

from persistence.tables import GroupRow
from tests.jobs.conftest import ROOT, wait_for
from tests.workspace.conftest import Workspace

MONTH = "2026-03"


def holders(ws: Workspace, plan: int, occurrence: str) -> set[str]:
    rows = ws.world.call("manager", "GET", f"/plans/{plan}/assignments", params={"limit": 500}).json()["data"]
    need, day = occurrence.split("@")
    return {a["employee"] for a in rows if a["need"] == need and a["date"] == day}


def test_an_edit_breaking_a_rule_is_refused_with_its_article_and_changes_nothing(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    # e1 lacks the skill "maintenance" of n3
    response = ws.post(
        "manager",
        f"/app/plans/{plan}/modifier",
        {"action": "assign", "occurrence": "n3@2026-03-03", "vers": "e1"},
    )
    assert response.status_code == 409
    assert "Modification refusée" in response.text and "(L1253-9)" in response.text
    assert "Impossible d'affecter Alice Bernard au poste de Garage Durand" in unescape(response.text)
    assert holders(ws, plan, "n3@2026-03-03") == {"e2"}


def test_a_legal_move_of_a_draft_is_stored_in_place(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    response = ws.post(
        "manager",
        f"/app/plans/{plan}/modifier",
        {"action": "move", "occurrence": "n1@2026-03-02", "salarie": "e1", "vers": "e2"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/app/mois/{MONTH}?version={plan}&modifie=1"
    assert holders(ws, plan, "n1@2026-03-02") == {"e2"}


def test_editing_a_published_plan_makes_a_new_draft_and_keeps_the_published_one(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    assert ws.world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    response = ws.post(
        "manager",
        f"/app/plans/{plan}/modifier",
        {"action": "unassign", "occurrence": "n1@2026-03-02", "salarie": "e1"},
    )
    new = int(re.search(r"version=(\d+)", response.headers["location"]).group(1))  # type: ignore[union-attr]
    assert new != plan
    assert holders(ws, plan, "n1@2026-03-02") == {"e1"} and holders(ws, new, "n1@2026-03-02") == set()
    board = ws.browser("manager").get(f"/app/mois/{MONTH}?version={new}&comparer={plan}").text
    assert "retrait" in board and "Retiré du plan à la main" in board


def test_pinning_records_the_pin_for_later_solves(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    assert (
        ws.post(
            "manager",
            f"/app/plans/{plan}/modifier",
            {"action": "pin", "occurrence": "n1@2026-03-02", "salarie": "e1"},
        ).status_code
        == 303
    )
    rows = ws.world.call("manager", "GET", f"/plans/{plan}/assignments").json()["data"]
    assert any(a["pinned"] for a in rows if a["need"] == "n1" and a["date"] == "2026-03-02")
    with Session(ws.world.engine) as session:
        group = session.exec(select(GroupRow).where(GroupRow.key == "ge-mini")).one()
        assert [(p["employee"], p["need"], str(p["date"])) for p in group.settings["pins"]] == [
            ("e1", "n1", "2026-03-02")
        ]


def test_who_can_take_it_ranks_legal_employees_and_says_why_the_others_cannot(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    text = ws.browser("manager").get(f"/app/plans/{plan}/qui?occurrence=n2@2026-03-03").text
    legal, others = text.split("Ne peuvent pas le prendre")
    assert "Affecter Alice Bernard" in legal  # free on Tuesday afternoon
    assert ("Bruno Petit" in others and "L3121" in others) or "Bruno Petit" in legal


def test_the_publish_page_shows_each_members_changes_and_publishes_through_the_gate(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    preview = ws.browser("manager").get(f"/app/plans/{plan}/publier").text
    assert "Boulangerie Martin" in preview and "Garage Durand" in preview
    response = ws.post("manager", f"/app/plans/{plan}/publier")
    assert response.status_code == 303
    assert ws.world.call("manager", "GET", f"/plans/{plan}").json()["status"] == "published"
    again = ws.post("manager", f"/app/plans/{plan}/publier")
    assert again.status_code == 409 and "Publication refusée" in again.text


def test_a_replan_without_a_published_plan_is_refused_in_french(ws: Workspace) -> None:
    response = ws.post(
        "manager",
        f"/app/mois/{MONTH}/absence",
        {"salarie": "e1", "nature": "sickness", "debut": "2026-03-05", "fin": "2026-03-06"},
    )
    assert response.status_code == 409 and "Aucun plan publié" in response.text


def test_a_replan_form_with_a_wrong_date_names_the_field(ws: Workspace) -> None:
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    response = ws.post(
        "manager", f"/app/mois/{MONTH}/absence", {"salarie": "e1", "debut": "2026-13-05", "fin": ""}
    )
    assert response.status_code == 422 and "date de début" in response.text


def test_data_forms_change_a_contract_and_a_need_and_add_an_absence(ws: Workspace) -> None:
    assert ws.post("manager", "/app/donnees/salaries/e1", {"heures_hebdo": "28,5"}).status_code == 303
    assert ws.world.call("manager", "GET", "/employees/e1").json()["contract"]["weekly_hours"] in (
        "28.5",
        28.5,
    )
    assert (
        ws.post(
            "manager", "/app/donnees/besoins/n1", {"debut": "09:00", "fin": "12:00", "effectif": "2"}
        ).status_code
        == 303
    )
    need = ws.world.call("manager", "GET", "/needs/n1").json()
    assert need["start"].startswith("09:00") and need["headcount"] == 2
    assert (
        ws.post(
            "manager",
            "/app/donnees/absences",
            {"salarie": "e2", "nature": "training", "debut": "2026-03-20", "fin": "2026-03-21"},
        ).status_code
        == 303
    )
    assert "20 mars 2026" in ws.browser("manager").get("/app/donnees").text


def test_a_wrong_contract_value_is_refused_on_the_page_naming_the_field(ws: Workspace) -> None:
    response = ws.post("manager", "/app/donnees/salaries/e1", {"heures_hebdo": "soixante"})
    assert response.status_code == 422 and "Heures hebdomadaires d" in response.text


def test_solving_from_the_board_opens_the_job_page_which_can_cancel(
    ws: Workspace, pools: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("GE_SOLVE_FUNCTION", "tests.jobs.doubles:blocking_solve")
    response = ws.post("manager", f"/app/mois/{MONTH}/resoudre", {"time_limit": "5"})
    assert response.status_code == 303
    job = response.headers["location"]
    page = ws.browser("manager").get(job).text
    assert "Résolution de mars 2026" in page and 'data-active="1"' in page
    assert ws.post("manager", f"{job}/annuler").status_code == 303
    job_id = job.rsplit("/", 1)[1]
    wait_for(
        lambda: ws.browser("manager").get(f"/jobs/{job_id}").json()["status"] == "cancelled", "the cancel"
    )
    assert "Annulée : rien n'a été enregistré" in ws.browser("manager").get(job).text


def test_the_workbook_is_previewed_then_applied_from_the_data_page(ws: Workspace) -> None:
    import io

    from openpyxl import load_workbook

    current = ws.browser("manager").get("/group/workbook")
    assert current.status_code == 200
    book = load_workbook(io.BytesIO(current.content))
    sheet = book["Salariés"]
    header = [c.value for c in sheet[1]]
    name_col = next(i for i, h in enumerate(header) if h and str(h).startswith("Nom")) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "e1")
    sheet.cell(row, name_col).value = "Alice Importée"
    out = io.BytesIO()
    book.save(out)
    preview = ws.post("manager", "/app/donnees/classeur", files={"classeur": ("groupe.xlsx", out.getvalue())})
    assert preview.status_code == 200, preview.text[-2000:]
    assert "Changements par feuille" in preview.text and "e1" in preview.text
    token = re.search(r'name="jeton" value="([^"]+)"', preview.text).group(1)  # type: ignore[union-attr]
    content = re.search(r'name="contenu" value="([^"]+)"', preview.text).group(1)  # type: ignore[union-attr]
    applied = ws.post("manager", "/app/donnees/classeur/appliquer", {"contenu": content, "jeton": token})
    assert applied.status_code == 303
    assert ws.world.call("manager", "GET", "/employees/e1").json()["name"] == "Alice Importée"


def test_a_workbook_with_an_error_names_the_cell_and_cannot_be_applied(ws: Workspace) -> None:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(ws.browser("manager").get("/group/workbook").content))
    sheet = book["Contrats"] if "Contrats" in book.sheetnames else book["Salariés"]
    sheet.cell(2, 2).value = "pas une valeur"
    out = io.BytesIO()
    book.save(out)
    preview = ws.post("manager", "/app/donnees/classeur", files={"classeur": ("groupe.xlsx", out.getvalue())})
    assert preview.status_code == 422
    assert "Erreurs, cellule par cellule" in preview.text and "Appliquer ces changements" not in preview.text


def test_the_blank_template_downloads(ws: Workspace) -> None:
    response = ws.browser("manager").get("/app/donnees/modele.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert ws.browser("accountant").get("/app/donnees/modele.xlsx").status_code == 403


def test_a_new_need_without_its_skill_is_refused_naming_the_field(ws: Workspace) -> None:
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    response = ws.post(
        "manager",
        f"/app/mois/{MONTH}/absence",
        {
            "besoin_id": "n9",
            "besoin_site": "m1-s1",
            "besoin_date": "2026-03-24",
            "besoin_debut": "08:00",
            "besoin_fin": "12:00",
        },
    )
    assert response.status_code == 422 and "compétence du besoin" in response.text


def test_a_new_need_starts_a_replan_job(ws: Workspace, pools: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("GE_SOLVE_FUNCTION", "tests.jobs.doubles:blocking_solve")
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    response = ws.post(
        "manager",
        f"/app/mois/{MONTH}/absence",
        {
            "besoin_id": "n9",
            "besoin_site": "m1-s1",
            "besoin_competence": "comptabilite",
            "besoin_date": "2026-03-24",
            "besoin_debut": "08:00",
            "besoin_fin": "12:00",
            "aujourd_hui": "2026-03-16",
        },
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/app/travaux/")
    job = ws.browser("manager").get(f"/jobs/{response.headers['location'].rsplit('/', 1)[1]}").json()
    assert job["kind"] == "replan" and job["change"]["new_needs"][0]["id"] == "n9"
    ws.post("manager", f"{response.headers['location']}/annuler")
