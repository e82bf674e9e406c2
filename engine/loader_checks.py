"""Checks of a scenario beyond its schema: references, duplicates, dates, amounts and legal plausibility.

`check_references` walks the raw parsed data, so it reports unknown references and duplicate ids even when
the schema pass failed elsewhere in the file (the user sees every problem at once). `check_plausibility`
runs on a schema-valid `Scenario` and reports what a type cannot say: wages below the SMIC, amounts no
real group uses, rule overrides that do not combine, loans billed below cost outside L8241-3.

References: SMIC €12.02/h from 1 Jan 2026 (décret 2025); L3123-7 (24 h part-time minimum, derogations
L3123-27); L8241-3 (loans below cost: lender group ≥ 5,000 staff, host < 8 years old or ≤ 250 staff,
outside the lender's group, at most 2 years).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, Severity
from engine.loans import below_cost_refusals
from engine.model import Agreement, Employee, Group, History, Member, Need, Pin, Scenario, Secondment
from engine.model.common import MONTH_PATTERN, french_vat_of, is_company
from engine.model.employee import SMIC_HOURLY_2026, ContractKind
from engine.model.rules import RULE_FIELDS, RuleSet
from engine.model.secondment import LoanBilling
from engine.plausible import dotted, implausible
from engine.yamlio import LoadedYaml, format_loc

W = Severity.WARNING
UNKNOWN_RULES_PREFIX = "unknown rule(s):"
MAX_COEFFICIENT = Decimal("4")
MAX_CONTRIBUTION_RATE = Decimal("1")
PLACE = "place (a site id or home:<employee id>)"
_MONTH = re.compile(MONTH_PATTERN)


class Collector:
    """Collects problems with their line while walking a scenario."""

    def __init__(self, loaded: LoadedYaml, filename: str):
        self.loaded = loaded
        self.filename = filename
        self.problems: list[Problem] = []
        self.index = Indexed({})
        self.partial = False

    def add(self, path: str, message: str, severity: Severity = Severity.ERROR) -> None:
        if self.partial and severity is Severity.WARNING:
            return  # warnings about a half-read file would mostly be echoes of its errors
        self.problems.append(Problem(self.filename, path, message, self.loaded.line_of(path), severity))

    def unique_ids(self, entries: Iterable[tuple[str, Any]], what: str) -> set[str]:
        seen: dict[str, str] = {}
        for path, value in entries:
            if not isinstance(value, str):
                continue
            if value in seen:
                self.add(path, f"duplicate {what} id {value!r} (first at {seen[value]}); ids must be unique")
            else:
                seen[value] = path
        return set(seen)

    def known(self, path: str, value: Any, known: set[str], what: str) -> None:
        if value is None or not isinstance(value, str):
            return
        if value not in known:
            hint = closest(value, known)
            if hint:
                self.add(path, f"unknown {what} {value!r} (did you mean {hint!r}?)")
            elif known:
                self.add(path, f"unknown {what} {value!r}")
            else:
                self.add(path, f"unknown {what} {value!r}: the file defines none")


def closest(value: str, known: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _text(value: Any) -> str | None:
    """A raw value usable as an id (a set member): text, else None (the schema pass reports the type)."""
    return value if isinstance(value, str) else None


def _mapping(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


# --- references on the raw data -------------------------------------------------------------------


def check_references(loaded: LoadedYaml, filename: str, *, dates: bool = True) -> list[Problem]:
    """References and duplicate ids on the raw data; with `dates`, every date's year too."""
    data: dict[str, Any] = loaded.data if isinstance(loaded.data, dict) else {}
    refs = Collector(loaded, filename)
    group = _mapping(data, "group")

    members = _items(data, "members")
    member_ids = refs.unique_ids(((f"members[{i}].id", m.get("id")) for i, m in members), "member")
    site_entries = [
        (f"members[{i}].sites[{j}].id", s.get("id"), m.get("id"))
        for i, m in members
        for j, s in _items(m, "sites")
    ]
    site_ids = refs.unique_ids(((p, s) for p, s, _ in site_entries), "site")
    site_owner: dict[str, Any] = {}
    for _, s, owner in site_entries:
        if isinstance(s, str):
            site_owner.setdefault(s, owner)  # a duplicate site is reported; the first owner stands
    employees = _items(data, "employees")
    employee_ids = refs.unique_ids(((f"employees[{i}].id", e.get("id")) for i, e in employees), "employee")
    needs = _items(data, "needs")
    need_ids = refs.unique_ids(((f"needs[{i}].id", n.get("id")) for i, n in needs), "need")
    loans = _items(data, "secondments")
    loan_ids = refs.unique_ids(((f"secondments[{i}].id", s.get("id")) for i, s in loans), "secondment")
    for i, loan in loans:
        if _text(loan.get("id")) in need_ids:
            refs.add(f"secondments[{i}].id", f"id {loan.get('id')!r} is also a need id; give it another")
    agreements = _items(data, "agreements")
    agreement_ids = refs.unique_ids(
        ((f"agreements[{i}].id", a.get("id")) for i, a in agreements), "agreement"
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

    _rule_keys(refs, "group.rules", group.get("rules"), allow_preset=True)
    for i, a in agreements:
        _rule_keys(refs, f"agreements[{i}].rules", a.get("rules"))

    for i, e in employees:
        refs.known(f"employees[{i}].employer", e.get("employer"), member_ids, "member")
        contract = _mapping(e, "contract")
        refs.known(
            f"employees[{i}].contract.agreement", contract.get("agreement"), agreement_ids, "agreement"
        )
        _rule_keys(refs, f"employees[{i}].contract.rules", contract.get("rules"))
        for j, wish in _items(e, "wishes"):
            refs.known(f"employees[{i}].wishes[{j}].member", wish.get("member"), member_ids, "member")

    for i, n in needs:
        refs.known(f"needs[{i}].member", n.get("member"), member_ids, "member")
        site = n.get("site")
        refs.known(f"needs[{i}].site", site, site_ids, "site")
        owner = site_owner.get(site) if isinstance(site, str) else None
        if owner is not None and _text(n.get("member")) in member_ids and owner != n.get("member"):
            refs.add(
                f"needs[{i}].site", f"site {site!r} belongs to member {owner!r}, not {n.get('member')!r}"
            )
        preferred = n.get("preferred_employees")
        if isinstance(preferred, list):
            for j, emp in enumerate(preferred):
                refs.known(f"needs[{i}].preferred_employees[{j}]", emp, employee_ids, "employee")

    _loan_references(refs, loans, employees, member_ids, employee_ids, site_ids, site_owner)

    for i, pin in _items(data, "pins"):
        refs.known(f"pins[{i}].employee", pin.get("employee"), employee_ids, "employee")
        refs.known(f"pins[{i}].need", pin.get("need"), need_ids | loan_ids, "need or secondment")

    history = _mapping(data, "history")
    for i, h in _items(history, "employees"):
        refs.known(f"history.employees[{i}].employee", h.get("employee"), employee_ids, "employee")
        for j, shift in _items(h, "recent_shifts"):
            refs.known(f"history.employees[{i}].recent_shifts[{j}].site", shift.get("site"), site_ids, "site")
    servers = history.get("last_month_servers")
    if isinstance(servers, dict):
        for need, emps in servers.items():
            path = f"history.last_month_servers.{need}"
            refs.known(path, need, need_ids | loan_ids, "need")
            for j, emp in enumerate(emps if isinstance(emps, list) else []):
                refs.known(f"{path}[{j}]", emp, employee_ids, "employee")

    places = site_ids | {f"home:{e}" for e in employee_ids}
    for i, leg in _items(_mapping(data, "travel"), "matrix"):
        refs.known(f"travel.matrix[{i}].from", leg.get("from"), places, PLACE)
        refs.known(f"travel.matrix[{i}].to", leg.get("to"), places, PLACE)
        if isinstance(leg.get("from"), str) and leg.get("from") == leg.get("to"):
            refs.add(f"travel.matrix[{i}].to", "a leg from a place to itself (always 0 km)")

    if dates:
        _dates_in_range(refs, data)
    return refs.problems


def _loan_references(
    refs: Collector,
    loans: list[tuple[int, dict[str, Any]]],
    employees: list[tuple[int, dict[str, Any]]],
    member_ids: set[str],
    employee_ids: set[str],
    site_ids: set[str],
    site_owner: dict[str, Any],
) -> None:
    employer_of: dict[Any, Any] = {_text(e.get("id")): e.get("employer") for _, e in employees}
    for i, s in loans:
        base = f"secondments[{i}]"
        for field, known, what in (
            ("lender", member_ids, "member"),
            ("host", member_ids, "member"),
            ("employee", employee_ids, "employee"),
            ("site", site_ids, "site"),
        ):
            refs.known(f"{base}.{field}", s.get(field), known, what)
        if s.get("lender") is not None and s.get("lender") == s.get("host"):
            refs.add(f"{base}.host", "the host is the lender itself; a loan needs two different members")
        owner = site_owner.get(str(s.get("site")))
        if owner is not None and _text(s.get("host")) in member_ids and owner != s.get("host"):
            refs.add(f"{base}.site", f"site {s.get('site')!r} belongs to {owner!r}, not to the host")
        employer = employer_of.get(_text(s.get("employee")))
        if _text(s.get("employee")) in employee_ids and employer != s.get("lender"):
            refs.add(
                f"{base}.employee",
                f"employee {s.get('employee')!r} is employed by {employer or 'the group'!r}, not by the "
                f"lender; set employees[].employer: {s.get('lender')}",
            )


def _rule_keys(refs: Collector, path: str, rules: Any, allow_preset: bool = False) -> None:
    """Each unknown rule name, at its own path, with the closest real rule."""
    if not isinstance(rules, dict):
        return
    known = RULE_FIELDS | ({"preset"} if allow_preset else set())
    for key in rules:
        if str(key) not in known:
            if allow_preset:
                continue  # the schema pass reports unknown fields of group.rules itself
            hint = closest(str(key), known)
            refs.add(
                f"{path}.{key}",
                f"unknown rule {key!r}"
                + (f" (did you mean {hint!r}?)" if hint else "; see docs/scenarios.md"),
            )


def _dates_in_range(refs: Collector, data: Any) -> None:
    """Every date of the file in the plausible years (`engine.plausible`, the same rule as the service's
    writes): a typo in a year is caught wherever it is."""
    for loc, message in implausible(data):
        refs.add(dotted(loc), message)


# --- plausibility on the validated model ------------------------------------------------------------


SECTIONS: dict[str, type[BaseModel]] = {
    "agreements": Agreement,
    "members": Member,
    "employees": Employee,
    "needs": Need,
    "secondments": Secondment,
    "pins": Pin,
}


class Indexed:
    """Positions in the file of the items a (possibly partial) scenario kept, per section."""

    def __init__(self, positions: dict[str, list[int]]):
        self.positions = positions

    def at(self, section: str, kept: int) -> int:
        return self.positions[section][kept]

    def items(self, section: str, values: list[Any]) -> list[tuple[int, Any]]:
        return list(zip(self.positions[section], values, strict=True))


def partial_scenario(data: dict[str, Any]) -> tuple[Scenario, Indexed]:
    """The valid parts of a file whose whole failed the schema, so plausibility checks still run on them.

    Each item of each list is validated on its own and kept if valid; the group falls back to French law
    defaults when its own section is broken. Only checks run on this scenario, never planning.
    """
    kept: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    for name, model in SECTIONS.items():
        items = data.get(name)
        kept[name], positions[name] = [], []
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                kept[name].append(model.model_validate(item))
            except ValidationError:
                continue
            positions[name].append(i)
    try:
        group = Group.model_validate(data.get("group"))
    except ValidationError:
        group = Group.model_construct(rules=RuleSet(), pricing_profiles=[], default_agreement=None)  # type: ignore[call-arg]
    try:
        history = History.model_validate(data["history"]) if data.get("history") is not None else None
    except ValidationError:
        history = None
    month = data.get("month") if isinstance(data.get("month"), str) else None
    if month is not None and not _MONTH.fullmatch(month):
        month = None
    scenario = Scenario.model_construct(group=group, history=history, month=month)
    for name, values in kept.items():
        setattr(scenario, name, values)
    return scenario, Indexed(positions)


def full_index(scenario: Scenario) -> Indexed:
    return Indexed({name: list(range(len(getattr(scenario, name)))) for name in SECTIONS})


def check_plausibility(
    scenario: Scenario, loaded: LoadedYaml, filename: str, index: Indexed | None = None
) -> list[Problem]:
    """Plausibility of a validated scenario, or of the valid parts of a broken one (`partial_scenario`)."""
    out = Collector(loaded, filename)
    out.index = index or full_index(scenario)
    out.partial = index is not None
    agreement_rules = _agreement_rules(scenario, out)
    effective = _employee_checks(scenario, out, agreement_rules)
    _need_checks(scenario, out, effective)
    _pricing_checks(scenario, out)
    _loan_checks(scenario, out)
    _issuer_checks(scenario, out)
    _pin_and_history_checks(scenario, out)
    _identity_checks(scenario, out)
    return out.problems


def _identity_checks(scenario: Scenario, out: Collector) -> None:
    """A French VAT number is the SIREN with its key: one that names another SIREN is a copy-paste slip
    (each number's own key is checked by the model, with python-stdnum)."""
    entries = [("group", getattr(scenario.group, "siren", None), getattr(scenario.group, "vat_number", None))]
    entries += [
        (f"members[{i}]", m.siren, m.vat_number) for i, m in out.index.items("members", scenario.members)
    ]
    for base, siren, vat in entries:
        if siren and vat and vat.startswith("FR") and len(vat) == 13 and vat[4:] != siren:
            out.add(
                f"{base}.vat_number",
                f"VAT number {vat} is not the one of SIREN {siren} (expected {french_vat_of(siren)})",
            )


def _rule_errors(out: Collector, path: str, exc: ValidationError) -> None:
    for error in exc.errors(include_url=False):
        loc = format_loc(tuple(p for p in error["loc"] if isinstance(p, str | int)))
        message = str(error["msg"]).removeprefix("Value error, ")
        out.add(f"{path}.{loc}" if loc else path, message)


def _agreement_rules(scenario: Scenario, out: Collector) -> dict[str, RuleSet | None]:
    """Each agreement's rules over the group's; None where the overrides are invalid (reported)."""
    result: dict[str, RuleSet | None] = {}
    for i, agreement in out.index.items("agreements", scenario.agreements):
        try:
            result[agreement.id] = scenario.group.rules.with_overrides(agreement.rules)
        except ValidationError as exc:
            _rule_errors(out, f"agreements[{i}].rules", exc)
            result[agreement.id] = None
    return result


def _employee_checks(
    scenario: Scenario, out: Collector, agreement_rules: dict[str, RuleSet | None]
) -> dict[str, RuleSet]:
    """Checks of each employee; returns the effective rules of those whose overrides are valid."""
    effective: dict[str, RuleSet] = {}
    demanded = {n.skill for n in scenario.needs}
    lent = {s.employee for s in scenario.secondments}
    for i, e in out.index.items("employees", scenario.employees):
        base = f"employees[{i}]"
        c = e.contract
        agreement = c.agreement or scenario.group.default_agreement
        rules: RuleSet | None = scenario.group.rules
        if agreement is not None:
            rules = agreement_rules.get(agreement)
        if rules is not None and c.rules:
            try:
                rules = rules.with_overrides(c.rules)
            except ValidationError as exc:
                _rule_errors(out, f"{base}.contract.rules", exc)
                rules = None
        if rules is not None:
            effective[e.id] = rules
        if c.kind is not ContractKind.WORK_STUDY and e.hourly_wage < SMIC_HOURLY_2026:
            out.add(
                f"{base}.hourly_wage",
                f"€{e.hourly_wage}/h is below the SMIC (€{SMIC_HOURLY_2026}/h gross); only work-study "
                "contracts may pay less",
            )
        if e.employer_contribution_rate > MAX_CONTRIBUTION_RATE:
            out.add(
                f"{base}.employer_contribution_rate",
                f"{e.employer_contribution_rate} means contributions above the gross wage; write a ratio "
                "such as 0.42 for 42 %",
            )
        minimum = rules.part_time_min_weekly_minutes if rules is not None else None
        if c.is_part_time and minimum and c.weekly_minutes < minimum and not c.part_time_derogation:
            out.add(
                f"{base}.contract.weekly_hours",
                f"part-time contract of {c.weekly_minutes / 60:g} h/week is under {minimum / 60:g} h without a "
                "derogation (L3123-7); set part_time_derogation: true if one applies (L3123-27)",
                W,
            )
        if not e.skills and e.id not in lent:
            out.add(f"{base}.skills", "no skills: this employee can fill no need", W)
        elif scenario.needs and e.id not in lent and not demanded & set(e.skills):
            out.add(f"{base}.skills", "no need of the scenario asks for any of these skills", W)
    return effective


@dataclasses.dataclass
class _SkillPool:
    """What the need checks ask of the employees qualified for one skill, computed once per skill (a
    10,000-employee group has 36,000 needs: asking every employee for every need took minutes)."""

    longest: list[int | None] = dataclasses.field(
        default_factory=list
    )  # each one's daily maximum (None: none)
    nights: dict[tuple[dt.time, dt.time], RuleSet] = dataclasses.field(
        default_factory=dict
    )  # distinct night periods

    def add(self, employee: Employee, rules: RuleSet) -> None:
        self.longest.append(_daily_limit(employee, rules))
        self.nights.setdefault((rules.night_start, rules.night_end), rules)


def _need_checks(scenario: Scenario, out: Collector, effective: dict[str, RuleSet]) -> None:
    """Needs nobody can take, read with each qualified employee's own rules (agreement, contract)."""
    skills = {s for e in scenario.employees for s in e.skills} | {s.skill for s in scenario.secondments}
    group_rules = scenario.group.rules
    month_days = _month_days(scenario.month)
    pools: dict[str, _SkillPool] = {}
    for e in scenario.employees:
        if e.id in effective:
            for skill in dict.fromkeys(e.skills):
                pools.setdefault(skill, _SkillPool()).add(e, effective[e.id])
    no_one = _SkillPool()
    for i, n in out.index.items("needs", scenario.needs):
        if n.skill not in skills:
            out.add(
                f"needs[{i}].skill", f"nobody has the skill {n.skill!r}: every occurrence stays unfilled", W
            )
        pool = pools.get(n.skill, no_one)
        longest = pool.longest
        if longest and all(limit is not None and n.length_minutes > limit for limit in longest):
            most = max(limit for limit in longest if limit is not None)
            out.add(
                f"needs[{i}].end",
                f"a {n.length_minutes / 60:g} h window exceeds the daily maximum of every employee with the "
                f"skill {n.skill!r} (at most {most / 60:g} h, L3121-18): nobody can take it whole",
                W,
            )
        if month_days is not None and not n.has_date_between(*month_days):
            out.add(f"needs[{i}]", f"no date of this need falls in the scenario month {scenario.month}", W)
        site = scenario.site_by_id.get(n.site)
        periods = list(pool.nights.values()) or [group_rules]
        if (
            site is not None
            and not site.night_derogation
            and all(_reaches_night(n.start, n.end, rules) for rules in periods)
        ):
            night = periods[0]
            out.add(
                f"needs[{i}].end",
                f"the window {n.start:%H:%M}–{n.end:%H:%M} reaches into the night period "
                f"{night.night_start:%H:%M}–{night.night_end:%H:%M} at site {n.site!r}, which does not "
                "organise night work (L3122-1): nobody is assigned to it; set night_derogation: true on the "
                "site if it does",
                W,
            )


def _daily_limit(employee: Employee, rules: RuleSet) -> int | None:
    """The longest working day the employee may have (None: no hourly maximum, forfait jours, L3121-62)."""
    if employee.contract.kind is ContractKind.FORFAIT_JOURS:
        return None
    limit = rules.daily_max_minutes
    if employee.minor and rules.minor_rules:
        limit = min(limit or rules.minor_daily_max_minutes, rules.minor_daily_max_minutes)
    return limit


def _reaches_night(start: dt.time, end: dt.time, rules: RuleSet) -> bool:
    """Whether a daily window (ending the next day when it ends before it starts) has a minute in the
    night period, by the clock (a DST night moves it by an hour at most)."""
    begin, finish = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    if finish <= begin:
        finish += 1440
    night_from = rules.night_start.hour * 60 + rules.night_start.minute
    night_to = rules.night_end.hour * 60 + rules.night_end.minute
    if night_to <= night_from:
        night_to += 1440
    return any(begin < night_to + shift and night_from + shift < finish for shift in (-1440, 0, 1440))


def _month_days(month: str | None) -> tuple[dt.date, dt.date] | None:
    if month is None:
        return None
    from engine.timeutil import month_bounds

    return month_bounds(month)


def _pricing_checks(scenario: Scenario, out: Collector) -> None:
    for i, profile in enumerate(scenario.group.pricing_profiles):
        rules = [("default", profile.default)]
        rules += [(f"by_contract_kind.{k}", r) for k, r in profile.by_contract_kind.items()]
        kinds = {k.value for k in ContractKind}
        for name, rule in rules:
            path = f"group.pricing_profiles[{i}].{name}"
            if rule.coefficient is not None and rule.coefficient > MAX_COEFFICIENT:
                out.add(
                    f"{path}.coefficient", f"a coefficient of {rule.coefficient} (above 4) is not plausible"
                )
            if name.startswith("by_contract_kind.") and name.split(".", 1)[1] not in kinds:
                out.add(path, f"unknown contract kind; use one of {', '.join(sorted(kinds))}")


def _loan_checks(scenario: Scenario, out: Collector) -> None:
    members = scenario.member_by_id
    employees = scenario.employee_by_id
    for i, s in out.index.items("secondments", scenario.secondments):
        base = f"secondments[{i}]"
        if s.duration_days > 3 * 366:
            out.add(f"{base}.end", "a loan of staff longer than 3 years is not plausible")
        lender, host, emp = members.get(s.lender), members.get(s.host), employees.get(s.employee)
        if emp is not None and not (emp.contract.covers(s.start) and emp.contract.covers(s.end)):
            out.add(f"{base}.start", "the loan runs outside the employee's contract", W)
        if s.billing is not LoanBilling.BELOW_COST or lender is None or host is None:
            continue
        for refusal in below_cost_refusals(scenario, s):  # the one L8241-3 reading, shared with billing
            out.add(f"{base}.{refusal.field}", refusal.reason)


def _issuer_checks(scenario: Scenario, out: Collector) -> None:
    """Who issues invoices prints its legal mentions: the group (members' invoices) and each lender (loan
    invoices). A company prints its RCS registration with the registry's town and its share capital
    (R123-237 C. com.); an association prints neither."""
    issuers: list[tuple[str, str, str | None, object]] = []
    group = scenario.group
    if getattr(group, "id", None) is not None:  # a broken group section falls back to an empty one
        issuers.append(("group", group.legal_form, group.rcs_city, group.share_capital))
    lenders = {s.lender for s in scenario.secondments}
    for i, m in out.index.items("members", scenario.members):
        if m.id not in lenders:
            continue
        if not m.legal_form:
            out.add(
                f"members[{i}].legal_form",
                "this member lends staff and issues the loan invoices: give its legal form (for a company "
                "also rcs_city and share_capital, printed on its invoices, R123-237 C. com.)",
                W,
            )
        issuers.append((f"members[{i}]", m.legal_form, m.rcs_city, m.share_capital))
    for base, legal_form, rcs_city, capital in issuers:
        if not is_company(legal_form):
            continue
        if not rcs_city:
            out.add(
                f"{base}.rcs_city",
                f"a company ({legal_form}) prints its RCS registration with the town of its registry on its "
                "invoices (R123-237 C. com.): give rcs_city, e.g. Grenoble",
            )
        if capital is None:
            out.add(
                f"{base}.share_capital",
                f"a company ({legal_form}) prints its share capital on its invoices (R123-237 C. com.): give "
                "share_capital in euros",
            )


def _pin_and_history_checks(scenario: Scenario, out: Collector) -> None:
    for i, pin in out.index.items("pins", scenario.pins):
        need = scenario.need_by_id.get(pin.need)
        if need is not None and not need.pattern_dates(pin.date, pin.date):
            out.add(f"pins[{i}].date", f"need {need.id!r} has no occurrence on {pin.date.isoformat()}")
        emp = scenario.employee_by_id.get(pin.employee)
        if need is not None and emp is not None and need.skill not in emp.skills:
            out.add(
                f"pins[{i}].employee", f"{emp.id!r} does not have the skill {need.skill!r} of {need.id!r}"
            )
    history = scenario.history
    if history is not None and history.month and scenario.month:
        from engine.timeutil import previous_month

        if history.month != previous_month(scenario.month):
            out.add(
                "history.month",
                f"the history ends with {history.month} but the scenario plans {scenario.month}; it should "
                f"end with {previous_month(scenario.month)}",
                W,
            )
