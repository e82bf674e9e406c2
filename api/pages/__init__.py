"""The workspace: server-rendered French pages for managers, member firms, accountants and employees.

Served by the same FastAPI application as the API (`install(app)` from api/main.py), under `/app`, with its
own static files (CSS and a little plain JavaScript, no CDN: it works on an intranet without internet).
Pages are thin like the API's routes: they authorise with the API's own dependencies (api/deps.py: a session
cookie and an API key give the same `Scope`), then call the engine and persistence — the same functions the
API routes call. Errors under `/app` are French HTML pages (`page_problem`), a missing session redirects to
the login page.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGE_MODULES = (
    "auth",
    "board",
    "solve",
    "edit",
    "publish",
    "replan",
    "data",
    "absences",
    "member",
    "employee",
    "accounting",
)
HEADINGS = {
    401: "Connexion nécessaire",
    403: "Accès refusé",
    404: "Page introuvable",
    409: "Opération refusée",
    413: "Fichier trop volumineux",
    422: "Saisie incorrecte",
    429: "Trop de tentatives",
    500: "Erreur interne",
}
MESSAGES = {
    403: "Votre rôle ne permet pas d'ouvrir cette page ou de faire cette opération.",
    404: "Cette page n'existe pas, ou ne fait pas partie de ce que vous pouvez consulter.",
    409: "L'opération a été refusée dans l'état actuel des données.",
    422: "Certaines valeurs saisies ne sont pas valides.",
    500: "Une erreur inattendue s'est produite ; elle a été consignée.",
}


def page_problem(request: Request, status: int, detail: str, errors: list[Any]) -> Response:
    """An error under /app as a French page (a missing or ended session: back to the login page)."""
    from api.pages.render import page

    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/app/connexion?suite={quote(target)}", status_code=303)
    caller = getattr(request.state, "caller", None)
    details = (
        [f"{getattr(e, 'path', '')} : {getattr(e, 'message', e)}" for e in errors] if status == 422 else []
    )
    message = MESSAGES.get(status, detail)
    if status in (403, 409, 422) and detail:
        message = f"{message} ({detail})"
    return page(
        request,
        caller,
        "error.html",
        status=status,
        heading=HEADINGS.get(status, "Erreur"),
        message=message,
        details=details,
        back=request.headers.get("referer") or "/app/",
    )


def install(app: FastAPI) -> None:
    app.state.page_problem = page_problem
    app.mount("/app/static", StaticFiles(directory=STATIC), name="workspace-static")
    for name in PAGE_MODULES:
        app.include_router(importlib.import_module(f"api.pages.{name}").router)
