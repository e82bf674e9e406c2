"""docs/scenarios.md documents every field of the scenario format, and the shipped JSON Schema is current."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import BaseModel

from engine.model import (
    Absence,
    Agreement,
    BillingSettings,
    Contract,
    Employee,
    EmployeeHistory,
    Group,
    History,
    Member,
    Need,
    ObjectiveWeights,
    Pin,
    PricingProfile,
    PricingRule,
    RuleSet,
    Scenario,
    Secondment,
    Site,
    TravelLeg,
    TravelSettings,
    Vehicle,
    Wish,
    WorkedInterval,
)
from ge.commands.schema import scenario_schema
from tests.foundation.helpers import ROOT

DOC = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
MODELS: list[type[BaseModel]] = [
    Scenario,
    Group,
    BillingSettings,
    PricingProfile,
    PricingRule,
    RuleSet,
    Agreement,
    Member,
    Site,
    Employee,
    Contract,
    Vehicle,
    Absence,
    Wish,
    Need,
    Secondment,
    TravelSettings,
    TravelLeg,
    ObjectiveWeights,
    History,
    EmployeeHistory,
    WorkedInterval,
    Pin,
]


FENCES_REMOVED = DOC.replace("```", "")
DOCUMENTED = {
    token for span in re.findall(r"`([^`\n]+)`", FENCES_REMOVED) for token in re.findall(r"[A-Za-z_]+", span)
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_model_is_documented(model):
    names = {field.alias or name for name, field in model.model_fields.items()}
    assert sorted(names - DOCUMENTED) == [], "document these fields in docs/scenarios.md"


def test_shipped_json_schema_is_up_to_date():
    shipped = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    current = json.loads(json.dumps(scenario_schema(), ensure_ascii=False))
    assert shipped == current, "refresh it: ge schema -o docs/scenario.schema.json"
