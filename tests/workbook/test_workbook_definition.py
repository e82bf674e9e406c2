"""The one definition covers the whole scenario model, and docs/workbook.md shows it as it is."""

from __future__ import annotations

import types
import typing
from pathlib import Path

from pydantic import BaseModel

from engine.model import RuleSet, Scenario
from engine.workbook.docs import sheet_tables
from engine.workbook.rules import RULE_LABELS
from engine.workbook.sheets import SHEETS

ROOTS = {
    "members": "members[]",
    "sites": "members[].sites[]",
    "employees": "employees[]",
    "contracts": "employees[].contract",
    "needs": "needs[]",
    "absences": "employees[].absences[]",
    "wishes": "employees[].wishes[]",
    "loans": "secondments[]",
    "agreements": "agreements[]",
    "matrix": "travel.matrix[]",
    "pins": "pins[]",
    "history": "history.employees[]",
    "recent_shifts": "history.employees[].recent_shifts[]",
    "pricing": "group.pricing_profiles[].default",
}
CARRIED_OTHERWISE = {
    "version": "only version 1 exists",
    "members[].sites": "rows of « Sites », by their « Adhérent » column",
    "employees[].contract": "rows of « Contrats »",
    "employees[].absences": "rows of « Absences »",
    "employees[].wishes": "rows of « Souhaits »",
    "group.rules": "rows of « Règles » (scope groupement)",
    "agreements[].rules": "rows of « Règles » (scope convention)",
    "employees[].contract.rules": "rows of « Règles » (scope contrat)",
    "group.pricing_profiles[].id": "« Tarifs », column Profil",
    "group.pricing_profiles[].name": "« Tarifs », column Nom du profil",
    "group.pricing_profiles[].by_contract_kind": "« Tarifs » rows with a contract kind",
    "history.last_month_servers": "rows of « Titulaires précédents »",
    "history.employees[].recent_shifts": "rows of « Postes récents »",
    "objective.unfilled_per_hour": "four rows of « Groupement », one per priority",
}


def _leaves(model: type[BaseModel], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = f"{prefix}{key}"
        annotation = info.annotation
        inner = annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin = typing.get_origin(inner)
        if origin is list:
            item = typing.get_args(inner)[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                out.add(path)
                out |= _leaves(item, f"{path}[].")
                continue
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not RuleSet:
            out.add(path)
            out |= _leaves(inner, f"{path}.")
            continue
        out.add(path)
    return out


def _covered() -> set[str]:
    out: set[str] = set()
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.path is None:
                continue
            root = "" if sheet.form else ROOTS[sheet.key] + "."
            parts = column.path
            for depth in range(1, len(parts) + 1):
                out.add(root + ".".join(parts[:depth]))
    return out


def test_every_field_of_the_scenario_model_has_a_column_or_a_known_carrier():
    covered = _covered() | set(CARRIED_OTHERWISE)
    containers = {
        "members",
        "employees",
        "needs",
        "secondments",
        "agreements",
        "pins",
        "group",
        "travel",
        "objective",
        "history",
        "history.employees",
        "travel.matrix",
        "group.pricing_profiles",
        "group.pricing_profiles[].default",
        "group.address",
        "group.billing",
        "group.holidays",
        "members[].address",
        "members[].sites[].address",
        "members[].sites[].location",
        "employees[].home",
        "employees[].home_address",
        "employees[].vehicle",
        "name",
        "month",
    }
    missing = sorted(leaf for leaf in _leaves(Scenario) if leaf not in covered and leaf not in containers)
    assert missing == [], f"fields no sheet carries (a round trip would lose them): {missing}"


def test_every_rule_has_a_french_label():
    assert set(RULE_LABELS) == set(RuleSet.model_fields)


def test_docs_workbook_md_shows_the_definition_as_it_is():
    text = (Path(__file__).resolve().parents[2] / "docs" / "workbook.md").read_text(encoding="utf-8")
    start, end = "<!-- sheets:begin -->", "<!-- sheets:end -->"
    assert text[text.index(start) + len(start) : text.index(end)].strip() == sheet_tables().strip(), (
        "docs/workbook.md is out of date: python -m engine.workbook.docs docs/workbook.md"
    )
