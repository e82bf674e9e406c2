"""A scenario: everything the engine needs to plan and bill one group for a month."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from pydantic import Field

from engine.model.common import MONTH_PATTERN, DomainModel, Id, Money
from engine.model.employee import Employee
from engine.model.group import Group
from engine.model.member import Member, Site
from engine.model.need import DEFAULT_UNFILLED_COST_PER_HOUR, Need, Priority
from engine.model.plan import History, Pin
from engine.model.rules import Agreement, RuleSet
from engine.model.secondment import Secondment


class TravelLeg(DomainModel):
    """An explicit distance and time between two places (a site id, or `home:<employee id>`)."""

    origin: str = Field(min_length=1, alias="from")
    destination: str = Field(min_length=1, alias="to")
    km: Decimal = Field(ge=0, le=2000)
    minutes: int = Field(ge=0, le=1440)

    model_config = DomainModel.model_config | {"populate_by_name": True}


class TravelSettings(DomainModel):
    """Distances from coordinates: great-circle × road factor, time at an average speed; a matrix wins."""

    road_factor: Decimal = Field(Decimal("1.3"), ge=1, le=3)
    average_speed_kmh: Decimal = Field(Decimal("50"), gt=5, le=130)
    matrix: list[TravelLeg] = Field(default_factory=list)


class ObjectiveWeights(DomainModel):
    """Euro weights of the objective's terms. Defaults are documented in docs/solver.md."""

    unfilled_per_hour: dict[Priority, Money] = Field(
        default_factory=lambda: dict(DEFAULT_UNFILLED_COST_PER_HOUR)
    )
    idle_hour_factor: Decimal = Field(Decimal("1"), ge=0, le=10)  # × loaded hourly cost of unplaced hours
    premium_factor: Decimal = Field(Decimal("1"), ge=0, le=10)  # × premiums paid
    mileage_per_km: Money = Decimal("0.636")  # 5 CV barème, first band
    travel_time_factor: Decimal = Field(Decimal("1"), ge=0, le=10)  # × loaded hourly cost of travel time
    continuity_change: Money = Decimal("6")  # per assignment not by the need's usual person
    preferred_employee_bonus: Money = Decimal("4")
    wish_factor: Decimal = Field(Decimal("1"), ge=0, le=100)
    weekend_fairness: Money = Decimal("15")  # per weekend worked above the group's fair share
    travel_fairness_per_km: Money = Decimal("0.05")  # per km above the group's average
    change_cost: Money = Decimal("25")  # re-planning: per assignment moved or dropped
    short_notice_change_cost: Money = Decimal("120")  # re-planning: within the notice period


class Scenario(DomainModel):
    version: int = Field(1, ge=1, le=1)
    name: str = ""
    month: str | None = Field(None, pattern=MONTH_PATTERN)
    group: Group
    agreements: list[Agreement] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    employees: list[Employee] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list)
    secondments: list[Secondment] = Field(default_factory=list)
    travel: TravelSettings = Field(default_factory=TravelSettings)
    objective: ObjectiveWeights = Field(default_factory=ObjectiveWeights)
    history: History | None = None
    pins: list[Pin] = Field(default_factory=list)

    # Lookups (cached: a loaded scenario is not mutated afterwards).
    @cached_property
    def member_by_id(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    @cached_property
    def employee_by_id(self) -> dict[str, Employee]:
        return {e.id: e for e in self.employees}

    @cached_property
    def need_by_id(self) -> dict[str, Need]:
        return {n.id: n for n in self.needs}

    @cached_property
    def site_by_id(self) -> dict[str, Site]:
        return {s.id: s for m in self.members for s in m.sites}

    @cached_property
    def site_member(self) -> dict[str, str]:
        return {s.id: m.id for m in self.members for s in m.sites}

    @cached_property
    def agreement_by_id(self) -> dict[str, Agreement]:
        return {a.id: a for a in self.agreements}

    @cached_property
    def secondment_by_id(self) -> dict[str, Secondment]:
        return {s.id: s for s in self.secondments}

    def rules_for(self, employee: Employee | Id) -> RuleSet:
        """Effective rules: the group's, then the agreement's, then the contract's overrides."""
        emp = self.employee_by_id[employee] if isinstance(employee, str) else employee
        cache = self._rules_cache
        if emp.id not in cache:
            rules = self.group.rules
            agreement_id = emp.contract.agreement or self.group.default_agreement
            if agreement_id and agreement_id in self.agreement_by_id:
                rules = rules.with_overrides(self.agreement_by_id[agreement_id].rules)
            cache[emp.id] = rules.with_overrides(emp.contract.rules)
        return cache[emp.id]

    @cached_property
    def _rules_cache(self) -> dict[str, RuleSet]:
        return {}
