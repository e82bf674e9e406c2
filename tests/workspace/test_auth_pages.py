"""Signing in and out, sessions, CSRF and throttling, through HTTP as a browser does."""

from __future__ import annotations

from typing import Any

from persistence.accounts import THROTTLE_MAX, disable_user
from persistence.db import write_session
from tests.workspace.conftest import PASSWORD, USERS, Workspace, new_client, sign_in


def test_a_page_without_a_session_redirects_to_the_login_page(ws: Workspace) -> None:
    response = new_client(ws.app).get("/app/mois/2026-03")
    assert response.status_code == 303
    assert response.headers["location"] == "/app/connexion?suite=/app/mois/2026-03"


def test_signing_in_sets_an_httponly_lax_session_cookie_and_goes_to_the_role_home(ws: Workspace) -> None:
    client = new_client(ws.app)
    response = sign_in(client, USERS["member_m1"][0])
    assert response.status_code == 303
    assert response.headers["location"].startswith("/app/adherent/")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ge_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_behind_https(ws: Workspace) -> None:
    client = new_client(ws.app)
    form = client.get("/app/connexion")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/app/connexion",
        data={"email": USERS["manager"][0], "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-Proto": "https"},
    )
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ge_session="))
    assert "Secure" in cookie


def test_a_wrong_password_is_refused_in_french(ws: Workspace) -> None:
    response = sign_in(new_client(ws.app), USERS["manager"][0], "not the password")
    assert response.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect" in response.text


def test_the_login_form_without_its_token_is_refused(ws: Workspace) -> None:
    client = new_client(ws.app)
    response = client.post("/app/connexion", data={"email": USERS["manager"][0], "password": PASSWORD})
    assert response.status_code == 403
    assert "ge_session=" not in response.headers.get("set-cookie", "")


def test_repeated_failures_are_throttled_even_with_the_right_password(ws: Workspace) -> None:
    client = new_client(ws.app)
    for _ in range(THROTTLE_MAX):
        assert sign_in(client, USERS["manager"][0], "wrong password!").status_code == 401
    response = sign_in(client, USERS["manager"][0])
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text


def test_signing_out_revokes_the_session_on_the_server(ws: Workspace) -> None:
    client = ws.browser("manager")
    cookie = client.cookies.get("ge_session")
    assert ws.post("manager", "/app/deconnexion").status_code == 303
    replay = new_client(ws.app)
    replay.cookies.set("ge_session", cookie)
    assert replay.get("/app/mois/2026-03").status_code == 303  # back to the login page


def test_disabling_a_user_ends_their_sessions(ws: Workspace) -> None:
    client = ws.browser("manager")
    assert client.get("/app/mois/2026-03").status_code == 200
    with write_session(ws.world.engine) as session:
        disable_user(session, USERS["manager"][0])
    assert client.get("/app/mois/2026-03").status_code == 303


def test_a_form_post_without_the_csrf_token_is_refused(ws: Workspace) -> None:
    response = ws.browser("manager").post("/app/deconnexion", data={})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_the_json_api_accepts_the_session_with_the_csrf_header_only(ws: Workspace) -> None:
    client = ws.browser("manager")
    assert client.get("/members").status_code == 200  # reading needs no token
    body: dict[str, Any] = {"employee": "e1", "kind": "training", "start": "2026-03-20", "end": "2026-03-20"}
    assert client.post("/absences", json=body).status_code == 403
    ok = client.post("/absences", json=body, headers={"X-CSRF-Token": ws.csrf("manager")})
    assert ok.status_code == 201, ok.text


def test_api_keys_keep_working(ws: Workspace) -> None:
    assert ws.world.call("manager", "GET", "/members").status_code == 200
