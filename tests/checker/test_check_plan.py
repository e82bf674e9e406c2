"""check_plan as a whole: one place lists the families, order does not matter, horizons, history choice."""

import datetime as dt
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.calendar import month_occurrences
from engine.checker import check_plan
from engine.checker.rules import FAMILIES, RULES
from engine.loader import load_scenario
from engine.model import Plan
from tests.checker.factories import MINIMAL, assign, at, found, history, need, plan, scenario

ARTICLE = re.compile(r"\b(L|D|R)\d{4}-\d+\b|Cass\.|scénario|contrat")


def test_every_family_is_listed_once_and_cites_its_source():
    assert len(RULES) == len(FAMILIES)
    for module in FAMILIES:
        assert module.__doc__ and ARTICLE.search(module.__doc__), module.__name__


def test_an_empty_plan_has_no_violation():
    sc = load_scenario(MINIMAL)
    assert check_plan(sc, Plan(month="2026-03")) == []


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000))
def test_the_order_of_assignments_does_not_change_the_findings(seed):
    sc = load_scenario(MINIMAL)
    rng = random.Random(seed)
    occurrences = month_occurrences(sc, "2026-03")
    chosen = [assign(sc, rng.choice(["e1", "e2"]), o.need, o.date) for o in occurrences if rng.random() < 0.7]
    shuffled = list(chosen)
    rng.shuffle(shuffled)
    first = check_plan(sc, Plan(month="2026-03", assignments=chosen))
    second = check_plan(sc, Plan(month="2026-03", assignments=shuffled))
    assert sorted(first, key=lambda v: (v.sort_key(), str(v.start))) == sorted(
        second, key=lambda v: (v.sort_key(), str(v.start))
    )


def test_assignments_outside_the_horizon_are_not_checked():
    tue = dt.date(2026, 3, 10)
    sc = scenario(needs=[need("long", "06:00", "18:00", [tue], skill="maintenance")])
    p = plan("2026-03", [assign(sc, "e2", "long", tue)])
    assert found(sc, p, "daily_max")
    assert found(sc, p, "daily_max", start=dt.date(2026, 3, 11), end=dt.date(2026, 3, 31)) == []


def test_the_plans_history_wins_over_the_scenarios():
    from tests.checker.factories import base_data

    first = dt.date(2026, 3, 2)
    data = base_data()
    data["history"] = {
        "month": "2026-02",
        "employees": [{"employee": "e2", "last_shift_end": at(dt.date(2026, 3, 1), "23:00")}],
    }
    sc = scenario(data=data, needs=[need("m", "06:00", "12:00", [first], skill="maintenance")])
    assert found(sc, plan("2026-03", [assign(sc, "e2", "m", first)]), "daily_rest")
    calm = history("e2", last_shift_end=at(dt.date(2026, 2, 27), "18:00"))
    assert found(sc, plan("2026-03", [assign(sc, "e2", "m", first)], calm), "daily_rest") == []
