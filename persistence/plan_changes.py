"""Recording a re-plan's change in the group's data when its draft is published.

Why at publication and not when the re-plan is asked: a re-plan is a proposal ("what if Alice is off on
Tuesday, what if this member leaves on the 20th?"); the manager may drop the draft. Once the draft is
published, the plan members and employees see assumes the change, so the data must say it too — else
the next solve would plan Alice on her day off again. It happens in the publishing transaction: both or
neither. What is already recorded (an absence entered with `POST /absences` before re-planning, a
departure already set) is not recorded twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from engine.model import Absence, Need
from persistence import mapping as mp
from persistence.scope import Scope
from persistence.store import BadReference, GroupStore
from persistence.tables import AbsenceRow, MemberRow, NeedRow


def record_change(session: Session, scope: Scope, change: dict[str, Any]) -> list[str]:
    """Store the change's absences, new needs and departures; returns what was recorded (for the log)."""
    store = GroupStore(session, scope)
    done: list[str] = []
    for absence in change.get("absences", []):
        if _absence_known(session, store, absence):
            continue
        model = Absence.model_validate({k: v for k, v in absence.items() if k != "employee"})
        store.save_absence(model, absence["employee"])
        done.append(f"absence of {absence['employee']} {absence['start']}..{absence['end']}")
    for i, data in enumerate(change.get("new_needs", [])):
        need = Need.model_validate(data)
        existing = store.by_key(NeedRow, need.id)
        if existing is not None:
            if mp.dump(store.need(existing)) == mp.dump(need):
                continue
            raise BadReference(
                f"change.new_needs[{i}].id", f"need {need.id!r} was created meanwhile with other data"
            )
        store.save_need(need)
        done.append(f"need {need.id}")
    for leaving in change.get("members_leaving", []):
        row = store.by_key(MemberRow, leaving["member"])
        if row is None:
            raise BadReference("change.members_leaving", f"no member {leaving['member']!r} any more")
        last_day = dt.date.fromisoformat(leaving["last_day"])
        if row.left_on == last_day:
            continue
        member = store.member(row, with_sites=False).model_copy(update={"left_on": last_day})
        store.save_member(member, row)
        done.append(f"member {leaving['member']} leaves after {last_day}")
    return done


def _absence_known(session: Session, store: GroupStore, absence: dict[str, Any]) -> bool:
    """An absence of this employee already covering the whole period."""
    employee_id = store.index.id_of("employee", absence["employee"])
    if employee_id is None:
        raise BadReference("change.absences", f"no employee {absence['employee']!r} any more")
    start, end = dt.date.fromisoformat(absence["start"]), dt.date.fromisoformat(absence["end"])
    covering = session.exec(
        select(AbsenceRow.id).where(
            AbsenceRow.group_id == store.group_id,
            AbsenceRow.employee_id == employee_id,
            AbsenceRow.start <= start,
            AbsenceRow.end >= end,
        )
    ).first()
    return covering is not None
