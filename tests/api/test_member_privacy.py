"""A member reads that staff was short for a skill, never who is absent or why (GDPR art. 9); the manager
keeps the full reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import select

from engine.model import Plan, Unfilled
from engine.solver import SolveOptions, solve
from persistence.db import write_session
from persistence.plans import publish, save_draft
from persistence.scope import Scope
from persistence.tables import GroupRow
from tests.persistence.factories import at, minimal

TUE = dt.date(2026, 3, 3)
MANAGER_REASON = "Tous les salariés qualifiés sont absents ou hors contrat : Bruno Petit (arrêt maladie)."


def unfilled(member: str, need: str, **fields: Any) -> Unfilled:
    values: dict[str, Any] = {
        "need": need,
        "date": TUE,
        "start": at(TUE, 8),
        "end": at(TUE, 12),
        "member": member,
        "missing": 1,
        "skill": "comptabilite",
        "reason_code": "absent",
        "reason": MANAGER_REASON,
        "limits": [],
    }
    values.update(fields)
    return Unfilled(**values)


def published(world: Any, plan: Plan) -> int:
    """Store the plan as a draft of the minimal group and publish it."""
    with write_session(world.engine) as session:
        group = session.exec(select(GroupRow).where(GroupRow.key == minimal().group.id)).one()
        assert group.id is not None
        row = save_draft(session, group.id, plan, source="test")
        publish(session, Scope(group_id=group.id), row)
        assert row.id is not None
        return row.id


def test_a_member_reads_a_staff_shortage_with_the_skill_and_no_name(world: Any) -> None:
    plan = Plan(month="2026-03", unfilled=[unfilled("m1", "n1"), unfilled("m2", "n2")])
    plan_id = published(world, plan)
    [seen] = world.call("member_m1", "GET", f"/plans/{plan_id}/unfilled").json()["data"]
    assert seen["need"] == "n1"
    assert seen["reason"] == "Personnel disponible insuffisant pour la compétence « comptabilite »."
    assert seen["reason_code"] == "staff_shortage" and seen["limits"] == []
    assert "Bruno" not in str(seen) and "maladie" not in str(seen)


def test_the_manager_keeps_the_full_reason(world: Any) -> None:
    plan_id = published(world, Plan(month="2026-03", unfilled=[unfilled("m1", "n1")]))
    [seen] = world.call("manager", "GET", f"/plans/{plan_id}/unfilled").json()["data"]
    assert seen["reason"] == MANAGER_REASON and seen["reason_code"] == "absent"


def test_a_legal_limit_naming_employees_is_hidden_from_the_member_too(world: Any) -> None:
    reason = "Tous les salariés qualifiés sont indisponibles ou à une limite : Alice Bernard (repos quotidien de 11 h, L3131-1)."
    plan = Plan(
        month="2026-03",
        unfilled=[unfilled("m1", "n1", reason_code="legal_limit", reason=reason, limits=["L3131-1"])],
    )
    [seen] = world.call("member_m1", "GET", f"/plans/{published(world, plan)}/unfilled").json()["data"]
    assert "Alice" not in seen["reason"] and seen["limits"] == []


def test_a_reason_about_the_members_own_site_is_kept_whole() -> None:
    text = "Le site Atelier n'a pas de dérogation au repos dominical (L3132-3) : personne ne peut y travailler le dimanche."
    u = unfilled("m1", "n1", reason_code="site_rule", reason=text, limits=["L3132-3"])
    assert u.for_member() == u


def test_a_plan_stored_before_the_skill_was_recorded_says_only_the_shortage() -> None:
    assert unfilled("m1", "n1", skill="").for_member().reason == "Personnel disponible insuffisant."


def test_a_cost_decision_is_not_called_a_shortage() -> None:
    u = unfilled(
        "m1",
        "n1",
        reason_code="cost",
        reason="Laissé non pourvu par arbitrage de coût : Alice Bernard pourrait le prendre.",
    )
    seen = u.for_member()
    assert seen.reason_code == "cost" and "Alice" not in seen.reason
    assert "insuffisant" not in seen.reason


def test_a_solver_reason_naming_a_sick_employee_reaches_the_member_without_the_name() -> None:
    scenario = minimal()
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    for e in data["employees"]:  # both accountants off sick on Tuesday 3 March
        e["absences"] = [{"kind": "sickness", "start": "2026-03-03", "end": "2026-03-03"}]
    from engine.loader import scenario_from_data

    sick = scenario_from_data(data)
    plan = solve(sick, "2026-03", options=SolveOptions(time_limit=None, deterministic_time=5.0, workers=1))
    [u] = [u for u in plan.unfilled if u.date == TUE and u.need == "n2"]
    assert "Alice Bernard" in u.reason  # the manager's reason names them
    member_view = u.for_member()
    assert member_view.reason == "Personnel disponible insuffisant pour la compétence « comptabilite »."
