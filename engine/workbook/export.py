"""A scenario as the rows of each sheet: the export's half of the round trip (`build` is the other).

Every value goes through its column's `Kind.format`, so what the export writes is exactly what the import
reads back; a value a cell cannot hold without loss (a skill containing a comma) raises `ExportError`
naming it rather than writing something the import would read differently.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from engine.model import Scenario
from engine.workbook.paths import get_path
from engine.workbook.rules import RULE_LABELS, format_rule_value, group_rule_overrides
from engine.workbook.sheets import (
    CONTRACT_KINDS,
    RULE_SCOPES,
    SHEETS,
    Column,
    Sheet,
)
from engine.workbook.values import Timestamp

Rows = list[list[Any]]


class ExportError(ValueError):
    """A scenario value that no workbook cell can hold as it is."""


def cell_value(column: Column, value: Any, zone: ZoneInfo | None = None) -> Any:
    if value is None:
        return None
    if isinstance(column.kind, Timestamp):
        return column.kind.format_in(value, zone or ZoneInfo("Europe/Paris"))
    try:
        formatted = column.kind.format(value)
    except ValueError as exc:
        raise ExportError(f"{column.header}: {exc}") from None
    return None if formatted == "" else formatted


def _row(sheet: Sheet, item: dict[str, Any], links: dict[str, Any], zone: ZoneInfo) -> list[Any]:
    out = []
    for column in sheet.columns:
        if column.path is None:
            out.append(links.get(column.key))
        else:
            out.append(cell_value(column, get_path(item, column.path), zone))
    return out


def scenario_rows(scenario: Scenario) -> dict[str, Rows]:
    """The data rows of every sheet (no header), keyed by sheet key."""
    data = scenario.model_dump(mode="python", by_alias=True)
    zone = ZoneInfo(scenario.group.timezone)
    out: dict[str, Rows] = {s.key: [] for s in SHEETS}
    by_key = {s.key: s for s in SHEETS}

    def add(key: str, item: dict[str, Any], **links: Any) -> None:
        out[key].append(_row(by_key[key], item, links, zone))

    group_sheet = by_key["group"]
    out["group"] = [[cell_value(c, get_path(data, c.path or ()), zone)] for c in group_sheet.columns]
    for member in data["members"]:
        add("members", member)
        for site in member["sites"]:
            add("sites", site, member=member["id"])
    for employee in data["employees"]:
        add("employees", employee)
        add("contracts", employee["contract"], employee=employee["id"])
        for absence in employee["absences"]:
            add("absences", absence, employee=employee["id"])
        for wish in employee["wishes"]:
            add("wishes", wish, employee=employee["id"])
    out["skills"] = [[skill] for skill in skill_catalog(scenario)]
    for need in data["needs"]:
        add("needs", need)
    for loan in data["secondments"]:
        add("loans", loan)
    for agreement in data["agreements"]:
        add("agreements", agreement)
    out["rules"] = _rule_rows(scenario)
    out["pricing"] = _pricing_rows(scenario)
    for leg in data["travel"]["matrix"]:
        add("matrix", leg)
    for pin in data["pins"]:
        add("pins", pin)
    history = data.get("history") or {}
    for entry in history.get("employees", []):
        add("history", entry)
        for shift in entry["recent_shifts"]:
            add("recent_shifts", shift, employee=entry["employee"])
    servers = by_key["servers"]
    for need, employees in history.get("last_month_servers", {}).items():
        out["servers"].append([need, cell_value(servers.column("employees"), employees)])
    return out


def skill_catalog(scenario: Scenario) -> list[str]:
    """Every skill the scenario names, in order of first appearance (employees, needs, loans)."""
    seen: dict[str, None] = {}
    for employee in scenario.employees:
        seen.update(dict.fromkeys(employee.skills))
    for need in scenario.needs:
        seen.setdefault(need.skill)
    for loan in scenario.secondments:
        seen.setdefault(loan.skill)
    return list(seen)


def _rule_rows(scenario: Scenario) -> Rows:
    label = dict(RULE_SCOPES.options)
    rows: Rows = []
    for code, value in group_rule_overrides(scenario.group.rules).items():
        rows.append([label["group"], None, RULE_LABELS[code], format_rule_value(value)])
    for agreement in scenario.agreements:
        for code, value in agreement.rules.items():
            rows.append(
                [label["agreement"], agreement.id, RULE_LABELS.get(code, code), format_rule_value(value)]
            )
    for employee in scenario.employees:
        for code, value in employee.contract.rules.items():
            rows.append(
                [label["contract"], employee.id, RULE_LABELS.get(code, code), format_rule_value(value)]
            )
    return rows


def _pricing_rows(scenario: Scenario) -> Rows:
    sheet = next(s for s in SHEETS if s.key == "pricing")
    rule_columns = [c for c in sheet.columns if c.path is not None]
    rows: Rows = []
    for profile in scenario.group.pricing_profiles:
        rules = [(None, profile.default), *list(profile.by_contract_kind.items())]
        for kind, rule in rules:
            values = rule.model_dump(mode="python")
            kind_cell = CONTRACT_KINDS.format(kind) if kind is not None else None
            rows.append(
                [profile.id, profile.name or None, kind_cell]
                + [cell_value(c, get_path(values, c.path or ())) for c in rule_columns]
            )
    return rows
