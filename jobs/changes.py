"""A re-plan's change as JSON (stored on the job and on the draft) ⇄ `engine.solver.search.replan.ChangeRequest`.

Why JSON of its own: the job row must say what prompted the re-plan in a form any worker machine can
read back, and the draft keeps it so that publishing the draft can record the change in the group's
data (absences, needs, departures) in the same transaction — until then it is only a proposal.

Shape: `{"absences": [{"employee", "start", "end", "kind"}], "new_needs": [need mappings as in a scenario
file], "members_leaving": [{"member", "last_day"}], "today": "YYYY-MM-DD"}`. Changes listed by the re-plan
(`engine.solver.search.replan.Change`) become `{"kind": "added"|"removed", "employee", "need", "date", "start",
"needs_agreement"}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def change_request(data: dict[str, Any]) -> Any:
    """The engine's `ChangeRequest` for a stored change."""
    from engine.solver.search.replan import ChangeRequest

    day = dt.date.fromisoformat
    return ChangeRequest(
        absences=[(a["employee"], day(a["start"]), day(a["end"])) for a in data.get("absences", [])],
        new_needs=[dict(n) for n in data.get("new_needs", [])],
        members_leaving=[(m["member"], day(m["last_day"])) for m in data.get("members_leaving", [])],
        today=day(data["today"]) if data.get("today") else None,
    )


def changes_json(changes: list[Any]) -> list[dict[str, Any]]:
    """The re-plan's list of changes (assignments removed and added), JSON-ready, in time order."""
    return [
        {
            "kind": c.kind,
            "employee": c.employee,
            "need": c.need,
            "date": c.date.isoformat(),
            "start": c.start.isoformat(),
            "needs_agreement": bool(c.needs_agreement),
        }
        for c in changes
    ]
