"""`persistence.plans.plan_reusing`: a plan read again after a hand edit reuses the assignments it knew and
is the plan a fresh read gives."""

from __future__ import annotations

from sqlmodel import Session

from engine.model import Plan
from persistence.plan_edits import store_edit
from persistence.plans import plan_from_row, plan_reusing
from persistence.scope import Scope
from persistence.tables import PlanVersionRow
from tests.workspace.conftest import Workspace


def test_a_plan_read_again_after_an_edit_in_place_reuses_the_unchanged_assignments(ws: Workspace) -> None:
    plan_id = ws.world.ids["draft_plan"]
    with Session(ws.world.engine) as session:
        row = session.get(PlanVersionRow, plan_id)
        assert row is not None
        before, known = plan_reusing(session, row, {})
        assert before == plan_from_row(session, row)
        moved = before.assignments[0].model_copy(update={"pinned": True})
        after = Plan.model_validate({**before.model_dump(), "assignments": [moved, *before.assignments[1:]]})
        scope = Scope(group_id=row.group_id, role="manager", actor="test")
        store_edit(session, scope, row, before, after, {"action": "pin"})
        again, _ = plan_reusing(session, row, known)
        assert again == plan_from_row(session, row)
        kept = [a for a in again.assignments if any(a is b for b in before.assignments)]
        assert len(kept) == len(before.assignments) - 1 and moved not in kept
