"""Signing in and out: e-mail and password, a server-side session in an HttpOnly cookie.

The login form is itself protected from cross-site posting (login CSRF) by a double-submit token: a random
value in a short-lived SameSite=Strict cookie that the form must echo. A successful login opens a session
(persistence.accounts) and redirects to the page asked for (only a path of the workspace) or to the role's
home page; too many failures answer 429 without checking the password.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import SESSION_COOKIE, CallerDep, get_engine_from
from api.pages.months import current_month
from api.pages.render import page
from persistence.accounts import (
    SESSION_LIFETIME,
    Throttled,
    authenticate,
    csrf_matches,
    open_session,
    revoke_session,
    scope_of_user,
)
from persistence.db import write_session
from persistence.scope import Scope

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "ge_login_csrf"


def home_of(caller: Scope) -> str:
    month = current_month()
    return {
        "manager": f"/app/mois/{month}",
        "member": f"/app/adherent/{month}",
        "accountant": f"/app/facturation/{month}",
        "employee": f"/app/salarie/{month}",
    }[caller.role]


def secure_request(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, or through a proxy that says so)."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


def _safe_next(path: str) -> str | None:
    return path if path.startswith("/app/") and not path.startswith("//") and "\\" not in path else None


def _login_page(
    request: Request, *, error: str = "", email: str = "", next_path: str = "", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        None,
        "login.html",
        status=status,
        error=error,
        email=email,
        next_path=next_path,
        login_csrf=token,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=secure_request(request),
        path="/app/connexion",
    )
    return response


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/app/", status_code=303)


@router.get("/app/")
def home(caller: CallerDep) -> RedirectResponse:
    return RedirectResponse(home_of(caller), status_code=303)


@router.get("/app/connexion")
def login_form(request: Request, suite: str = "") -> Response:
    return _login_page(request, next_path=_safe_next(suite) or "")


@router.post("/app/connexion")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    suite: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    next_path = _safe_next(suite) or ""
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token):
        return _login_page(
            request,
            error="Le formulaire a expiré : saisissez à nouveau vos identifiants.",
            email=email,
            next_path=next_path,
            status=403,
        )
    client = request.client.host if request.client else "?"
    try:
        with write_session(get_engine_from(request), immediate=True) as session:
            user = authenticate(session, email, password, client)
            token = None
            if user is not None:
                _, token = open_session(session, user)
                caller = scope_of_user(user)
    except Throttled:
        return _login_page(
            request,
            error="Trop de tentatives de connexion : réessayez dans un quart d'heure.",
            email=email,
            next_path=next_path,
            status=429,
        )
    if token is None:
        return _login_page(
            request,
            error="Adresse e-mail ou mot de passe incorrect.",
            email=email,
            next_path=next_path,
            status=401,
        )
    response = RedirectResponse(next_path or home_of(caller), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_request(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/app/connexion")
    return response


@router.post("/app/deconnexion")
def logout(request: Request, caller: CallerDep) -> RedirectResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with write_session(get_engine_from(request)) as session:
            revoke_session(session, token)
    response = RedirectResponse("/app/connexion", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
