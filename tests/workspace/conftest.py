"""The API world of tests/api (two groups, foreign objects, a draft plan) with a signed-in browser per role.

`ws.browser(who)` is a TestClient holding that user's session cookie; `ws.csrf(who)` its CSRF token (read
from a page's form, as a browser would). Users: manager, member_m1, member_m2, accountant, employee_e1 (group
1) and manager_g2 (group 2).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from persistence.accounts import create_user
from persistence.db import write_session
from tests.api.conftest import World, world  # noqa: F401 (the fixture is reused)

PASSWORD = "correct horse battery"
USERS = {
    "manager": ("gestion@ge.test", "ge-mini", "manager", None, None),
    "member_m1": ("m1@adherent.test", "ge-mini", "member", "m1", None),
    "member_m2": ("m2@adherent.test", "ge-mini", "member", "m2", None),
    "accountant": ("compta@ge.test", "ge-mini", "accountant", None, None),
    "employee_e1": ("e1@salarie.test", "ge-mini", "employee", None, "e1"),
    "manager_g2": ("gestion@autre.test", "ge-autre", "manager", None, None),
}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def new_client(app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


def sign_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    form = client.get("/app/connexion")
    token = CSRF_RE.search(form.text).group(1)  # type: ignore[union-attr]
    return client.post("/app/connexion", data={"email": email, "password": password, "csrf_token": token})


@dataclass
class Workspace:
    world: World
    clients: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def app(self) -> Any:
        return self.world.app

    def browser(self, who: str) -> Any:
        if who not in self.clients:
            client = new_client(self.app)
            response = sign_in(client, USERS[who][0])
            assert response.status_code == 303, response.text
            self.clients[who] = client
        return self.clients[who]

    def csrf(self, who: str) -> str:
        if who not in self.tokens:
            home = self.browser(who).get("/app/", follow_redirects=True)
            self.tokens[who] = CSRF_RE.search(home.text).group(1)  # type: ignore[union-attr]
        return self.tokens[who]

    def post(self, who: str, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """A form post with the user's CSRF token, as the page's form sends it."""
        return self.browser(who).post(path, data={"csrf_token": self.csrf(who), **(data or {})}, **kwargs)


@pytest.fixture
def pools() -> Iterator[None]:
    """Stops the local solve pools a test started (a job left running would outlive it)."""
    yield
    from jobs.service import stop_pools

    stop_pools(terminate=True)


@pytest.fixture
def ws(world: World) -> Workspace:  # noqa: F811
    with write_session(world.engine) as session:
        for email, group, role, member, employee in USERS.values():
            create_user(session, group, email, PASSWORD, role, member_key=member, employee_key=employee)
    return Workspace(world)
