"""Every page and form at HTTP level: roles, groups, members, CSRF, escaping (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

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


def test_a_name_holding_markup_is_shown_as_text(ws: Workspace) -> None:
    evil = "<script>alert('x')</script>"
    body = {
        "id": "e9",
        "name": evil,
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
    ):
        text = ws.browser("manager").get(path).text
        assert evil not in text, path
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text, path


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
