"""What every rule of the checker reads: the employees' timelines of the horizon (engine.timeline), the
occurrences of needs and loans, and the readings several rules share.

The timelines and their conventions (working day, legal week, travel as work, history) are
`engine.timeline`'s, also read by `engine.history` and `engine.report`, so that the three never disagree;
a caller that has them already (a report) passes a `CheckContext` built once to `check_context`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from engine.calendar import Occurrence, need_occurrences, secondment_occurrences
from engine.model import History, Plan, Scenario
from engine.timeline import Timelines


@dataclass
class CheckContext(Timelines):
    """The horizon and every employee's timeline, plus what the rules read of the needs; built once, read by
    every rule."""

    memo: dict[tuple[str, str], object] = field(default_factory=dict)  # readings several rules share

    @cached_property
    def occurrences(self) -> dict[tuple[str, dt.date], Occurrence]:
        """Every occurrence of needs and loans in the horizon (membership is checked by `availability`)."""
        out: dict[tuple[str, dt.date], Occurrence] = {}
        for need in self.scenario.needs:
            for o in need_occurrences(self.scenario, need, self.first, self.last):
                out[o.need, o.date] = o
        for loan in self.scenario.secondments:
            for o in secondment_occurrences(self.scenario, loan, self.first, self.last):
                out[o.need, o.date] = o
        return out


def build_context(
    scenario: Scenario,
    plan: Plan,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    history: History | None = None,
) -> CheckContext:
    """The context of a horizon; the history is `history`, else the plan's, else the scenario's."""
    return CheckContext.build(scenario, plan, start=start, end=end, history=history)
