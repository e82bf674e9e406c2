"""The rule set: French law defaults, `preset: none`, and the override chain group → agreement → contract."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from engine.loader import load_scenario_text
from engine.model import RuleSet
from engine.yamlio import dump_yaml
from tests.foundation.helpers import minimal


def test_french_law_defaults_carry_the_legal_limits():
    rules = RuleSet()
    assert (rules.daily_max_minutes, rules.weekly_max_minutes, rules.daily_rest_minutes) == (600, 2880, 660)
    assert rules.part_time_min_weekly_minutes == 1440 and rules.sunday_rest


def test_preset_none_switches_every_legal_limit_off():
    rules = RuleSet(preset="none")
    assert rules.daily_max_minutes is None and rules.weekly_rest_minutes is None
    assert not rules.sunday_rest and not rules.minor_rules


def test_preset_none_keeps_the_rules_the_scenario_sets():
    assert RuleSet(preset="none", max_consecutive_days=5).max_consecutive_days == 5


def _scenario(agreement_rules=None, contract_rules=None, group_rules=None, default_agreement=False):
    data = minimal()
    if group_rules is not None:
        data["group"]["rules"] = group_rules
    if agreement_rules is not None:
        data["agreements"] = [
            {"id": "metallurgie", "name": "Métallurgie", "idcc": "3248", "rules": agreement_rules}
        ]
        if default_agreement:
            data["group"]["default_agreement"] = "metallurgie"
        else:
            data["employees"][0]["contract"]["agreement"] = "metallurgie"
    if contract_rules is not None:
        data["employees"][0]["contract"]["rules"] = contract_rules
    return load_scenario_text(dump_yaml(data))


def test_agreement_overrides_the_group_rules():
    scenario = _scenario(agreement_rules={"daily_max_minutes": 720})
    assert scenario.rules_for("e1").daily_max_minutes == 720
    assert scenario.rules_for("e2").daily_max_minutes == 600  # not under the agreement


def test_contract_overrides_the_agreement():
    scenario = _scenario(
        agreement_rules={"daily_max_minutes": 720}, contract_rules={"daily_max_minutes": 540}
    )
    assert scenario.rules_for("e1").daily_max_minutes == 540


def test_contract_keeps_what_it_does_not_override_from_the_agreement():
    scenario = _scenario(
        agreement_rules={"daily_max_minutes": 720, "complementary_ratio": "0.3333"},
        contract_rules={"daily_max_minutes": 540},
    )
    assert str(scenario.rules_for("e1").complementary_ratio) == "0.3333"


def test_default_agreement_of_the_group_applies_to_everyone():
    scenario = _scenario(agreement_rules={"rolling_avg_max_minutes": 2760}, default_agreement=True)
    assert scenario.rules_for("e2").rolling_avg_max_minutes == 2760


def test_group_preset_none_then_agreement_overrides():
    scenario = _scenario(group_rules={"preset": "none"}, agreement_rules={"daily_max_minutes": 480})
    rules = scenario.rules_for("e1")
    assert rules.daily_max_minutes == 480 and rules.weekly_max_minutes is None


def test_override_with_an_impossible_value_is_refused():
    with pytest.raises(ValidationError):
        RuleSet().with_overrides({"daily_max_minutes": 0})


def test_incoherent_sequence_rules_are_refused():
    with pytest.raises(ValidationError, match="min_consecutive_days"):
        RuleSet(min_consecutive_days=5, max_consecutive_days=3)


def test_overrides_keep_the_preset_of_a_replaced_rule_set():
    from engine.model import RuleSet

    base = RuleSet.model_validate({"preset": "none", "max_weekends": 2})
    merged = base.with_overrides({"max_consecutive_days": 5})
    assert merged.preset == "none"
    assert merged.daily_max_minutes is None and merged.sunday_rest is False
    assert merged.max_weekends == 2 and merged.max_consecutive_days == 5
