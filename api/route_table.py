"""The service's operations by path, read from its OpenAPI document: what the middleware needs to know
about a request before (or without) routing it — which methods its path takes (a 405's `Allow`) and
the body limit its operation declared (`api.body_limit`). Built once, on first use."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI


class RouteTable:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._paths: list[tuple[re.Pattern[str], dict[str, dict[str, Any]]]] | None = None

    def paths(self) -> list[tuple[re.Pattern[str], dict[str, dict[str, Any]]]]:
        if self._paths is None:
            paths = []
            for template, operations in self.app.openapi().get("paths", {}).items():
                pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
                methods = {m.upper(): op for m, op in operations.items() if isinstance(op, dict)}
                paths.append((pattern, methods))
            self._paths = paths
        return self._paths

    def operations(self, path: str) -> dict[str, dict[str, Any]]:
        """Every operation whose path template matches `path`, by method."""
        found: dict[str, dict[str, Any]] = {}
        for pattern, methods in self.paths():
            if pattern.match(path):
                for method, operation in methods.items():
                    found.setdefault(method, operation)
        return found

    def allowed(self, path: str) -> list[str]:
        """The methods `path` takes, as an `Allow` header lists them (HEAD only where a route declares it:
        FastAPI does not answer HEAD for a GET route)."""
        return sorted(self.operations(path))

    def invalidate(self) -> None:
        """After routes are added (tests)."""
        self._paths = None


def route_table(app: FastAPI) -> RouteTable:
    table: RouteTable | None = getattr(app.state, "route_table", None)
    if table is None:
        table = app.state.route_table = RouteTable(app)
    return table
