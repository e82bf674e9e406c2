"""Every page and form at HTTP level: roles, groups, members, CSRF, escaping (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.workspace.conftest import Workspace

MONTH = "2026-03"


def pages(ws: Workspace) -> dict[str, list[str]]:
    """GET pages by the roles allowed on them."""
    plan = ws.world.ids["draft_plan"]
    return {
        "manager": [
            f"/app/mois/{MONTH}",
            f"/app/plans/{plan}/occurrence?occurrence=n1@2026-03-02&salarie=e1",
            f"/app/plans/{plan}/qui?occurrence=n1@2026-03-05",
            f"/app/plans/{plan}/publier",
            f"/app/plans/{plan}/changements",
            f"/app/mois/{MONTH}/absence",
            "/app/donnees",
            f"/app/donnees/absences/calendrier?salarie=e1&mois={MONTH}",
        ],
        "member_m1": [f"/app/adherent/{MONTH}"],
        "employee_e1": [f"/app/salarie/{MONTH}"],
        "accountant": [f"/app/facturation/{MONTH}"],
    }


# every form that changes something, with a body good enough to pass validation
def forms(ws: Workspace) -> list[tuple[str, str, dict[str, str]]]:
    plan = ws.world.ids["draft_plan"]
    return [
        ("manager", f"/app/mois/{MONTH}/resoudre", {"time_limit": "5"}),
        (
            "manager",
            f"/app/plans/{plan}/modifier",
            {"action": "unassign", "occurrence": "n1@2026-03-02", "salarie": "e1"},
        ),
        ("manager", f"/app/plans/{plan}/publier", {}),
        ("manager", f"/app/plans/{plan}/ecarter", {}),
        (
            "manager",
            f"/app/mois/{MONTH}/absence",
            {"salarie": "e1", "debut": "2026-03-05", "fin": "2026-03-05"},
        ),
        ("manager", "/app/donnees/salaries/e1", {"heures_hebdo": "20"}),
        ("manager", "/app/donnees/besoins/n1", {"debut": "08:00", "fin": "12:00", "effectif": "1"}),
        (
            "manager",
            "/app/donnees/absences",
            {"salarie": "e1", "nature": "training", "debut": "2026-03-20", "fin": "2026-03-20"},
        ),
        (
            "manager",
            "/app/donnees/absences/calendrier",
            {"salarie": "e1", "mois": MONTH, "jour": "2026-03-20"},
        ),
        ("manager", f"/app/donnees/absences/{ws.world.ids['absence']}/supprimer", {}),
        ("member_m1", f"/app/adherent/{MONTH}/confirmer", {}),
        ("member_m1", f"/app/adherent/{MONTH}/corriger", {}),
        ("member_m1", f"/app/adherent/{MONTH}/calendrier", {}),
        ("employee_e1", f"/app/salarie/{MONTH}/calendrier", {}),
        ("accountant", f"/app/facturation/{MONTH}/calculer", {}),
        ("accountant", f"/app/facturation/{MONTH}/emettre", {"run_id": "1", "date_emission": "2026-04-01"}),
        (
            "accountant",
            f"/app/facturation/{MONTH}/avoir",
            {"invoice_id": "1", "motif": "erreur", "date_emission": "2026-04-02"},
        ),
        ("manager", "/app/deconnexion", {}),
    ]


def test_each_page_opens_for_its_role(ws: Workspace) -> None:
    for who, paths in pages(ws).items():
        for path in paths:
            response = ws.browser(who).get(path)
            assert response.status_code == 200, (who, path, response.text[-500:])
            assert '<html lang="fr">' in response.text


def test_each_page_is_refused_to_the_roles_it_does_not_belong_to(ws: Workspace) -> None:
    for owner, paths in pages(ws).items():
        for who in ("manager", "member_m1", "employee_e1", "accountant"):
            if who == owner or (owner == "accountant" and who == "manager"):
                continue  # the manager also reads the billing page
            for path in paths:
                response = ws.browser(who).get(path)
                assert response.status_code == 403, (who, path)
                assert "Accès refusé" in response.text


def test_each_form_without_its_csrf_token_is_refused_and_changes_nothing(ws: Workspace) -> None:
    for who, path, body in forms(ws):
        response = ws.browser(who).post(path, data=body)
        assert response.status_code == 403, (who, path, response.status_code)
        assert "CSRF" in response.text
    # nothing was changed: the draft plan still holds e1 on n1 the 2nd
    board = ws.browser("manager").get(f"/app/mois/{MONTH}")
    assert "Alice Bernard" in board.text and "version 1" in board.text


def test_each_form_is_refused_to_a_role_that_does_not_own_it(ws: Workspace) -> None:
    for owner, path, body in forms(ws):
        for who in ("member_m2", "employee_e1", "accountant", "manager"):
            same_role = who.split("_")[0] == owner.split("_")[0]
            if same_role or path.endswith("deconnexion") or (owner == "accountant" and who == "manager"):
                continue
            response = ws.post(who, path, body)
            assert response.status_code == 403, (who, path, response.status_code)


def test_another_groups_manager_finds_neither_the_plan_nor_its_month(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    outsider = ws.browser("manager_g2")
    for path in (
        f"/app/plans/{plan}/publier",
        f"/app/plans/{plan}/qui?occurrence=n1@2026-03-05",
        f"/app/plans/{plan}/occurrence?occurrence=n1@2026-03-02",
        f"/app/plans/{plan}/changements",
    ):
        assert outsider.get(path).status_code == 404, path
    assert "Aucun plan pour ce mois" in outsider.get(f"/app/mois/{MONTH}").text
    edit = ws.post(
        "manager_g2",
        f"/app/plans/{plan}/modifier",
        {"action": "unassign", "occurrence": "n1@2026-03-02", "salarie": "e1"},
    )
    assert edit.status_code == 404
    assert ws.post("manager_g2", f"/app/plans/{plan}/publier").status_code == 404


def test_another_groups_manager_finds_none_of_this_groups_objects_on_any_page(ws: Workspace) -> None:
    """Every id a page or form takes, tried from group 2 (whose own keys e1, n1… exist too): 404, and
    nothing of group 1 changes."""
    from jobs import service
    from persistence.tables import GroupRow

    plan, absence = ws.world.ids["draft_plan"], ws.world.ids["absence"]
    with Session(ws.world.engine) as session:
        group_id = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
    job = service.submit_solve(
        ws.world.engine, group_id, MONTH, service.SolveRequest(time_limit=5), "test", dispatch=False
    )
    outsider = ws.browser("manager_g2")
    for path in (
        f"/app/mois/{MONTH}?version={plan}",
        f"/app/travaux/{job.id}",
        f"/app/donnees/absences/calendrier?salarie=zz-emp&mois={MONTH}",
    ):
        assert outsider.get(path).status_code == 404, path
    for path, body in (
        (f"/app/travaux/{job.id}/annuler", {}),
        (f"/app/plans/{plan}/ecarter", {}),
        (f"/app/donnees/absences/{absence}/supprimer", {}),
        ("/app/donnees/absences/calendrier", {"salarie": "zz-emp", "mois": MONTH, "jour": "2026-03-20"}),
        ("/app/donnees/salaries/zz-emp", {"heures_hebdo": "20"}),
        ("/app/donnees/besoins/zz-need", {"debut": "08:00", "fin": "12:00", "effectif": "1"}),
        (
            f"/app/facturation/{MONTH}/emettre",
            {"run_id": str(ws.world.ids["billing_run"]), "date_emission": "2026-04-01"},
        ),
        (
            f"/app/facturation/{MONTH}/avoir",
            {"invoice_id": str(ws.world.ids["invoice"]), "motif": "erreur", "date_emission": "2026-04-02"},
        ),
    ):
        response = ws.post("manager_g2", path, body)
        assert response.status_code == 404, (path, response.status_code)
        assert "Page introuvable" in response.text, path
    assert ws.world.call("manager", "GET", f"/absences/{absence}").status_code == 200
    assert ws.world.call("manager", "GET", f"/plans/{plan}").json()["status"] == "draft"
    assert service.get_job(ws.world.engine, group_id, job.id).status == "queued"  # type: ignore[union-attr]
    hours = ws.world.call("manager", "GET", "/employees/zz-emp").json()["contract"]["weekly_hours"]
    assert float(hours) == 35


def test_a_member_never_reaches_another_members_invoice_or_hours(ws: Workspace) -> None:
    invoice = ws.world.ids["invoice"]  # zz-foreign's
    assert ws.browser("member_m1").get(f"/invoices/{invoice}/pdf").status_code == 404
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    # the correction form names lines by their place in the member's own list: m1 has one line only
    response = ws.post("member_m1", f"/app/adherent/{MONTH}/corriger", {"debut_1": "08:00", "fin_1": "12:00"})
    assert response.status_code == 303
    lines = ws.world.call("manager", "GET", "/actuals", params={"month": MONTH}).json()["data"]
    assert {line["member"] for line in lines} <= {"m1"}


def test_another_groups_manager_does_not_see_this_groups_people(ws: Workspace) -> None:
    text = ws.browser("manager_g2").get("/app/donnees").text
    assert "Zoé Zeller" not in text and "Société Étrangère" not in text


def test_a_member_sees_only_its_own_sites_and_invoices(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    assert ws.world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    m1 = ws.browser("member_m1").get(f"/app/adherent/{MONTH}").text
    assert "Atelier" in m1 and "Garage" not in m1 and "Bruno Petit" not in m1
    m2 = ws.browser("member_m2").get(f"/app/adherent/{MONTH}").text
    assert "Bruno Petit" in m2 and "Atelier" not in m2


EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


def test_a_name_holding_markup_is_shown_as_text(ws: Workspace) -> None:
    body = {
        "id": "e9",
        "name": EVIL,
        "contract": {"kind": "cdi_full_time", "start": "2020-01-01", "weekly_hours": 35},
        "hourly_wage": "15.00",
        "skills": ["comptabilite"],
        "home": {"lat": 45.7, "lon": 4.8},
    }
    assert ws.world.call("manager", "POST", "/employees", json=body).status_code == 201
    for path in (
        f"/app/mois/{MONTH}",
        "/app/donnees",
        f"/app/plans/{ws.world.ids['draft_plan']}/qui?occurrence=n1@2026-03-05",
        f"/app/donnees/absences/calendrier?salarie=e9&mois={MONTH}",
        f"/app/mois/{MONTH}/absence",
    ):
        text = ws.browser("manager").get(path).text
        assert EVIL not in text, path
        assert ESCAPED in text, path


def test_markup_in_the_names_every_role_reads_is_shown_as_text(ws: Workspace) -> None:
    """An employee and a member named with markup, on the pages of the four roles."""
    for path in ("/employees/e1", "/members/m1"):
        assert ws.world.call("manager", "PATCH", path, json={"name": EVIL}).status_code == 200
    plan = ws.world.ids["draft_plan"]
    manager_pages = (
        f"/app/plans/{plan}/occurrence?occurrence=n1@2026-03-02&salarie=e1",
        f"/app/plans/{plan}/publier",
        f"/app/plans/{plan}/qui?occurrence=n1@2026-03-02&salarie=e1",
    )
    for path in manager_pages:
        text = ws.browser("manager").get(path).text
        assert EVIL not in text and ESCAPED in text, path
    assert ws.world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    assert ws.post("accountant", f"/app/facturation/{MONTH}/calculer").status_code == 303
    for who, path in (
        ("member_m1", f"/app/adherent/{MONTH}"),
        ("employee_e1", f"/app/salarie/{MONTH}"),
        ("accountant", f"/app/facturation/{MONTH}"),
        ("manager", f"/app/plans/{plan}/publier"),
    ):
        text = ws.browser(who).get(path).text
        assert EVIL not in text and ESCAPED in text, (who, path)


def test_pages_forbid_inline_scripts_and_framing(ws: Workspace) -> None:
    headers = ws.browser("manager").get(f"/app/mois/{MONTH}").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("asset", ["workspace.css", "workspace.js"])
def test_assets_are_served_by_the_app(ws: Workspace, asset: str) -> None:
    assert ws.browser("manager").get(f"/app/static/{asset}").status_code == 200


def test_the_board_shows_a_change_made_through_the_api_at_once(ws: Workspace) -> None:
    board = ws.browser("manager")
    assert "Alice Bernard" in board.get(f"/app/mois/{MONTH}").text  # rendered once, kept for reuse
    assert (
        ws.world.call("manager", "PATCH", "/employees/e1", json={"name": "Alice Renommée"}).status_code == 200
    )
    text = board.get(f"/app/mois/{MONTH}").text
    assert "Alice Renommée" in text and "Alice Bernard" not in text
