"""Load and validate scenario files, reporting every problem at once.

Validation runs in two passes over the same file and reports both together:
1. the schema (pydantic): types, ranges, required fields, impossible windows or dates;
2. cross references and plausibility on the raw data, so that they are found even when pass 1 failed:
   unknown references, duplicate ids, sites of another member, loans that contradict themselves.
Each problem names the file, the field path and the line. Warnings (e.g. a need nobody is qualified for,
a part-time contract under 24 h without a derogation) do not stop the load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.errors import Problem, ScenarioError, Severity
from engine.model import Scenario
from engine.model.employee import SMIC_HOURLY_2026
from engine.yamlio import LoadedYaml, format_loc, read_yaml

W = Severity.WARNING


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise `ScenarioError` listing every problem."""
    scenario, problems = check_scenario_file(path)
    if scenario is None or any(p.severity is Severity.ERROR for p in problems):
        raise ScenarioError(problems)
    return scenario


def check_scenario_file(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    """Validate a file; return the scenario (None when unusable) and all problems, warnings included."""
    filename = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(filename, "", "file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(filename, "", f"cannot read the file: {exc}")]
    return check_scenario_text(text, filename)


def check_scenario_text(text: str, filename: str = "<scenario>") -> tuple[Scenario | None, list[Problem]]:
    loaded, problems = read_yaml(text, filename)
    if loaded is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        return None, [
            *problems,
            Problem(filename, "", "the file must hold a mapping (group:, members:, …)", 1),
        ]
    scenario = None
    try:
        scenario = Scenario.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, loaded, filename))
    problems.extend(_reference_problems(loaded, filename))
    if scenario is not None:
        problems.extend(_plausibility_problems(scenario, loaded, filename))
    return scenario, problems


def scenario_from_data(data: dict[str, Any], filename: str = "<data>") -> Scenario:
    """Validate already-parsed data (API, generator) with the same checks as a file."""
    loaded = LoadedYaml(data, {})
    problems: list[Problem] = []
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, loaded, filename))
    problems.extend(_reference_problems(loaded, filename))
    if scenario is not None:
        problems.extend(_plausibility_problems(scenario, loaded, filename))
    if scenario is None or any(p.severity is Severity.ERROR for p in problems):
        raise ScenarioError(problems)
    return scenario


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _schema_problems(exc: ValidationError, loaded: LoadedYaml, filename: str) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path = format_loc(loc)
        message = _clean_message(error["msg"])
        if error["type"] == "extra_forbidden":
            message = "unknown field (a typo?)"
        elif error["type"] == "missing":
            message = "required field is missing"
        yield Problem(filename, path, message, loaded.line_of(path))


# --- cross references on the raw data ---------------------------------------------------------------


def _mapping(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


class _Refs:
    """Collects problems about ids and references while walking the raw data."""

    def __init__(self, loaded: LoadedYaml, filename: str):
        self.loaded = loaded
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.filename, path, message, self.loaded.line_of(path), severity))

    def unique_ids(self, entries: Iterable[tuple[str, Any]], what: str) -> set[str]:
        seen: dict[str, str] = {}
        for path, value in entries:
            if not isinstance(value, str):
                continue
            if value in seen:
                self.add(path, f"duplicate {what} id {value!r} (first at {seen[value]})")
            else:
                seen[value] = path
        return set(seen)

    def known(self, path: str, value: Any, known: set[str], what: str) -> None:
        if value is None or not isinstance(value, str):
            return
        if value not in known:
            hint = _closest(value, known)
            self.add(path, f"unknown {what} {value!r}" + (f" (did you mean {hint!r}?)" if hint else ""))


def _closest(value: str, known: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _reference_problems(loaded: LoadedYaml, filename: str) -> list[Problem]:
    data: dict[str, Any] = loaded.data if isinstance(loaded.data, dict) else {}
    refs = _Refs(loaded, filename)
    group = _mapping(data, "group")

    members = _items(data, "members")
    member_ids = refs.unique_ids(((f"members[{i}].id", m.get("id")) for i, m in members), "member")
    site_entries = [
        (f"members[{i}].sites[{j}].id", s.get("id"), m.get("id"))
        for i, m in members
        for j, s in _items(m, "sites")
    ]
    site_ids = refs.unique_ids(((p, s) for p, s, _ in site_entries), "site")
    site_owner: dict[str, Any] = {s: owner for _, s, owner in site_entries if isinstance(s, str)}
    employees = _items(data, "employees")
    employee_ids = refs.unique_ids(((f"employees[{i}].id", e.get("id")) for i, e in employees), "employee")
    needs = _items(data, "needs")
    need_ids = refs.unique_ids(((f"needs[{i}].id", n.get("id")) for i, n in needs), "need")
    loans = _items(data, "secondments")
    loan_ids = refs.unique_ids(((f"secondments[{i}].id", s.get("id")) for i, s in loans), "secondment")
    clash = need_ids & loan_ids
    for i, loan in loans:
        if loan.get("id") in clash:
            refs.add(f"secondments[{i}].id", f"id {loan.get('id')!r} is also a need id")
    agreement_ids = refs.unique_ids(
        ((f"agreements[{i}].id", a.get("id")) for i, a in _items(data, "agreements")), "agreement"
    )
    profile_ids = refs.unique_ids(
        ((f"group.pricing_profiles[{i}].id", p.get("id")) for i, p in _items(group, "pricing_profiles")),
        "pricing profile",
    )
    refs.known("group.default_agreement", group.get("default_agreement"), agreement_ids, "agreement")
    refs.known(
        "group.default_pricing_profile", group.get("default_pricing_profile"), profile_ids, "pricing profile"
    )
    for i, m in members:
        refs.known(f"members[{i}].pricing_profile", m.get("pricing_profile"), profile_ids, "pricing profile")

    for i, e in employees:
        refs.known(f"employees[{i}].employer", e.get("employer"), member_ids, "member")
        contract = _mapping(e, "contract")
        refs.known(
            f"employees[{i}].contract.agreement", contract.get("agreement"), agreement_ids, "agreement"
        )
        for j, wish in _items(e, "wishes"):
            refs.known(f"employees[{i}].wishes[{j}].member", wish.get("member"), member_ids, "member")

    for i, n in needs:
        refs.known(f"needs[{i}].member", n.get("member"), member_ids, "member")
        site = n.get("site")
        refs.known(f"needs[{i}].site", site, site_ids, "site")
        owner = site_owner.get(site) if isinstance(site, str) else None
        if owner is not None and n.get("member") in member_ids and owner != n.get("member"):
            refs.add(
                f"needs[{i}].site", f"site {site!r} belongs to member {owner!r}, not {n.get('member')!r}"
            )
        preferred = n.get("preferred_employees")
        if isinstance(preferred, list):
            for j, emp in enumerate(preferred):
                refs.known(f"needs[{i}].preferred_employees[{j}]", emp, employee_ids, "employee")

    employer_of: dict[Any, Any] = {e.get("id"): e.get("employer") for _, e in employees}
    for i, s in loans:
        for field, known, what in (
            ("lender", member_ids, "member"),
            ("host", member_ids, "member"),
            ("employee", employee_ids, "employee"),
            ("site", site_ids, "site"),
        ):
            refs.known(f"secondments[{i}].{field}", s.get(field), known, what)
        if s.get("lender") is not None and s.get("lender") == s.get("host"):
            refs.add(f"secondments[{i}].host", "the host is the lender itself")
        owner = site_owner.get(str(s.get("site")))
        if owner is not None and s.get("host") in member_ids and owner != s.get("host"):
            refs.add(f"secondments[{i}].site", f"site {s.get('site')!r} belongs to {owner!r}, not the host")
        employer = employer_of.get(s.get("employee", ""))
        if s.get("employee") in employee_ids and employer != s.get("lender"):
            refs.add(
                f"secondments[{i}].employee",
                f"employee {s.get('employee')!r} is employed by {employer or 'the group'!r}, not the lender",
            )

    for i, pin in _items(data, "pins"):
        refs.known(f"pins[{i}].employee", pin.get("employee"), employee_ids, "employee")
        refs.known(f"pins[{i}].need", pin.get("need"), need_ids | loan_ids, "need")

    history = _mapping(data, "history")
    for i, h in _items(history, "employees"):
        refs.known(f"history.employees[{i}].employee", h.get("employee"), employee_ids, "employee")
    servers = history.get("last_month_servers")
    if isinstance(servers, dict):
        for need, emps in servers.items():
            refs.known(f"history.last_month_servers.{need}", need, need_ids, "need")
            for j, emp in enumerate(emps if isinstance(emps, list) else []):
                refs.known(f"history.last_month_servers.{need}[{j}]", emp, employee_ids, "employee")

    travel = _mapping(data, "travel")
    places = site_ids | {f"home:{e}" for e in employee_ids}
    for i, leg in _items(travel, "matrix"):
        refs.known(f"travel.matrix[{i}].from", leg.get("from"), places, "place (site id or home:<employee>)")
        refs.known(f"travel.matrix[{i}].to", leg.get("to"), places, "place (site id or home:<employee>)")
    return refs.problems


# --- plausibility on the validated model ------------------------------------------------------------


def _plausibility_problems(scenario: Scenario, loaded: LoadedYaml, filename: str) -> list[Problem]:
    refs = _Refs(loaded, filename)
    lo, hi = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
    skills = {s for e in scenario.employees for s in e.skills} | {s.skill for s in scenario.secondments}
    for i, e in enumerate(scenario.employees):
        base = f"employees[{i}]"
        c = e.contract
        rules = scenario.rules_for(e) if _references_ok(scenario, e) else scenario.group.rules
        for name, day in (("start", c.start), ("end", c.end)):
            if day is not None and not lo <= day <= hi:
                refs.add(f"{base}.contract.{name}", f"date {day} is outside 2000-2100")
        if c.kind.value != "work_study" and e.hourly_wage < SMIC_HOURLY_2026:
            refs.add(f"{base}.hourly_wage", f"€{e.hourly_wage}/h is below the SMIC (€{SMIC_HOURLY_2026}/h)")
        minimum = rules.part_time_min_weekly_minutes
        if c.is_part_time and minimum and c.weekly_minutes < minimum and not c.part_time_derogation:
            refs.add(
                f"{base}.contract.weekly_hours",
                f"part-time contract of {c.weekly_minutes / 60:g} h/week is under {minimum / 60:g} h without a "
                "derogation (L3123-7); set part_time_derogation if one applies",
                W,
            )
        if e.contract.rules:
            try:
                scenario.rules_for(e)
            except ValueError as exc:
                refs.add(f"{base}.contract.rules", f"rules do not combine: {exc}")
        for j, a in enumerate(e.absences):
            if not lo <= a.start <= hi:
                refs.add(f"{base}.absences[{j}].start", f"date {a.start} is outside 2000-2100")
        if not e.skills and not any(s.employee == e.id for s in scenario.secondments):
            refs.add(f"{base}.skills", "no skills: this employee can fill no need", W)
    for i, n in enumerate(scenario.needs):
        if n.skill not in skills:
            refs.add(
                f"needs[{i}].skill", f"nobody has the skill {n.skill!r}: every occurrence stays unfilled", W
            )
        for name, day in (("from_date", n.from_date), ("until_date", n.until_date)):
            if day is not None and not lo <= day <= hi:
                refs.add(f"needs[{i}].{name}", f"date {day} is outside 2000-2100")
        daily_max = scenario.group.rules.daily_max_minutes
        if daily_max and n.length_minutes > daily_max and scenario.group.rules.preset == "french_law":
            refs.add(
                f"needs[{i}]",
                f"a {n.length_minutes / 60:g} h window exceeds the daily maximum of {daily_max / 60:g} h "
                "(L3121-18): nobody can take it whole",
                W,
            )
    for i, s in enumerate(scenario.secondments):
        if s.duration_days > 3 * 366:
            refs.add(f"secondments[{i}].end", "a loan of staff longer than 3 years is not plausible")
    for i, p in enumerate(scenario.group.pricing_profiles):
        if p.default.coefficient is not None and p.default.coefficient > Decimal("4"):
            refs.add(
                f"group.pricing_profiles[{i}].default.coefficient", "a coefficient above 4 is not plausible"
            )
    return refs.problems


def _references_ok(scenario: Scenario, employee: Any) -> bool:
    agreement = employee.contract.agreement or scenario.group.default_agreement
    return agreement is None or agreement in scenario.agreement_by_id
