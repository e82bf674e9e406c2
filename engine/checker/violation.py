"""A finding of the checker: who, when, which rule and article, and a French sentence saying what is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from engine.model import Assignment


class Level(StrEnum):
    """`error`: an infraction (the plan may not be published as it is); `warning`: a finding to review."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Violation:
    """One rule broken by a plan.

    `article` is the legal reference (e.g. `L3121-18`), or `contrat` / `scénario` for rules that come from the
    contract or the scenario rather than from the Code du travail. `message` is French, for a manager or a
    labour inspector. `employee` is None for findings about a need (head count).
    """

    rule: str
    article: str
    message: str
    employee: str | None = None
    date: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    level: Level = Level.ERROR
    need: str | None = None

    @classmethod
    def of_assignment(cls, a: Assignment, rule: str, article: str, message: str) -> Violation:
        """A finding about one assignment: its employee, day, times and need."""
        return cls(rule, article, message, a.employee, a.date, a.start, a.end, need=a.need)

    def as_dict(self, tz: dt.tzinfo | None = None) -> dict[str, str | None]:
        """JSON-ready: days and instants in ISO 8601, instants in `tz` (else in their own zone)."""

        def instant(moment: dt.datetime | None) -> str | None:
            if moment is None:
                return None
            return (moment.astimezone(tz) if tz is not None else moment).isoformat()

        return {
            "employee": self.employee,
            "rule": self.rule,
            "article": self.article,
            "level": self.level.value,
            "date": self.date.isoformat() if self.date else None,
            "start": instant(self.start),
            "end": instant(self.end),
            "need": self.need,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Violation:
        """The inverse of `as_dict` (a stored verdict read back)."""

        def instant(value: Any) -> dt.datetime | None:
            return dt.datetime.fromisoformat(value) if value else None

        return cls(
            rule=data["rule"],
            article=data["article"],
            message=data["message"],
            employee=data.get("employee"),
            date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
            start=instant(data.get("start")),
            end=instant(data.get("end")),
            level=Level(data.get("level", Level.ERROR)),
            need=data.get("need"),
        )

    def sort_key(self) -> tuple[str, dt.date, str, str]:
        return (self.employee or "", self.date or dt.date.min, self.rule, self.message)

    def __str__(self) -> str:
        who = self.employee or "—"
        label = "" if self.level is Level.ERROR else "[avertissement] "
        return f"{who}: {label}{self.message} ({self.article})"
