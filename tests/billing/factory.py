"""Tiny scenarios and spans for billing tests, built in code so each test states what matters."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from engine.hours import WorkedSpan
from engine.loader import scenario_from_data
from engine.model import Scenario
from engine.timeutil import window, zone

TZ = zone("Europe/Paris")


def _site(site_id: str, lat: float) -> dict[str, Any]:
    return {
        "id": site_id,
        "name": f"Site {site_id}",
        "address": {"street": "1 rue du Site", "postcode": "69003", "city": "Lyon"},
        "location": {"lat": lat, "lon": 4.85},
    }


def member(member_id: str, **extra: Any) -> dict[str, Any]:
    data = {
        "id": member_id,
        "name": f"Membre {member_id.upper()}",
        "siren": extra.pop("siren", "111111118"),
        "address": {"street": f"2 rue {member_id}", "postcode": "69002", "city": "Lyon"},
        "joined_on": "2020-01-01",
        "created_on": "2010-01-01",
        "headcount": 20,
        "sites": [_site(f"{member_id}-s", 45.70 + 0.01 * len(member_id))],
    }
    data.update(extra)
    return data


def employee(employee_id: str, contract: dict[str, Any], wage: str, **extra: Any) -> dict[str, Any]:
    data = {
        "id": employee_id,
        "name": f"Salarié {employee_id.upper()}",
        "contract": contract,
        "hourly_wage": Decimal(wage),
        "skills": ["compta"],
        "home": {"lat": 45.76, "lon": 4.83},
    }
    data.update(extra)
    return data


def scenario(
    members: list[dict[str, Any]], employees: list[dict[str, Any]], *, checked: bool = True, **extra: Any
) -> Scenario:
    """A scenario through the loader's checks (`checked`), or the schema alone (to test billing's own guards)."""
    group = {
        "id": "ge",
        "name": "GE Test",
        "siren": "123456782",
        "vat_number": "FR11123456782",
        "address": {"street": "1 place Bellecour", "postcode": "69002", "city": "Lyon"},
    }
    group.update(copy.deepcopy(extra.pop("group", {})))
    data = {"name": "test", "group": group, "members": members, "employees": employees, "needs": []}
    data.update(extra)
    return scenario_from_data(data) if checked else Scenario.model_validate(data)


def span(
    emp: str,
    mem: str,
    day: str,
    start: str,
    end: str,
    *,
    travel: int = 0,
    km: str = "0",
    origin: str | None = None,
    loan: str | None = None,
    skill: str | None = None,
) -> WorkedSpan:
    d = dt.date.fromisoformat(day)
    begin, finish = window(d, dt.time.fromisoformat(start), dt.time.fromisoformat(end), TZ)
    return WorkedSpan(
        emp,
        mem,
        f"{mem}-s",
        d,
        begin,
        finish,
        need=loan,
        skill=skill,
        secondment=loan,
        travel_minutes=travel,
        travel_km=Decimal(km),
        travel_from=origin,
    )


def share_cents(bill: Any, employee: str, component: str, party: str) -> int:
    return sum(
        s.cents
        for s in bill.shares
        if s.employee == employee and s.component == component and s.party == party
    )


def invoice_for(bill: Any, buyer: str) -> Any:
    return next(d for d in bill.documents if d.buyer.id == buyer)
