"""An API on each backend with two groups, keys for every role, and "foreign" objects to hide.

Group 1 is the minimal scenario plus a third member `zz-foreign` (site, need, an employee lent by m2 to
it, an absence) and a draft plan. Member m1, employee e1 and group 2's manager must never see those.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import select

from persistence.credentials import create_api_key
from persistence.db import write_session
from persistence.plans import save_draft
from persistence.scenario_io import import_scenario
from persistence.settings import Settings
from persistence.tables import BillingRunRow, EmployeeRow, InvoiceRow, MemberRow
from tests.persistence.factories import minimal, other_group, small_plan

FOREIGN_NAME = "Société Étrangère"
ADDRESS = {"street": "9 rue Z", "postcode": "69003", "city": "Lyon"}


@dataclass
class World:
    client: Any
    app: Any
    engine: Any
    keys: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.request(method, path, headers=self.headers(who), **kwargs)


def _client(app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def world(db_engine: Any) -> World:
    from api.main import create_app

    with write_session(db_engine) as session:
        g1 = import_scenario(session, minimal())
        g2 = import_scenario(session, other_group())
        gid = g1.id

        def key_for(group_id: int, role: str, table: Any = None, key: str | None = None) -> str:
            ref = None
            if table is not None:
                ref = session.exec(select(table).where(table.group_id == group_id, table.key == key)).one().id
            _, plain = create_api_key(
                session,
                group_id,
                role,
                member_id=ref if role == "member" else None,
                employee_id=ref if role == "employee" else None,
            )
            return plain

        keys = {
            "manager": key_for(gid, "manager"),
            "member_m1": key_for(gid, "member", MemberRow, "m1"),
            "member_m2": key_for(gid, "member", MemberRow, "m2"),
            "accountant": key_for(gid, "accountant"),
            "employee_e1": key_for(gid, "employee", EmployeeRow, "e1"),
            "manager_g2": key_for(g2.id, "manager"),
        }
    app = create_app(Settings(), engine=db_engine)
    w = World(client=_client(app), app=app, engine=db_engine, keys=keys)
    _add_foreign_objects(w)
    with write_session(db_engine) as session:
        w.ids["draft_plan"] = save_draft(session, gid, small_plan(), source="test").id
        foreign = session.exec(select(MemberRow).where(MemberRow.key == "zz-foreign")).one()
        run = BillingRunRow(group_id=gid, month="2026-03")
        session.add(run)
        session.flush()
        invoice = InvoiceRow(
            group_id=gid,
            billing_run_id=run.id,
            member_id=foreign.id,
            month="2026-03",
            series="F",
            total_excl_vat_cents=100,
            vat_cents=20,
            total_incl_vat_cents=120,
        )
        session.add(invoice)
        session.flush()
        w.ids["billing_run"], w.ids["invoice"] = run.id, invoice.id
    return w


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _add_foreign_objects(w: World) -> None:
    member = {
        "id": "zz-foreign",
        "name": FOREIGN_NAME,
        "siren": "333333334",
        "address": ADDRESS,
        "joined_on": "2022-01-01",
        "created_on": "2000-01-01",
        "headcount": 8000,
    }
    _ok(w.call("manager", "POST", "/members", json=member))
    site = {
        "id": "zz-site",
        "member": "zz-foreign",
        "name": "Dépôt",
        "address": ADDRESS,
        "location": {"lat": 45.7, "lon": 4.9},
    }
    _ok(w.call("manager", "POST", "/sites", json=site))
    need = {
        "id": "zz-need",
        "member": "zz-foreign",
        "site": "zz-site",
        "skill": "comptabilite",
        "start": "09:00",
        "end": "12:00",
        "dates": ["2026-03-10"],
    }
    _ok(w.call("manager", "POST", "/needs", json=need))
    employee = {
        "id": "zz-emp",
        "name": "Zoé Zeller",
        "employer": "m2",
        "contract": {"kind": "cdi_full_time", "start": "2020-01-01", "weekly_hours": 35},
        "hourly_wage": "20.00",
        "skills": ["direction"],
        "home": {"lat": 45.7, "lon": 4.8},
    }
    _ok(w.call("manager", "POST", "/employees", json=employee))
    loan = {
        "id": "zz-loan",
        "lender": "m2",
        "host": "zz-foreign",
        "employee": "zz-emp",
        "site": "zz-site",
        "start": "2026-03-01",
        "end": "2026-06-30",
        "weekdays": ["wed"],
    }
    _ok(w.call("manager", "POST", "/loans", json=loan))
    absence = _ok(
        w.call(
            "manager",
            "POST",
            "/absences",
            json={"employee": "zz-emp", "kind": "training", "start": "2026-03-20", "end": "2026-03-20"},
        )
    )
    w.ids["absence"] = absence["id"]
    keys = _ok(w.call("manager", "GET", "/api-keys"))["data"]
    w.ids["api_key"] = keys[0]["id"]
