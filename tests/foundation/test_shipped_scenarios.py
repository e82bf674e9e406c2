"""The shipped scenarios are valid, show what they claim, and planted errors in copies are found by path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.calendar import month_occurrences
from engine.loader import check_scenario_file, load_scenario
from engine.model import ContractKind, LoanBilling
from engine.timeutil import minutes_between
from tests.foundation.helpers import SCENARIOS, SHIPPED, errors

AGRI = SCENARIOS / "agri-vallee-2026-09.yaml"
INDUSTRY = SCENARIOS / "industrie-cluster-2026-10.yaml"
LOAN = SCENARIOS / "pret-cadre-2026-11.yaml"


def test_the_three_scenarios_are_shipped():
    assert {AGRI, INDUSTRY, LOAN} <= set(SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_has_no_problem_at_all(path):
    scenario, problems = check_scenario_file(path)
    assert scenario is not None
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_employee_of_a_shipped_scenario_can_work_somewhere(path):
    scenario = load_scenario(path)
    demanded = {n.skill for n in scenario.needs} | {s.skill for s in scenario.secondments}
    for emp in scenario.employees:
        assert demanded & set(emp.skills), emp.id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_covers_one_month_and_has_occurrences_in_it(path):
    scenario = load_scenario(path)
    assert scenario.month is not None
    occurrences = month_occurrences(scenario, scenario.month)
    assert occurrences and all(o.date.strftime("%Y-%m") == scenario.month for o in occurrences)


def test_agricultural_harvest_needs_more_hands_than_each_farm_employs():
    scenario = load_scenario(AGRI)
    heads: dict[tuple[str, dt.date], int] = {}
    for o in month_occurrences(scenario, "2026-09"):
        if o.skill in {"vendange", "portage", "tractoriste"}:
            heads[o.member, o.date] = heads.get((o.member, o.date), 0) + o.headcount
    vineyards = {o.member for o in month_occurrences(scenario, "2026-09") if o.skill == "vendange"}
    farms = vineyards - {"vernay-blachon"}
    assert len(farms) >= 8
    for farm in farms:
        peak = max(n for (member, _), n in heads.items() if member == farm)
        assert peak > scenario.member_by_id[farm].headcount, farm


def test_agricultural_harvest_is_concentrated_in_the_second_half_of_the_month():
    scenario = load_scenario(AGRI)
    harvest = [o for o in month_occurrences(scenario, "2026-09") if o.skill == "vendange"]
    late = sum(o.headcount for o in harvest if o.date.day >= 14)
    assert late / sum(o.headcount for o in harvest) > 0.8
    seasonal = [e for e in scenario.employees if e.contract.kind is ContractKind.SEASONAL]
    assert len(scenario.members) >= 10 and len(seasonal) >= 15


def test_industrial_night_window_across_dst_lasts_nine_hours():
    scenario = load_scenario(INDUSTRY)
    night = [o for o in month_occurrences(scenario, "2026-10") if o.need == "dombasle-nuit"]
    lengths = {o.date.isoformat(): minutes_between(o.start, o.end) for o in night}
    assert lengths["2026-10-24"] == 540
    assert lengths["2026-10-17"] == 480


def test_industrial_cluster_has_a_derogated_site_and_a_member_in_alsace_moselle():
    scenario = load_scenario(INDUSTRY)
    assert any(s.sunday_derogation for s in scenario.site_by_id.values())
    assert scenario.site_by_id["woippy-usine"].holidays_subdivision == "57"
    assert scenario.rules_for("t01").daily_max_minutes == 720
    assert scenario.rules_for("c01").daily_max_minutes == 600


def test_loan_scenario_is_eligible_for_below_cost_billing():
    scenario = load_scenario(LOAN)
    loan = scenario.secondments[0]
    lender, host = scenario.member_by_id[loan.lender], scenario.member_by_id[loan.host]
    assert loan.billing is LoanBilling.BELOW_COST and loan.billed_share < 1
    assert lender.group_headcount >= 5000
    assert host.age_in_years(loan.start) < 8 and host.headcount <= 250
    assert 365 <= loan.duration_days <= 550
    manager = scenario.employee_by_id[loan.employee]
    assert manager.employer == lender.id and manager.contract.kind is ContractKind.FORFAIT_JOURS


# --- planted errors in copies of the shipped files ---------------------------------------------------


def _plant(tmp_path: Path, source: Path, old: str, new: str) -> tuple[Path, int]:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    position = text.index(old)
    copy = tmp_path / source.name
    copy.write_text(text[:position] + new + text[position + len(old) :], encoding="utf-8")
    return copy, text[:position].count("\n") + 1


PLANTED = [
    # (file, text to replace, replacement, path expected, words expected in the message)
    (INDUSTRY, "weekly_hours: 24}", "weekly_hours: 52}", "employees[2].contract.weekly_hours", "at most 48"),
    (
        INDUSTRY,
        "site: ludres-usine, skill: comptabilite",
        "site: ludres-usin, skill: comptabilite",
        "needs[2].site",
        "did you mean 'ludres-usine'",
    ),
    (INDUSTRY, 'siren: "743218190"', 'siren: "74321819"', "members[1].siren", "9 digits"),
    (INDUSTRY, "hourly_wage: 17.40", "hourly_wage: 11.40", "employees[4].hourly_wage", "SMIC"),
    (
        INDUSTRY,
        "{employee: t01, need: dombasle-nuit, date: 2026-10-24}",
        "{employee: t01, need: dombasle-nuit, date: 2026-10-23}",
        "pins[0].date",
        "no occurrence",
    ),
    (
        INDUSTRY,
        "daily_max_minutes: 720",
        "daily_max_minute: 720",
        "agreements[0].rules.daily_max_minute",
        "did you mean 'daily_max_minutes'",
    ),
    (
        INDUSTRY,
        "dombasle-nuit: [t01, t02]",
        "dombasle-nuit: [t01, t20]",
        "history.last_month_servers.dombasle-nuit[1]",
        "unknown employee 't20'",
    ),
    (
        AGRI,
        "{kind: paid_leave, start: 2026-09-01, end: 2026-09-04}",
        "{kind: paid_leave, start: 2026-09-04, end: 2026-09-01}",
        "employees[0].absences[0].end",
        "before start",
    ),
    (AGRI, "id: s03,", "id: s02,", "employees[8].id", "duplicate employee id"),
    (AGRI, "until_date: 2026-09-12}", "until_date: 2026-08-12}", "needs[11].until_date", "before from_date"),
    (
        AGRI,
        "{from: chieze-sarras, to: herbasse-vergers,",
        "{from: chieze-sarras, to: herbase-vergers,",
        "travel.matrix[0].to",
        "unknown place",
    ),
    (
        AGRI,
        "coefficient: 1.72}",
        "coefficient: 4.72}",
        "group.pricing_profiles[0].by_contract_kind.seasonal.coefficient",
        "above 4",
    ),
    (LOAN, "billed_share: 0.6", "billed_share: 1.6", "secondments[0].billed_share", "at most 1"),
    # (reported at the loan's billing, far from the planted line: the line check allows that below)
    (
        LOAN,
        "corporate_group_headcount: 7400",
        "corporate_group_headcount: 4200",
        "secondments[0].billing",
        "5,000",
    ),
    (LOAN, "    employee: dlaunay\n", "    employee: g01\n", "secondments[0].employee", "not by the lender"),
    (
        LOAN,
        'start: "13:30", end: "17:00", weekdays: [mon, wed]',
        'start: "13:30", end: "13:30", weekdays: [mon, wed]',
        "needs[0].start",
        "window is empty",
    ),
]


@pytest.mark.parametrize(
    ("source", "old", "new", "path", "words"), PLANTED, ids=[f"{p[0].stem}:{p[3]}" for p in PLANTED]
)
def test_planted_error_is_reported_at_its_path_and_line(tmp_path, source, old, new, path, words):
    copy, line = _plant(tmp_path, source, old, new)
    _, problems = check_scenario_file(copy)
    found = [p for p in errors(problems) if p.path == path]
    assert found, "\n".join(map(str, problems))
    assert words in found[0].message
    assert found[0].file == str(copy)
    assert found[0].line is not None
    if not path.endswith(".billing"):
        assert abs(found[0].line - line) <= 2


def test_two_planted_errors_in_one_copy_are_both_reported(tmp_path):
    copy, _ = _plant(tmp_path, LOAN, "billed_share: 0.6", "billed_share: 1.6")
    text = copy.read_text(encoding="utf-8").replace("hourly_wage: 19.20", "hourly_wage: -19.20")
    copy.write_text(text, encoding="utf-8")
    paths = {p.path for p in errors(check_scenario_file(copy)[1])}
    assert {"secondments[0].billed_share", "employees[1].hourly_wage"} <= paths
