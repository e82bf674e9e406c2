"""Storing a hand edit of a plan (engine.planedit decides; this module writes it).

A draft is edited in place: only the assignment rows the edit changes are deleted or added (a month has
thousands; rewriting them all would make every click slow), and its unfilled list is replaced. A published
(or superseded) version is never changed: the edit becomes a new draft based on it (`source="edit"`), which
the manager publishes when ready. Pins are also the group's (`settings.pins`), so that every later solve and
re-plan keeps them (engine.solver.model.pins). Every edit is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete

from engine.model import Assignment, Pin, Plan
from persistence import mapping as mp
from persistence.audit import record
from persistence.plans import assignment_row, save_draft
from persistence.scope import Scope
from persistence.tables import PLAN_DRAFT, AssignmentRow, GroupRow, PlanVersionRow


def _key(a: Assignment) -> tuple[str, str, str]:
    return (a.employee, a.need, a.date.isoformat())


def store_edit(
    session: Session, scope: Scope, row: PlanVersionRow, before: Plan, after: Plan, what: dict[str, Any]
) -> PlanVersionRow:
    """Write `after` (= `before` edited as `what` says): in place for a draft, else as a new draft."""
    if row.group_id != scope.group_id:
        raise LookupError("plan of another group")
    if row.status != PLAN_DRAFT:
        draft = save_draft(
            session, scope.group_id, after, source="edit", actor=scope.actor, based_on_id=row.id
        )
        record(
            session,
            scope.group_id,
            scope.actor,
            "plan.edited",
            "plan",
            f"{row.month}#v{draft.version}",
            after=what,
        )
        return draft
    assert row.id is not None
    old = {_key(a): a for a in before.assignments}
    new = {_key(a): a for a in after.assignments}
    index = mp.KeyIndex.load(session, scope.group_id)
    group = session.get(GroupRow, scope.group_id)
    assert group is not None
    changed = [k for k in old if k not in new or new[k] != old[k]]
    for employee, need, day in changed:
        session.exec(
            delete(AssignmentRow).where(
                col(AssignmentRow.plan_id) == row.id,
                col(AssignmentRow.employee_id) == index.id_of("employee", employee),
                col(AssignmentRow.need_key) == need,
                col(AssignmentRow.date) == old[(employee, need, day)].date,
            )
        )
    added = [new[k] for k in new if k not in old or new[k] != old[k]]
    session.add_all([assignment_row(group, row.id, i, a, index) for i, a in enumerate(added)])
    row.data = {
        **row.data,
        "unfilled": mp.store(after, exclude=set(Plan.model_fields) - {"unfilled"})["unfilled"],
    }
    # The stored verdict was the whole month's before the edit: it no longer holds. The edit itself was
    # checked on the employees it touched; the publishing gate checks the whole month again.
    row.violations, row.checked_at = None, None
    session.add(row)
    session.flush()
    record(
        session, scope.group_id, scope.actor, "plan.edited", "plan", f"{row.month}#v{row.version}", after=what
    )
    return row


def set_pin(session: Session, scope: Scope, pin: Pin, pinned: bool) -> None:
    """Add `pin` to the group's pins (or remove it), so that solves and re-plans keep the assignment."""
    group = session.get(GroupRow, scope.group_id)
    assert group is not None
    pins = [
        p
        for p in group.settings.get("pins") or []
        if (p["employee"], p["need"], str(p["date"])) != (pin.employee, pin.need, pin.date.isoformat())
    ]
    if pinned:
        pins.append(mp.store(pin))
    group.settings = {**group.settings, "pins": pins}
    session.add(group)
    session.flush()


def discard_draft(session: Session, scope: Scope, row: PlanVersionRow) -> None:
    """Delete a draft the manager does not want (a re-plan's proposal, an edit): published versions stay."""
    if row.group_id != scope.group_id or row.status != PLAN_DRAFT:
        raise LookupError("only a draft of your group can be discarded")
    record(
        session,
        scope.group_id,
        scope.actor,
        "plan.discarded",
        "plan",
        f"{row.month}#v{row.version}",
        after={"plan_id": row.id},
    )
    session.delete(row)
    session.flush()
