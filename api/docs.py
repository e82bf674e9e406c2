"""`/docs` (Swagger UI) and `/redoc` served from installed files: both work without internet.

Why: FastAPI's default pages load their JavaScript and CSS from a CDN, so on a GE's internal network (or a
laptop on a train) `/docs` was a blank page. The assets come from the `fastapi-offline` package (Swagger UI
and ReDoc bundles, kept current by its maintainer) and are served under `/docs-assets`; FastAPI's own page
builders point at them. Swagger UI's validator badge (an image from an outside service) is turned off, and
ReDoc is told not to load Google Fonts: the pages name no outside host.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs-assets"
SWAGGER_PARAMETERS = {"validatorUrl": None, "persistAuthorization": True}


def assets_directory() -> str:
    return str(files("fastapi_offline") / "static")


def install(app: FastAPI) -> None:
    """Mount the assets and add `/docs`, its OAuth2 redirect page and `/redoc` (none in the schema).

    The app must be created with `docs_url=None, redoc_url=None` so that FastAPI's CDN pages are off."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_directory()), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} — API",
            oauth2_redirect_url=f"{root}{redirect_url}",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} — API",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
