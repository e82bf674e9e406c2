"""A Curtois instance in the engine's domain: needs, contract rules, absences, wishes, and the way back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine.benchmarks.curtois import read_instance
from engine.benchmarks.curtois_domain import DEFAULT_START, horizon_end, roster_from_plan, to_scenario
from engine.model import Assignment, Plan, WishKind
from tests.benchmarks.conftest import DATA

MONDAY = dt.date(2024, 1, 1)


def test_cover_becomes_needs_of_the_shift_kind_with_costs(tiny):
    scenario = to_scenario(tiny)
    by_kind_and_day = {(n.shift_kind, d): n for n in scenario.needs for d in n.dates}
    assert len(by_kind_and_day) == 14
    late_sunday = by_kind_and_day["L", MONDAY + dt.timedelta(days=6)]
    assert (late_sunday.headcount, late_sunday.unfilled_cost, late_sunday.surplus_cost) == (1, 100, 5)
    assert late_sunday.length_minutes == 600
    assert by_kind_and_day["E", MONDAY + dt.timedelta(days=1)].headcount == 2


def test_needs_are_grouped_by_requirement_and_weights(tiny):
    scenario = to_scenario(tiny)
    # E: requirements 0, 1, 2; L: 0, 1 at over weight 1 and 1 at over weight 5.
    assert len(scenario.needs) == 6


def test_group_rules_replace_french_law(tiny):
    rules = to_scenario(tiny).group.rules
    assert rules.preset == "none"
    assert rules.one_shift_per_day and rules.runs_at_horizon_edges_exempt
    assert rules.daily_max_minutes is None and rules.weekly_max_minutes is None and not rules.sunday_rest
    assert [(s.first, s.then) for s in rules.forbidden_successions] == [("L", "E")]


def test_staff_limits_become_contract_rules(tiny):
    scenario = to_scenario(tiny)
    a = scenario.rules_for("A")
    assert a.max_shifts_per_kind == {"L": 2}  # E=7 cannot bite in a 7-day horizon
    assert (a.min_total_minutes, a.max_total_minutes) == (960, 4000)
    assert (a.min_consecutive_days, a.max_consecutive_days, a.min_consecutive_days_off) == (2, 3, 2)
    assert a.max_weekends is None  # one weekend in a 7-day horizon: a maximum of 1 cannot bite
    b = scenario.rules_for("B")
    assert b.min_consecutive_days is None and b.min_total_minutes is None


def test_shift_types_with_a_zero_maximum_are_not_among_the_skills():
    instance = read_instance(DATA / "tiny.txt")
    instance.staff[0].max_shifts["L"] = 0
    scenario = to_scenario(instance)
    assert scenario.employee_by_id["A"].skills == ["E"]
    assert scenario.employee_by_id["B"].skills == ["E", "L"]


def test_weekend_maximum_that_can_bite_is_kept():
    instance = read_instance(DATA / "tiny.txt")
    instance.horizon = 14
    assert to_scenario(instance).rules_for("A").max_weekends == 1


def test_days_off_are_absences_and_requests_are_wishes(tiny):
    scenario = to_scenario(tiny)
    a = scenario.employee_by_id["A"]
    assert [(x.start, x.end) for x in a.absences] == [(MONDAY + dt.timedelta(days=3),) * 2]
    (want,) = a.wishes
    assert (want.kind, want.date, want.shift_kind, want.weight) == (WishKind.WANT, MONDAY, "E", Decimal(2))
    b = scenario.employee_by_id["B"]
    assert {(w.kind, w.shift_kind) for w in b.wishes} == {(WishKind.WANT, "L"), (WishKind.AVOID, "E")}


def test_only_cover_and_wishes_weigh_in_the_objective(tiny):
    weights = to_scenario(tiny).objective
    assert weights.wish_factor == 1
    assert weights.idle_hour_factor == weights.premium_factor == weights.mileage_per_km == 0
    assert weights.continuity_change == weights.weekend_fairness == weights.travel_time_factor == 0


def test_start_date_must_be_a_monday(tiny):
    with pytest.raises(ValueError, match="not a Monday"):
        to_scenario(tiny, start_date=dt.date(2024, 1, 2))


def test_ids_the_domain_refuses_are_replaced_and_mapped_back():
    instance = read_instance(DATA / "tiny_crlf_relabelled.txt")
    scenario = to_scenario(instance)
    assert [e.id for e in scenario.employees] == ["e0", "B"]
    assert scenario.employee_by_id["e0"].name == "nurse 1"
    early = next(n for n in scenario.needs if n.shift_kind == "early shift" and n.headcount == 1)
    plan = Plan(
        month="2024-01",
        assignments=[
            _assignment("e0", early.id, MONDAY, scenario),
            _assignment("B", early.id, MONDAY, scenario),
        ],
    )
    assert roster_from_plan(instance, plan) == [("B", 0, "early shift"), ("nurse 1", 0, "early shift")]


def test_horizon_end_is_the_last_day(tiny):
    assert horizon_end(tiny) == DEFAULT_START + dt.timedelta(days=6)


def _assignment(employee: str, need_id: str, day: dt.date, scenario) -> Assignment:
    need = scenario.need_by_id[need_id]
    start = dt.datetime.combine(day, need.start, tzinfo=dt.UTC)
    return Assignment(
        employee=employee,
        need=need_id,
        date=day,
        start=start,
        end=start + dt.timedelta(minutes=need.length_minutes),
        member=need.member,
        site=need.site,
    )
