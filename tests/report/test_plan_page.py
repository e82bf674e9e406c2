"""plan.html as a French manager reads it: French throughout (months with their elision, no solver or
term ids), names rather than ids, one distinct colour per member with its legend, absences on the grid,
the month's cost apart from the solver's penalties, the version's true status."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import re
from decimal import Decimal

import pytest

from engine.billing.money import fr_amount
from engine.french import of_month
from engine.generator import generate_scenario
from engine.model import Plan, PlanStatus, SolverFacts, Unfilled
from engine.report.html import render_plan_html
from tests.checker.factories import assign, at, base_data, need, plan, scenario

TUE, WED = dt.date(2026, 3, 10), dt.date(2026, 3, 11)


def _text(page: str) -> str:
    """What a reader sees: tags, styles and attribute values removed, entities decoded."""
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def sample():
    sc = scenario(
        needs=[
            need("compta", "08:30", "12:30", [TUE, WED]),
            need("garage", "13:30", "17:45", [TUE], site="m2-s1", member="m2", skill="maintenance"),
        ]
    )
    p = plan("2026-03", [assign(sc, "e1", "compta", TUE), assign(sc, "e2", "garage", TUE)])
    p.unfilled.append(
        Unfilled(
            need="compta",
            date=WED,
            start=at(WED, "08:30"),
            end=at(WED, "12:30"),
            member="m1",
            missing=1,
            reason="Personne de qualifié n'est disponible",
        )
    )
    p.cost_terms.update(
        {
            "unfilled": Decimal("180.00"),
            "mileage": Decimal("7.95"),
            "travel_fairness": Decimal("1.20"),
            "weekend_fairness": Decimal("15.00"),
            "continuity": Decimal("6.00"),
        }
    )
    p.solver = SolverFacts(status="FEASIBLE", objective=Decimal("210.15"), workers=2, seed=3)
    return sc, p


@pytest.mark.parametrize(
    ("month", "said"),
    [
        ("2026-04", "d'avril 2026"),
        ("2026-08", "d'août 2026"),
        ("2026-10", "d'octobre 2026"),
        ("2026-03", "de mars 2026"),
        ("2026-09", "de septembre 2026"),
    ],
)
def test_month_names_elide_before_a_vowel(month, said):
    assert of_month(month) == said


def test_the_title_says_planning_d_octobre():
    sc = scenario(needs=[])
    page = render_plan_html(sc, Plan(month="2026-10"), [])
    page = htmlmod.unescape(page)
    assert "<title>Planning d'octobre 2026 — GE Mini</title>" in page
    assert "<h1>Planning d'octobre 2026 — GE Mini</h1>" in page


def test_no_solver_word_or_term_id_reaches_the_reader(sample):
    sc, p = sample
    text = _text(render_plan_html(sc, p, []))
    for word in ("FEASIBLE", "OPTIMAL", "Workers", "Graine", *p.cost_terms):
        assert word not in text, word
    assert "réalisable, optimalité non prouvée" in text


def test_names_stand_for_ids_in_every_table(sample):
    sc, p = sample
    text = _text(render_plan_html(sc, p, []))
    for employee in sc.employees:
        assert employee.name in text
    for member in sc.members:
        assert member.name in text
    ids = {e.id for e in sc.employees} | {m.id for m in sc.members} | {"compta", "garage", "m1-s1", "m2-s1"}
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]


def test_long_names_are_written_whole():
    data = base_data()
    data["employees"][0]["name"] = "Marie-Bernadette de La Tour-d'Auvergne"
    data["members"][0]["name"] = "Établissements Fonderie Mussipontaine et Fils"
    sc = scenario(data=data, needs=[need("compta", "08:30", "12:30", [TUE])])
    page = render_plan_html(sc, plan("2026-03", [assign(sc, "e1", "compta", TUE)]), [])
    text = _text(page)
    assert "Marie-Bernadette de La Tour-d'Auvergne" in text
    assert "Établissements Fonderie Mussipontaine et Fils" in text
    assert "text-overflow" not in page and "…" not in text


def test_twenty_members_get_twenty_distinct_colours_with_a_legend():
    sc = generate_scenario(employees=20, members=20, seed=4)
    page = render_plan_html(sc, Plan(month="2026-03"), [])
    legend = page[page.index('<div class="legend">') :]
    legend = legend[: legend.index("</div>")]
    chips = re.findall(
        r'<span><i style="background: (#[0-9a-f]{6}); border-color: #[0-9a-f]{6}"></i>([^<]+)</span>', legend
    )
    assert [name for _, name in chips] == [m.name for m in sc.members]
    assert len({colour for colour, _ in chips}) == 20


def test_an_absence_shows_on_the_employees_grid():
    sc = scenario(
        needs=[], employee={"absences": [{"kind": "sickness", "start": "2026-03-10", "end": "2026-03-11"}]}
    )
    page = render_plan_html(sc, Plan(month="2026-03"), [])
    marks = re.findall(r'<span class="absent" title="([^"]+)">([^<]+)</span>', page)
    assert marks == [("Arrêt maladie du 10 mars 2026 au 11 mars 2026", "Arrêt")] * 2


def test_days_outside_the_contract_are_marked():
    sc = scenario(
        needs=[],
        employee={
            "contract": {"kind": "cdd", "start": "2026-03-16", "end": "2026-12-31", "weekly_hours": 35}
        },
    )
    page = render_plan_html(sc, Plan(month="2026-03"), [])
    row = page[page.index("Bruno Petit") :]
    row = row[: row.index("</tr>")]
    assert row.count('class="off') == 15  # 1 to 15 March


def test_the_month_cost_leaves_the_solvers_penalties_out(sample):
    sc, p = sample
    calm = p.model_copy(update={"cost_terms": {"mileage": Decimal("7.95")}})
    heavy = p.model_copy(update={"cost_terms": {**p.cost_terms, "unfilled": Decimal("5000")}})

    def card(page: str, label: str) -> str:
        part = page[page.index(f'<div class="label">{label}</div>') :]
        return re.search(r'<div class="value">([^<]+)</div>', part).group(1)

    calm_page, heavy_page = render_plan_html(sc, calm, []), render_plan_html(sc, heavy, [])
    assert card(calm_page, "Coût du mois") == card(heavy_page, "Coût du mois") != "—"
    assert card(heavy_page, "Pénalités du solveur") == fr_amount(502220)


def test_the_month_cost_is_the_payroll_cost_billing_computes(sample):
    from engine.billing.run import bill_plan

    sc, p = sample
    cents = sum(c.total_cents for c in bill_plan(sc, p).costs)
    page = render_plan_html(sc, p, [])
    part = page[page.index('<div class="label">Coût du mois</div>') :]
    shown = re.search(r'<div class="value">([^<]+)</div>', part).group(1)
    assert shown == fr_amount(cents)


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (PlanStatus.DRAFT, "Version 2 · brouillon non publié"),
        (PlanStatus.PUBLISHED, "Version 2 · plan publié le 3 mars 2026 à 9h05"),
        (PlanStatus.SUPERSEDED, "Version 2 · plan remplacé par une version plus récente"),
    ],
)
def test_the_header_says_the_versions_true_status(status, said):
    sc = scenario(needs=[])
    published = dt.datetime(2026, 3, 3, 8, 5, tzinfo=dt.UTC)
    p = Plan(
        month="2026-03", status=status, published_at=published if status is PlanStatus.PUBLISHED else None
    )
    assert said in _text(render_plan_html(sc, p, [], version=2))


def test_violations_are_grouped_by_name_with_need_findings_last():
    from engine.checker import Level, Violation

    sc = scenario(needs=[])
    found = [
        Violation("headcount", "scénario", "Effectif dépassé", None, TUE, level=Level.ERROR, need="compta"),
        Violation("daily_max", "L3121-18", "Dépassement", "e2", TUE),
    ]
    text = _text(render_plan_html(sc, Plan(month="2026-03"), found))
    section = text[text.index("Contrôle de conformité") :]
    assert section.index("Bruno Petit") < section.index("Besoins") < section.index("Effectif dépassé")
