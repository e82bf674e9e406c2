"""Raw sheets → scenario data, with the cell behind every field, then the loader's own checks mapped back
to those cells: the import's half of the round trip.

What this module checks itself is only what exists because the data came in sheets — a value a cell cannot
hold as typed, a missing or unknown sheet or column, a row whose parent (a site's member, a contract's
employee) is not in its sheet, a second contract for one employee, a skill missing from « Compétences »,
coordinates neither typed nor found. Everything about the scenario itself (references, duplicate ids, a
need at another member's site, dates, amounts, the law) is the loader's: `engine.loader.check_scenario_data`
runs on the built data, and each finding's path (`employees[3].contract.weekly_hours`) is turned back into
the cell it came from (`Contrats!E5`), its message into French (`engine.workbook.messages`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from openpyxl.utils import get_column_letter

from engine.errors import Problem, Severity
from engine.model import Scenario
from engine.workbook.messages import translate
from engine.workbook.paths import dotted, set_path
from engine.workbook.rules import parse_rule_value, rule_code
from engine.workbook.sheets import FORM_HEADERS, LISTS, README, SHEETS, Column, Sheet
from engine.workbook.source import RawBook, RawSheet
from engine.workbook.values import CellError, Timestamp, fold, is_empty, quote, suggestion

E, W = Severity.ERROR, Severity.WARNING
FEMININE = {"convention"}
DEFAULT_ZONE = "Europe/Paris"


@dataclass(frozen=True)
class Cell:
    """Where a value sits: `Salariés!D7`; a whole row (`Contrats, ligne 5`) or a whole sheet."""

    sheet: str
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"feuille {self.sheet}"
        if self.column is None:
            return f"{self.sheet}, ligne {self.row}"
        return f"{self.sheet}!{self.column}{self.row}"


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem of a workbook, shown by cell: `Salariés!D7 (Date d'embauche) : « 31/02/2026 » n'existe pas`."""

    cell: Cell | None = None

    def __str__(self) -> str:
        label = "attention : " if self.severity is Severity.WARNING else ""
        if self.cell is None:
            where = self.path or self.file
        else:
            where = str(self.cell) + (f" ({self.cell.header})" if self.cell.header else "")
        return f"{where} : {label}{self.message}"


@dataclass
class Record:
    """One row of a sheet: its parsed values, and where each column sits (cells are made on demand: a
    thousand employees and five thousand needs hold some hundred thousand of them)."""

    sheet: Sheet
    row: int
    where: dict[str, int] = field(default_factory=dict)  # column key → 0-based index, shared by the sheet
    values: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    explicit: dict[str, Cell] = field(default_factory=dict)  # « Groupement »: each field on its own row

    def cell(self, key: str) -> Cell:
        if key in self.explicit:
            return self.explicit[key]
        index = self.where.get(key)
        if index is None:
            return Cell(self.sheet.name, self.row)
        return Cell(self.sheet.name, self.row, get_column_letter(index + 1), self.sheet.by_key[key].header)

    def first_cell(self) -> Cell:
        return self.cell(self.sheet.columns[0].key)


@dataclass
class ImportResult:
    """What an import found: the scenario data, the validated scenario (None on any error) and every
    problem, by cell; `locate` gives the cell behind a field path of the data."""

    data: dict[str, Any]
    scenario: Scenario | None
    problems: list[CellProblem]
    locate: Callable[[str], Cell | None]
    present: set[str] = field(default_factory=set)  # keys of the sheets the workbook has

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


Geocoder = Callable[[dict[str, Any], Callable[[str], Cell | None]], list[tuple[Cell | None, str, Severity]]]
"""Fills missing coordinates of scenario data in place (given the data and `locate`); returns what it
reports, by cell."""


class Builder:
    def __init__(self, book: RawBook):
        self.book = book
        self.problems: list[CellProblem] = []
        self.cells: dict[str, Cell] = {}  # paths whose cell is not a row's own column (rules, pricing…)
        self.anchors: dict[str, Record] = {}  # path of each object a row built → that row
        self.reported: set[str] = set()  # model paths this module already reported on
        self.unread: list[tuple[str, str]] = []  # (object path, field) of cells that could not be read
        self.data: dict[str, Any] = {}
        self.zone = ZoneInfo(DEFAULT_ZONE)
        self.present: set[str] = set()
        self.places: list[tuple[str, dict[str, Any], str, Record]] = []  # rows that need a point

    # --- problems -------------------------------------------------------------------------------------

    def add(self, cell: Cell | None, message: str, severity: Severity = E, path: str = "") -> None:
        self.problems.append(
            CellProblem(self.book.name, path or (str(cell) if cell else ""), message, None, severity, cell)
        )
        if path:
            self.reported.add(path)

    # --- sheets and columns ---------------------------------------------------------------------------

    def sheets(self) -> dict[str, RawSheet]:
        """The raw sheet of each defined sheet; unknown and missing sheets reported."""
        for where, message in self.book.problems:
            self.add(Cell(where), message)
        names = {fold(s.name): s for s in SHEETS} | {fold(s.key): s for s in SHEETS}
        ignored = {fold(README), fold(LISTS)}
        found: dict[str, RawSheet] = {}
        for raw in self.book.sheets:
            name = fold(raw.name.replace("_", " "))
            sheet = names.get(name)
            if sheet is None:
                if name in ignored:
                    continue
                hint = suggestion(raw.name, [s.name for s in SHEETS], cutoff=0.75)
                if hint:
                    self.add(
                        Cell(raw.name), f"feuille inconnue{hint} : renommez-la, sinon elle n'est pas lue"
                    )
                else:
                    self.add(Cell(raw.name), "feuille inconnue, ignorée", W)
                continue
            if sheet.key in found:
                self.add(
                    Cell(raw.name),
                    f"deuxième feuille « {sheet.name} » ({found[sheet.key].origin or found[sheet.key].name} en est déjà une)",
                )
                continue
            found[sheet.key] = raw
        present = set(found)
        for sheet in SHEETS:
            if sheet.key not in present and sheet.required:
                self.add(
                    Cell(sheet.name),
                    "feuille absente : le modèle (`ge template`) la contient ; gardez-la, même vide",
                )
        self.present = present
        return found

    def header_map(self, sheet: Sheet, raw: RawSheet, headers: list[Any], row: int) -> dict[int, Column]:
        by_name = {fold(c.header): c for c in sheet.columns} | {fold(c.key): c for c in sheet.columns}
        mapping: dict[int, Column] = {}
        for index, header in enumerate(headers):
            if is_empty(header):
                continue
            column = by_name.get(fold(str(header)))
            cell = Cell(sheet.name, row, get_column_letter(index + 1))
            if column is None:
                taken = {c.key for c in mapping.values()}
                hint = suggestion(
                    str(header), [c.header for c in sheet.columns if c.key not in taken], cutoff=0.75
                )
                if hint:
                    self.add(cell, f"colonne inconnue {quote(header)}{hint}")
                else:
                    self.add(cell, f"colonne {quote(header)} inconnue, ignorée", W)
                continue
            if column in mapping.values():
                self.add(cell, f"colonne {quote(header)} en double")
                continue
            mapping[index] = column
        given = set(mapping.values())
        for column in sheet.columns:
            if column.required and column not in given:
                self.add(Cell(sheet.name, row), f"colonne « {column.header} » absente")
        return mapping

    def parse(self, column: Column, value: Any) -> Any:
        if isinstance(column.kind, Timestamp):
            return column.kind.parse_in(value, self.zone)
        return column.kind.parse(value)

    def table(self, sheet: Sheet, raw: RawSheet | None) -> list[Record]:
        if raw is None:
            return []
        start = next((i for i, row in enumerate(raw.rows) if any(not is_empty(v) for v in row)), None)
        if start is None:
            return []
        mapping = self.header_map(sheet, raw, raw.rows[start], start + 1)
        records = []
        where = {column.key: index for index, column in mapping.items()}
        columns = list(mapping.items())
        for offset, row in enumerate(raw.rows[start + 1 :], start=start + 2):
            if all(is_empty(v) for v in row):
                continue
            record = Record(sheet, offset, where)
            values = record.values
            for index, column in columns:
                value = row[index] if index < len(row) else None
                if is_empty(value):
                    continue
                try:
                    values[column.key] = self.parse(column, value)
                except CellError as exc:
                    self.add(record.cell(column.key), str(exc))
                    record.failed.add(column.key)
            records.append(record)
        return records

    def form(self, sheet: Sheet, raw: RawSheet | None) -> Record:
        """The « Groupement » sheet: a « Champ » column naming the field, a « Valeur » column."""
        record = Record(sheet, 0)
        if raw is None:
            return record
        start = next((i for i, row in enumerate(raw.rows) if any(not is_empty(v) for v in row)), None)
        if start is None:
            return record
        headers = [fold(str(h)) if not is_empty(h) else "" for h in raw.rows[start]]
        try:
            label_at, value_at = headers.index(fold(FORM_HEADERS[1])), headers.index(fold(FORM_HEADERS[2]))
        except ValueError:
            self.add(
                Cell(sheet.name, start + 1),
                f"en-têtes attendus : « {FORM_HEADERS[1]} » et « {FORM_HEADERS[2]} »",
            )
            return record
        by_label = {fold(c.header): c for c in sheet.columns} | {fold(c.key): c for c in sheet.columns}
        seen: dict[str, int] = {}
        for number, row in enumerate(raw.rows[start + 1 :], start=start + 2):
            label = row[label_at] if label_at < len(row) else None
            value = row[value_at] if value_at < len(row) else None
            if is_empty(label):
                if not is_empty(value):
                    self.add(
                        Cell(sheet.name, number, get_column_letter(label_at + 1)),
                        "une valeur sans champ : écrivez le nom du champ en colonne « Champ »",
                    )
                continue
            column = by_label.get(fold(str(label)))
            label_cell = Cell(sheet.name, number, get_column_letter(label_at + 1))
            if column is None:
                hint = suggestion(str(label), [c.header for c in sheet.columns], cutoff=0.75)
                self.add(
                    label_cell, f"champ inconnu {quote(label)}{hint}", E if hint or not is_empty(value) else W
                )
                continue
            if column.key in seen:
                self.add(label_cell, f"champ {quote(label)} déjà donné ligne {seen[column.key]}")
                continue
            seen[column.key] = number
            cell = Cell(sheet.name, number, get_column_letter(value_at + 1), column.header)
            record.explicit[column.key] = cell
            if is_empty(value):
                continue
            try:
                record.values[column.key] = self.parse(column, value)
            except CellError as exc:
                self.add(cell, str(exc))
                record.failed.add(column.key)
        return record

    # --- rows into scenario data ----------------------------------------------------------------------

    def register(self, base: str, record: Record) -> None:
        self.anchors[base] = record
        for key in record.failed:
            column = record.sheet.by_key[key]
            if column.path is not None:
                path = dotted(base, column.path)
                self.reported.add(path)
                self.unread.append((path.rsplit(".", 1)[0], column.path[-1]))

    @staticmethod
    def obj(record: Record) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for column in record.sheet.columns:
            if column.path is not None and column.key in record.values:
                set_path(out, column.path, record.values[column.key])
        return out

    def link(self, record: Record, key: str, known: dict[str, int], what: str, sheet: str) -> int | None:
        """The index of the parent a row names in its linking column, or None (reported)."""
        value = record.values.get(key)
        cell = record.cell(key)
        if value is None:
            if key not in record.failed:
                self.add(cell, f"valeur obligatoire : {what}")
            return None
        value = str(value)
        if value not in known:
            hint = suggestion(value, list(known), cutoff=0.6)
            unknown = "inconnue" if what in FEMININE else "inconnu"
            self.add(cell, f"{what} {unknown} {quote(value)}{hint or f' : absent de la feuille {sheet}'}")
            return None
        return known[value]

    def build(self, geocoder: Geocoder | None = None) -> ImportResult:
        raws = self.sheets()
        group_record = self.form(SHEETS[0], raws.get("group"))
        tz_text = group_record.values.get("group.timezone")
        if isinstance(tz_text, str):
            try:
                self.zone = ZoneInfo(tz_text)
            except (ZoneInfoNotFoundError, ValueError):
                self.add(
                    group_record.cell("group.timezone"),
                    f"fuseau horaire inconnu {quote(tz_text)} : écrivez par ex. Europe/Paris",
                )
                group_record.values.pop("group.timezone")
        records = {sheet.key: self.table(sheet, raws.get(sheet.key)) for sheet in SHEETS[1:]}
        data = self.data
        for column in SHEETS[0].columns:
            if column.key in group_record.explicit and column.path:
                self.cells[column.dotted] = group_record.explicit[column.key]
            if column.key in group_record.failed:
                self.reported.add(column.dotted)
            if column.key in group_record.values and column.path:
                set_path(data, column.path, group_record.values[column.key])
        self.cells.setdefault("group", Cell(SHEETS[0].name))
        data.setdefault("group", {})

        members = self.rows_into("members", records["members"])
        member_at = self.index_of(records["members"], "id")
        for record in records["sites"]:
            owner = self.link(record, "member", member_at, "adhérent", "Adhérents")
            if owner is None:
                continue
            sites = members[owner].setdefault("sites", [])
            base = f"members[{owner}].sites[{len(sites)}]"
            self.register(base, record)
            sites.append(self.obj(record))
            self.places.append((base, sites[-1], "location", record))

        employees = self.rows_into("employees", records["employees"])
        for index, record in enumerate(records["employees"]):
            self.places.append((f"employees[{index}]", employees[index], "home", record))
        employee_at = self.index_of(records["employees"], "id")
        contract_row: dict[int, Record] = {}
        for record in records["contracts"]:
            owner = self.link(record, "employee", employee_at, "salarié", "Salariés")
            if owner is None:
                continue
            if owner in contract_row:
                self.add(
                    record.cell("employee"),
                    f"deuxième contrat pour {quote(employees[owner].get('id'))} (déjà en {contract_row[owner].cell('employee')}) : un salarié a un contrat",
                )
                continue
            contract_row[owner] = record
            self.register(f"employees[{owner}].contract", record)
            employees[owner]["contract"] = self.obj(record)
        for index, record in enumerate(records["employees"]):
            if index in contract_row:
                continue
            if "contracts" not in self.present:  # the missing sheet is reported once
                self.reported.add(f"employees[{index}].contract")
                continue
            self.add(
                record.first_cell(),
                f"aucun contrat pour {quote(record.values.get('id', '?'))} : ajoutez sa ligne dans la feuille Contrats",
                path=f"employees[{index}].contract",
            )
        for key, field_name in (("absences", "absences"), ("wishes", "wishes")):
            for record in records[key]:
                owner = self.link(record, "employee", employee_at, "salarié", "Salariés")
                if owner is None:
                    continue
                items = employees[owner].setdefault(field_name, [])
                self.register(f"employees[{owner}].{field_name}[{len(items)}]", record)
                items.append(self.obj(record))

        self.rows_into("needs", records["needs"])
        self.rows_into("secondments", records["loans"])
        self.rows_into("agreements", records["agreements"])
        self.pricing(records["pricing"])
        self.rules(records["rules"], self.index_of(records["agreements"], "id"), employee_at, contract_row)
        legs = [self.obj(r) for r in records["matrix"]]
        for i, record in enumerate(records["matrix"]):
            self.register(f"travel.matrix[{i}]", record)
        if legs or "matrix" in self.present:
            data.setdefault("travel", {})["matrix"] = legs
        self.rows_into("pins", records["pins"])
        self.history(records)
        self.skills(records)
        if geocoder is not None:
            for cell, message, severity in geocoder(data, self.locate):
                self.add(cell, message, severity)
        self.coordinates()
        return self.finish()

    def rows_into(self, target: str, records: list[Record]) -> list[dict[str, Any]]:
        items = []
        for index, record in enumerate(records):
            self.register(f"{target}[{index}]", record)
            items.append(self.obj(record))
        self.data[target] = items
        return items

    @staticmethod
    def index_of(records: list[Record], key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for index, record in enumerate(records):
            value = record.values.get(key)
            if isinstance(value, str):
                out.setdefault(value, index)  # a duplicate id is the loader's to report
        return out

    def pricing(self, records: list[Record]) -> None:
        profiles: list[dict[str, Any]] = []
        at: dict[str, int] = {}
        rule_keys: dict[tuple[int, str | None], Record] = {}
        for record in records:
            profile_id = record.values.get("profile")
            if not isinstance(profile_id, str):
                if "profile" not in record.failed:
                    self.add(record.cell("profile"), "valeur obligatoire : l'identifiant du profil")
                continue
            if profile_id not in at:
                at[profile_id] = len(profiles)
                profiles.append({"id": profile_id})
                self.cells[f"group.pricing_profiles[{at[profile_id]}]"] = record.cell("profile")
                self.cells[f"group.pricing_profiles[{at[profile_id]}].id"] = record.cell("profile")
            index = at[profile_id]
            profile = profiles[index]
            name = record.values.get("name")
            if name is not None:
                if profile.get("name", name) != name:
                    self.add(
                        record.cell("name"),
                        f"le profil {quote(profile_id)} porte déjà le nom {quote(profile['name'])}",
                    )
                else:
                    profile["name"] = name
                    self.cells[f"group.pricing_profiles[{index}].name"] = record.cell("name")
            kind = record.values.get("contract_kind")
            if (index, kind) in rule_keys:
                what = f"le type {quote(kind)}" if kind else "le tarif par défaut"
                self.add(
                    record.cell("contract_kind"),
                    f"{what} du profil {quote(profile_id)} est déjà en {rule_keys[(index, kind)].first_cell()}",
                )
                continue
            rule_keys[(index, kind)] = record
            base = f"group.pricing_profiles[{index}]." + (f"by_contract_kind.{kind}" if kind else "default")
            self.register(base, record)
            rule = self.obj(record)
            if kind:
                profile.setdefault("by_contract_kind", {})[kind] = rule
            else:
                profile["default"] = rule
        if profiles or "pricing" in self.present:
            self.data["group"]["pricing_profiles"] = profiles

    def rules(
        self,
        records: list[Record],
        agreement_at: dict[str, int],
        employee_at: dict[str, int],
        contract_row: dict[int, Record],
    ) -> None:
        seen: dict[tuple[str, str, str], Record] = {}
        for record in records:
            scope, target, rule_text = (
                record.values.get("scope"),
                record.values.get("target"),
                record.values.get("rule"),
            )
            if scope is None or rule_text is None:
                for key in ("scope", "rule"):
                    if record.values.get(key) is None and key not in record.failed:
                        self.add(record.cell(key), "valeur obligatoire")
                continue
            code = rule_code(str(rule_text))
            if code is None:  # pragma: no cover - the column's list already refused it
                continue
            if "value" not in record.values:
                if "value" not in record.failed:
                    self.add(record.cell("value"), "valeur obligatoire (« aucune » supprime la règle)")
                continue
            try:
                value = parse_rule_value(code, record.values["value"])
            except CellError as exc:
                self.add(record.cell("value"), str(exc))
                continue
            if code == "preset" and scope != "group":
                self.add(
                    record.cell("rule"), "la base des règles se choisit pour tout le groupement seulement"
                )
                continue
            rule_key = (str(scope), str(target or ""), code)
            if rule_key in seen:
                self.add(record.cell("rule"), f"règle déjà donnée en {seen[rule_key].first_cell()}")
                continue
            seen[rule_key] = record
            if scope == "group":
                if target:
                    self.add(record.cell("target"), "laissez vide pour une règle de tout le groupement")
                    continue
                holder, base = self.data["group"].setdefault("rules", {}), "group.rules"
            elif scope == "agreement":
                index = self.link(record, "target", agreement_at, "convention", "Conventions")
                if index is None:
                    continue
                holder = self.data["agreements"][index].setdefault("rules", {})
                base = f"agreements[{index}].rules"
            else:
                index = self.link(record, "target", employee_at, "salarié", "Salariés")
                if index is None or index not in contract_row:
                    continue
                holder = self.data["employees"][index]["contract"].setdefault("rules", {})
                base = f"employees[{index}].contract.rules"
            holder[code] = value
            self.cells[f"{base}.{code}"] = record.cell("value")

    def history(self, records: dict[str, list[Record]]) -> None:
        entries = [self.obj(r) for r in records["history"]]
        for index, record in enumerate(records["history"]):
            self.register(f"history.employees[{index}]", record)
        at = self.index_of(records["history"], "employee")
        for record in records["recent_shifts"]:
            owner = self.link(record, "employee", at, "salarié", "Historique")
            if owner is None:
                continue
            shifts = entries[owner].setdefault("recent_shifts", [])
            self.register(f"history.employees[{owner}].recent_shifts[{len(shifts)}]", record)
            shifts.append(self.obj(record))
        servers: dict[str, list[str]] = {}
        for record in records["servers"]:
            need, employees = record.values.get("need"), record.values.get("employees")
            if need is None or employees is None:
                for key in ("need", "employees"):
                    if record.values.get(key) is None and key not in record.failed:
                        self.add(record.cell(key), "valeur obligatoire")
                continue
            if need in servers:
                self.add(record.cell("need"), f"besoin {quote(need)} déjà donné plus haut")
                continue
            servers[need] = employees
            self.cells[f"history.last_month_servers.{need}"] = record.cell("employees")
        history = self.data.get("history", {})
        if entries:
            history["employees"] = entries
        if servers:
            history["last_month_servers"] = servers
        if history:
            self.data["history"] = history
            self.cells.setdefault("history", Cell("Historique"))

    def skills(self, records: dict[str, list[Record]]) -> None:
        """Skills named elsewhere must be in « Compétences » when that sheet lists any."""
        catalog: dict[str, Record] = {}
        for record in records["skills"]:
            skill = record.values.get("skill")
            if not isinstance(skill, str):
                continue
            if skill in catalog:
                self.add(
                    record.cell("skill"), f"compétence {quote(skill)} déjà en {catalog[skill].cell('skill')}"
                )
            catalog.setdefault(skill, record)
        if not catalog:
            return
        known = list(catalog)
        for sheet, key in (("employees", "skills"), ("needs", "skill"), ("loans", "skill")):
            for record in records[sheet]:
                value = record.values.get(key)
                for skill in value if isinstance(value, list) else [value] if value is not None else []:
                    if skill not in catalog:
                        self.add(
                            record.cell(key),
                            f"compétence inconnue {quote(skill)}{suggestion(skill, known) or ' : ajoutez-la à la feuille Compétences'}",
                        )

    def coordinates(self) -> None:
        """Every site and home needs its latitude and longitude: typed, or found by --geocode."""
        for base, item, key, record in self.places:
            point = item.get(key) or {}
            lat_key, lon_key = f"{key}.lat", f"{key}.lon"
            if {lat_key, lon_key} & record.failed:
                continue
            has_lat, has_lon = "lat" in point, "lon" in point
            if has_lat and has_lon:
                continue
            path = f"{base}.{key}"
            if has_lat != has_lon:
                missing = lon_key if has_lat else lat_key
                self.add(
                    record.cell(missing), "latitude et longitude vont ensemble : donnez les deux", path=path
                )
                continue
            self.add(
                record.cell(lat_key),
                f"coordonnées manquantes ({record.cell(lat_key)}, {record.cell(lon_key)}) : saisissez latitude "
                "et longitude, ou importez avec --geocode pour les trouver depuis l'adresse",
                path=path,
            )

    # --- the loader's checks, by cell -----------------------------------------------------------------

    def locate(self, path: str) -> Cell | None:
        """The cell a field path of the data came from (or its row's, or None)."""
        probe = path
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            record = self.anchors.get(probe)
            if record is not None:
                rest = path[len(probe) :].lstrip(".")
                for column in record.sheet.columns:
                    if column.path and (
                        rest == column.dotted or rest.startswith((column.dotted + ".", column.dotted + "["))
                    ):
                        return record.cell(column.key)
                return record.first_cell()
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None

    def is_reported(self, path: str, message: str = "") -> bool:
        """Whether a loader finding repeats one of ours: the same field, or an echo of a cell that could
        not be read (« give weekdays or dates » when the weekdays cell was « lun, mardy »)."""
        if any(path == p or path.startswith((p + ".", p + "[")) for p in self.reported):
            return True
        return any(
            (path == base or path.startswith((base + ".", base + "[")))
            and re.search(rf"\b{field}\b", message)
            for base, field in self.unread
        )

    def finish(self) -> ImportResult:
        from engine.loader import check_scenario_data

        scenario, problems = check_scenario_data(self.data, self.book.name)
        for problem in problems:
            if self.is_reported(problem.path, problem.message):
                continue
            cell = self.locate(problem.path)
            message = translate(problem.message, problem.path, self.locate)
            if cell is not None and cell.header is None and problem.path:
                label = _field_label(problem.path)
                if label:
                    message = f"{label} : {message}"
            self.problems.append(
                CellProblem(self.book.name, problem.path, message, None, problem.severity, cell)
            )
        order = {s.name: i for i, s in enumerate(SHEETS)}
        self.problems.sort(
            key=lambda p: (
                p.severity is not Severity.ERROR,
                order.get(p.cell.sheet, -1) if p.cell else -1,
                (p.cell.row or 0) if p.cell else 0,
                len(p.cell.column or "") if p.cell else 0,
                (p.cell.column or "") if p.cell else "",
            )
        )
        has_errors = any(p.severity is Severity.ERROR for p in self.problems)
        return ImportResult(
            self.data, None if has_errors else scenario, self.problems, self.locate, self.present
        )


def _field_label(path: str) -> str:
    """The French header of the column a model path belongs to, for messages pointing at a row."""
    tail = path.split("].")[-1] if "]." in path else path
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.path and (column.dotted == tail or tail.endswith("." + column.dotted)):
                return column.header
    return ""


def build_scenario(book: RawBook, geocoder: Geocoder | None = None) -> ImportResult:
    """Raw sheets → scenario data and every problem, by cell (the validated scenario when none is an
    error)."""
    return Builder(book).build(geocoder)
