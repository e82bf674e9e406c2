"""The compliance verdict of a plan version, and why a publication is refused.

Why a verdict is stored with each version: a plan reaches members and employees only through publication,
and a plan computed elsewhere (`POST /plans`, a hand-edited file) or solved before the data changed (an
absence recorded since) may break the law. So every way a plan is stored (`persistence.plans.save_draft`:
the API, solve and re-plan jobs, imports) runs the compliance checker (`engine.checker`) against the
group's data and keeps its findings on the version; publishing (`persistence.plans.publish`) runs it
again against the data of that moment and refuses a version with any error.

The plan is read against the group's data as stored — including the group's history before the month — and
never against a `history` the plan carries itself: a plan cannot vouch for its own past.

A finding is a dict of `engine.checker.findings` (instants in the group's zone, the employee's name); its
`level` is `error`
(an infraction: publication refused) or `warning` (shown, not blocking).
"""

from __future__ import annotations

from typing import Any

from engine.checker import check_plan, findings
from engine.errors import DomainError
from engine.model import Plan, Scenario

ERROR = "error"


def verdict(scenario: Scenario, plan: Plan) -> list[dict[str, Any]]:
    """Every finding of the checker on `plan` over its month, in the order `ge check` prints them."""
    own = plan.model_copy(update={"history": None}) if plan.history is not None else plan
    return findings(scenario, check_plan(scenario, own))


def errors_in(violations: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The findings that forbid publication (warnings excluded)."""
    return [v for v in violations or [] if v.get("level") == ERROR]


class PublishConflict(DomainError):
    """The version cannot be published in the month's current state (already published, a stale re-plan)."""


class SupersedeNotConfirmed(PublishConflict):
    """Publishing would replace a newer published version: the manager must say it is meant."""

    def __init__(self, plan_id: int, version: int, month: str, current_id: int, current_version: int):
        self.plan_id, self.version, self.month = plan_id, version, month
        self.current_id, self.current_version = current_id, current_version
        super().__init__(
            f"publishing plan {plan_id} (version {version} of {month}) would supersede plan {current_id} "
            f"(version {current_version}), which is newer and is the published plan: members and employees "
            f"would go back to an older plan; confirm the supersede if that is meant"
        )


class PublishRefused(DomainError):
    """The version breaks at least one rule: it is not published. `violations` holds every finding."""

    exit_code = 2

    def __init__(self, plan_id: int, version: int, month: str, violations: list[dict[str, Any]]):
        self.plan_id, self.version, self.month = plan_id, version, month
        self.violations = violations
        self.errors = errors_in(violations)
        count = len(self.errors)
        super().__init__(
            f"plan {plan_id} (version {version} of {month}) breaks {count} rule{'s' if count != 1 else ''} "
            f"and is not published: correct it (or re-solve the month) and publish again"
        )
