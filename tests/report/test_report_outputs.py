"""Plan outputs: files written, plan.json round trip and errors, French CSV read back, the HTML page."""

import datetime as dt
import json
from decimal import Decimal

import pandas as pd
import pytest

from engine.errors import InputError
from engine.model import Plan, SolverFacts, Unfilled
from engine.report import employee_stats, member_coverage, read_plan, write_plan_outputs
from tests.checker.factories import assign, at, need, plan, scenario

TUE, WED = dt.date(2026, 3, 10), dt.date(2026, 3, 11)


@pytest.fixture
def sample():
    sc = scenario(
        needs=[
            need("compta", "08:30", "12:30", [TUE, WED]),
            need("garage", "13:30", "17:45", [TUE], site="m2-s1", member="m2", skill="maintenance"),
            need("atelier", "08:00", "12:00", [WED], skill="maintenance", description="Entretien atelier"),
        ]
    )
    p = plan(
        "2026-03",
        [
            assign(sc, "e1", "compta", TUE),
            assign(sc, "e1", "compta", WED, pinned=True),
            assign(sc, "e2", "garage", TUE, travel_before_km=Decimal("12.5"), travel_before_minutes=15),
        ],
    )
    p.unfilled.append(
        Unfilled(
            need="atelier",
            date=WED,
            start=at(WED, "08:00"),
            end=at(WED, "12:00"),
            member="m1",
            missing=1,
            reason_code="legal_limit",
            reason="Tous les salariés qualifiés sont à une limite légale",
            limits=["L3121-20"],
        )
    )
    p.cost_terms.update({"unfilled": Decimal("180.00"), "mileage": Decimal("7.95")})
    p.solver = SolverFacts(
        status="OPTIMAL", objective=Decimal("187.95"), bound=Decimal("187.95"), gap=Decimal("0")
    )
    return sc, p


def test_the_four_files_are_written(sample, tmp_path):
    sc, p = sample
    paths = write_plan_outputs(sc, p, tmp_path / "out")
    assert [x.name for x in paths] == ["plan.json", "assignments.csv", "unfilled.csv", "plan.html"]
    assert all(x.exists() and x.stat().st_size > 0 for x in paths)


def test_plan_json_round_trips(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    assert read_plan(tmp_path / "plan.json") == p


def test_read_plan_lists_every_problem_with_its_path(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text(
        json.dumps({"month": "2026-3", "assignments": [{"employee": "e1"}], "colour": 1}), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        read_plan(bad)
    paths = {p.path for p in info.value.problems}
    assert {"month", "assignments[0].need", "colour"} <= paths
    assert all(p.file == str(bad) for p in info.value.problems)


def test_read_plan_reports_malformed_json_with_its_line(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{\n "month": "2026-03",\n "assignments": [,]\n}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_plan(bad)
    [problem] = info.value.problems
    assert problem.line == 3 and "malformed JSON" in problem.message


def test_read_plan_reports_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="1 problem"):
        read_plan(tmp_path / "nope.json")


def test_assignments_csv_reads_back_in_pandas_with_the_same_hours(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    raw = (tmp_path / "assignments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(tmp_path / "assignments.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame["Heures"]) == [4.0, 4.25, 4.0]
    assert frame["Trajet avant (km)"].sum() == 12.5
    assert list(frame["Salarié"]) == ["e1", "e2", "e1"]
    assert frame["Heures"].sum() == pytest.approx(sum(a.minutes for a in p.assignments) / 60)


def test_unfilled_csv_reads_back_with_reason_and_hours(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    frame = pd.read_csv(tmp_path / "unfilled.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame["Besoin"]) == ["atelier"]
    assert frame["Heures manquantes"].iloc[0] == 4.0
    assert frame["Articles"].iloc[0] == "L3121-20"


def test_html_shows_every_employee_and_the_unfilled_section(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    for employee in sc.employees:
        assert employee.name in html
    assert 'id="non-pourvus"' in html and "Besoins non pourvus (1)" in html
    assert "Tous les salariés qualifiés sont à une limite légale" in html
    assert "Planning de mars 2026" in html


def test_html_is_self_contained(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "http://" not in html and "https://" not in html


def test_html_shades_weekends_and_public_holidays(tmp_path):
    sc = scenario(needs=[need("d", "08:00", "12:00", [dt.date(2026, 5, 4)])])
    write_plan_outputs(sc, Plan(month="2026-05"), tmp_path)
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert 'class=" holiday" title="vendredi 1er mai 2026 (jour férié)"' in html
    assert 'class="weekend" title="samedi 2 mai 2026"' in html


def test_html_shows_the_compliance_check(sample, tmp_path):
    sc, p = sample
    write_plan_outputs(sc, p, tmp_path)
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "Aucune infraction" in html


def test_employee_stats_count_travel_between_sites_as_work():
    sc = scenario(
        needs=[
            need("am", "08:00", "12:00", [TUE]),
            need("pm", "13:00", "17:00", [TUE], site="m2-s1", member="m2"),
        ]
    )
    p = plan("2026-03", [assign(sc, "e1", "am", TUE), assign(sc, "e1", "pm", TUE)])
    [e1, e2] = employee_stats(sc, p)
    assert e1.onsite_minutes == 480 and e1.travel_minutes > 0
    assert e1.worked_minutes == 480 + e1.travel_minutes
    assert e1.members == ["m1", "m2"] and e2.assignments == 0


def test_employee_stats_contract_hours_of_the_month():
    sc = scenario(needs=[])
    [e1, e2] = employee_stats(sc, Plan(month="2026-03"))
    # March 2026 has 22 weekdays: 24 h × 22 / 5 and 35 h × 22 / 5.
    assert e1.contract_minutes == 24 * 60 * 22 // 5
    assert e2.contract_minutes == 35 * 60 * 22 // 5
    assert e2.balance_minutes == -e2.contract_minutes


def test_employee_stats_take_overtime_from_the_weekly_classification():
    days = [dt.date(2026, 3, 9) + dt.timedelta(days=i) for i in range(5)]
    sc = scenario(needs=[need("d", "08:00", "16:00", days, skill="maintenance")])
    stats = employee_stats(sc, plan("2026-03", [assign(sc, "e2", "d", d) for d in days]))
    assert stats[1].overtime_minutes == 5 * 60  # 40 h in the week of 9 March


def test_member_coverage_counts_filled_and_missing_heads(sample):
    sc, p = sample
    m1, m2 = member_coverage(sc, p)
    assert (m1.needed_minutes, m1.filled_minutes, m1.unfilled_heads) == (720, 480, 1)
    assert m1.ratio == Decimal("0.6667")
    assert (m2.needed_minutes, m2.filled_minutes, m2.employees) == (255, 255, ["e2"])
