"""The FastAPI application: `create_app()` wires the routers, the error handlers and the database engine.

Nothing happens at import: `ge serve` (or a test) calls `create_app(settings)` or passes an engine. The
routers of `api/routes/` are listed here; `feeds` and `jobs` belong to the jobs/feeds package and are
included when their module exists (each exposes `router`).
"""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI
from sqlalchemy import Engine

from api import docs, errors
from api.body_limit import BodyLimit
from api.errors import problem_responses
from engine import __version__
from persistence.settings import Settings, get_settings

ROUTERS = (
    "group",
    "api_keys",
    "members",
    "sites",
    "employees",
    "absences",
    "needs",
    "loans",
    "plans",
    "actuals",
    "billing",
    "accounting",
    "audit",
    "workbook",
)
OPTIONAL_ROUTERS = ("feeds", "jobs", "replans")
log = logging.getLogger("ge.api")

DESCRIPTION = """Plan and bill the shared staff of a French employer group (groupement d'employeurs).

Authenticate with an API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`. A key has a role —
manager (the whole group), member (its own needs, plan, invoices, feed), accountant (billing read and
exports), employee (own schedule) — and only ever sees its own group. Objects outside your scope answer
404. Errors are RFC 9457 problem details (`application/problem+json`). Lists are `{data, count}`.
"""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    from persistence.db import get_engine

    settings = settings or get_settings()
    app = FastAPI(
        title="ge-engine",
        version=__version__,
        description=DESCRIPTION,
        responses=problem_responses(400, 401, 413, 422, 503),  # 503: the database stayed busy (Retry-After)
        docs_url=None,  # api.docs serves /docs and /redoc from installed assets (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine if engine is not None else get_engine(settings.effective_database_url)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, fastapi_app=app)
    docs.install(app)
    # The optional routers first: the feed route is matched before the ~70 others (calendar clients
    # poll it all day long: matching every route in turn was a fifth of a 304's cost).
    for name in OPTIONAL_ROUTERS:
        try:
            module = importlib.import_module(f"api.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"api.routes.{name}":
                raise
            log.info("optional router api.routes.%s not present", name)
            continue
        app.include_router(module.router)
    for name in ROUTERS:
        module = importlib.import_module(f"api.routes.{name}")
        app.include_router(module.router)
    from api import pages

    pages.install(app)
    return app
