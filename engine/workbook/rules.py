"""The working-time rules as the « Règles » sheet names them, and how each rule's value is read.

Rule overrides (the group's rule set, an agreement's, a contract's) are rows « S'applique à / Convention ou
salarié / Règle / Valeur ». A rule is named by its French label (the drop-down) or its code in scenario
files (`daily_max_minutes`); its value is read by the type the rule set gives the field — minutes as whole
numbers, rates as decimals, yes/no, clock times — and « aucune » switches off a rule that can be switched
off (a field that may be None). The two rules holding structures (forbidden successions, maximum shifts
per kind) take their value written as in a scenario file: `[{first: N, then: J}]`, `{N: 4}`.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any

import yaml

from engine.model.rules import RuleSet
from engine.workbook.values import Boolean, CellError, Integer, Number, Ratio, fold, parse_time, quote

RULE_LABELS: dict[str, str] = {
    "preset": "Base des règles (french_law ou none)",
    "name": "Nom du jeu de règles",
    "daily_max_minutes": "Durée quotidienne maximale (minutes)",
    "weekly_max_minutes": "Durée hebdomadaire maximale (minutes)",
    "rolling_avg_weeks": "Semaines de la moyenne glissante",
    "rolling_avg_max_minutes": "Moyenne hebdomadaire maximale (minutes)",
    "legal_weekly_minutes": "Durée légale hebdomadaire (minutes)",
    "daily_rest_minutes": "Repos quotidien (minutes)",
    "weekly_rest_minutes": "Repos hebdomadaire (minutes)",
    "max_days_per_week": "Jours travaillés par semaine au plus",
    "sunday_rest": "Repos le dimanche",
    "break_threshold_minutes": "Pause due après (minutes)",
    "break_minutes": "Durée de la pause (minutes)",
    "part_time_max_breaks": "Temps partiel : interruptions par jour au plus",
    "part_time_max_break_minutes": "Temps partiel : interruption maximale (minutes)",
    "part_time_notice_days": "Temps partiel : délai de prévenance (jours)",
    "part_time_min_weekly_minutes": "Temps partiel : durée minimale (minutes par semaine)",
    "complementary_ratio": "Heures complémentaires : part maximale du contrat",
    "complementary_premium_low": "Heures complémentaires : majoration dans le dixième",
    "complementary_premium_high": "Heures complémentaires : majoration au-delà",
    "overtime_premium_low": "Heures supplémentaires : première majoration",
    "overtime_premium_high": "Heures supplémentaires : seconde majoration",
    "overtime_high_after_minutes": "Heures supplémentaires : seconde majoration après (minutes)",
    "overtime_annual_quota_minutes": "Contingent annuel d'heures supplémentaires (minutes)",
    "annual_threshold_minutes": "Seuil annuel de l'annualisation (minutes)",
    "forfait_max_days": "Forfait jours : jours par an au plus",
    "night_start": "Début de la période de nuit",
    "night_end": "Fin de la période de nuit",
    "night_daily_max_minutes": "Travailleur de nuit : durée quotidienne maximale (minutes)",
    "night_avg_max_minutes": "Travailleur de nuit : moyenne hebdomadaire maximale (minutes)",
    "night_worker_night_minutes": "Travailleur de nuit : temps de nuit par jour qui compte (minutes)",
    "night_worker_days_per_week": "Travailleur de nuit : jours par semaine avec ce temps de nuit",
    "night_worker_reference_minutes": "Travailleur de nuit : heures de nuit sur la période de référence (minutes)",
    "night_worker_reference_months": "Travailleur de nuit : période de référence (mois)",
    "minor_rules": "Règles des mineurs",
    "minor_daily_max_minutes": "Mineurs : durée quotidienne maximale (minutes)",
    "minor_weekly_max_minutes": "Mineurs : durée hebdomadaire maximale (minutes)",
    "minor_daily_rest_minutes": "Mineurs : repos quotidien (minutes)",
    "minor_night_start": "Mineurs : début de la nuit",
    "minor_night_end": "Mineurs : fin de la nuit",
    "minor_consecutive_rest_days": "Mineurs : jours de repos consécutifs",
    "minor_break_after_minutes": "Mineurs : pause due au-delà de (minutes)",
    "minor_break_minutes": "Mineurs : durée de la pause (minutes)",
    "minor_holiday_derogation": "Mineurs : travail les jours fériés permis (L3164-8)",
    "travel_between_sites_is_work": "Trajet entre deux sites compté comme travail",
    "exclude_public_holidays": "Jours fériés chômés",
    "sunday_premium_rate": "Majoration du dimanche",
    "night_premium_rate": "Majoration de nuit",
    "holiday_premium_rate": "Majoration des jours fériés",
    "one_shift_per_day": "Un seul poste par jour",
    "min_consecutive_days": "Jours travaillés d'affilée au moins",
    "max_consecutive_days": "Jours travaillés d'affilée au plus",
    "min_consecutive_days_off": "Jours de repos d'affilée au moins",
    "max_weekends": "Week-ends travaillés au plus",
    "forbidden_successions": "Enchaînements interdits",
    "max_shifts_per_kind": "Postes par type au plus",
    "min_total_minutes": "Durée totale minimale du mois (minutes)",
    "max_total_minutes": "Durée totale maximale du mois (minutes)",
    "runs_at_horizon_edges_exempt": "Séries aux bords du mois exemptées",
}
"""French label of every rule of `RuleSet` (a test checks that none is missing)."""

OFF_WORDS = {"aucun", "aucune", "desactive", "desactivee", "sans", "none", "null"}
_BY_LABEL = {fold(label): code for code, label in RULE_LABELS.items()}
_STRUCTURED = {"forbidden_successions", "max_shifts_per_kind"}


def rule_code(text: str) -> str | None:
    """The rule a cell names (French label or code), or None."""
    folded = fold(text)
    if text.strip() in RULE_LABELS:
        return text.strip()
    return _BY_LABEL.get(folded)


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """The field's type without None, and whether None is allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], len(args) != len(typing.get_args(annotation))
    return annotation, False


def parse_rule_value(code: str, value: Any) -> Any:
    """A rule's value from a cell, as a scenario file would hold it (minutes as int, rates as Decimal,
    clock times as "HH:MM" text, structures as parsed YAML)."""
    annotation, optional = _base_type(RuleSet.model_fields[code].annotation)
    text = value.strip() if isinstance(value, str) else None
    if optional and text is not None and fold(text) in OFF_WORDS:
        return None
    if code in _STRUCTURED:
        if not isinstance(value, str):
            raise CellError(f"{quote(value)} : écrivez la valeur comme dans un fichier de scénario")
        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError:
            raise CellError(
                f"{quote(value)} n'est pas lisible : écrivez par ex. [{{first: N, then: J}}] ou {{N: 4}}"
            ) from None
        return parsed
    if annotation is bool:
        return Boolean().parse(value)
    if annotation is int:
        return Integer().parse(value)
    if annotation is Decimal:
        return (
            Ratio(above_one=True).parse(value)
            if isinstance(value, str) and "%" in value
            else Number().parse(value)
        )
    if annotation is dt.time:
        return parse_time(value).strftime("%H:%M")
    return str(value).strip()  # name, preset


def format_rule_value(value: Any) -> Any:
    """A rule's value for the « Valeur » cell."""
    if value is None:
        return "aucune"
    if isinstance(value, bool):
        return Boolean().format(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return Number().format(value)
    if isinstance(value, list | dict):
        plain = _plain(value)
        return yaml.safe_dump(plain, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return value


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def group_rule_overrides(rules: RuleSet) -> dict[str, Any]:
    """The group's rule set as the rows that rebuild it: its preset, then every field differing from what
    that preset gives (an empty rule set writes no row)."""
    preset = rules.preset
    base = RuleSet.model_validate({"preset": preset})
    out: dict[str, Any] = {"preset": preset} if preset != "french_law" else {}
    for name in RuleSet.model_fields:
        if name == "preset":
            continue
        value = getattr(rules, name)
        if value != getattr(base, name):
            out[name] = value
    return out
