"""The independent evaluator of the Curtois & Qu benchmark against rosters written by hand."""

from __future__ import annotations

from engine.benchmarks.curtois import CurtoisInstance, parse_instance, read_instance
from engine.benchmarks.curtois_eval import evaluate
from tests.benchmarks.conftest import curtois_file

# A feasible roster of tiny.txt; its cost by hand: L short on day 4 (100), E one over on day 2 (1),
# L one over on day 6 at weight 5 (5), B's off-request on day 1 met (4); both on-requests met.
FEASIBLE = [
    ("A", 0, "E"), ("A", 1, "E"), ("A", 2, "E"), ("A", 5, "L"), ("A", 6, "L"),
    ("B", 1, "E"), ("B", 2, "E"), ("B", 3, "E"), ("B", 6, "L"),
]  # fmt: skip


def one_person(limits: str, horizon: int = 14, days_off: str = "") -> CurtoisInstance:
    """One employee, one 480-minute shift D; `limits` is the staff line after `P,`."""
    text = f"SECTION_HORIZON\n{horizon}\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nP,{limits}\n" + (
        f"SECTION_DAYS_OFF\nP,{days_off}\n" if days_off else ""
    )
    return parse_instance(text, "one.txt")


def worked(*days: int) -> list[tuple[str, int, str]]:
    return [("P", d, "D") for d in days]


def rules_broken(instance: CurtoisInstance, roster: list[tuple[str, int, str]]) -> list[str]:
    return [v.rule for v in evaluate(instance, roster).violations]


def test_feasible_hand_roster_has_the_hand_computed_objective(tiny):
    result = evaluate(tiny, FEASIBLE)
    assert result.violations == []
    assert result.terms == {"on_requests": 0, "off_requests": 4, "cover_under": 100, "cover_over": 6}
    assert result.objective == 110


def test_unmet_on_request_costs_its_weight(tiny):
    roster = [r for r in FEASIBLE if r != ("B", 6, "L")] + [("B", 6, "E")]
    result = evaluate(tiny, roster)
    # B on E instead of L on day 6: on-request (3) missed, L no longer over (−5), E one over (+1).
    assert result.terms == {"on_requests": 3, "off_requests": 4, "cover_under": 100, "cover_over": 2}


def test_two_shifts_on_a_day_is_a_violation(tiny):
    assert rules_broken(tiny, [*FEASIBLE, ("A", 0, "L")]) == ["one_shift_per_day"]


def test_forbidden_succession_is_a_violation(tiny):
    roster = [r for r in FEASIBLE if r[0] == "A"] + [
        ("B", d, s) for d, s in [(1, "E"), (2, "E"), (3, "E"), (5, "L"), (6, "E")]
    ]
    broken = evaluate(tiny, roster).violations
    assert [(v.rule, v.employee, v.day) for v in broken] == [("forbidden_succession", "B", 5)]


def test_per_type_maximum_is_a_violation(tiny):
    roster = [("A", 0, "E"), ("A", 1, "E"), ("A", 4, "L"), ("A", 5, "L"), ("A", 6, "L")]
    assert rules_broken(tiny, roster) == ["max_shifts"]


def test_work_on_a_day_off_is_a_violation(tiny):
    roster = [r for r in FEASIBLE if r[0] == "B"] + [("A", 1, "E"), ("A", 2, "E"), ("A", 3, "E")]
    assert rules_broken(tiny, roster) == ["days_off"]


def test_total_minutes_below_minimum_is_a_violation():
    assert rules_broken(one_person("D=14,4000,1000,5,1,1,2"), worked(0, 1)) == ["min_total_minutes"]


def test_total_minutes_above_maximum_is_a_violation():
    assert rules_broken(one_person("D=14,1000,0,5,1,1,2"), worked(0, 1, 2)) == ["max_total_minutes"]


def test_run_longer_than_maximum_is_a_violation_even_at_the_edge():
    instance = one_person("D=14,9999,0,3,1,1,2")
    assert rules_broken(instance, worked(0, 1, 2, 3)) == ["max_consecutive_shifts"]
    assert rules_broken(instance, worked(0, 1, 2)) == []


def test_short_run_inside_the_horizon_is_a_violation():
    assert rules_broken(one_person("D=14,9999,0,5,3,1,2"), worked(5, 6)) == ["min_consecutive_shifts"]


def test_short_runs_touching_either_end_of_the_horizon_are_exempt():
    assert rules_broken(one_person("D=14,9999,0,5,3,1,2"), worked(0, 1, 13)) == []


def test_short_rest_inside_the_horizon_is_a_violation():
    instance = one_person("D=14,9999,0,5,1,3,2")
    assert rules_broken(instance, worked(2, 3, 5, 6)) == ["min_consecutive_days_off"]


def test_short_rests_touching_either_end_of_the_horizon_are_exempt():
    assert rules_broken(one_person("D=14,9999,0,5,1,3,2"), worked(1, 2, 3, 12)) == []


def test_weekend_counts_once_when_saturday_and_sunday_are_worked():
    instance = one_person("D=14,9999,0,5,1,1,1")
    assert rules_broken(instance, worked(5, 6)) == []
    assert rules_broken(instance, worked(5, 13)) == ["max_weekends"]


def test_roster_rows_outside_the_instance_are_violations(tiny):
    broken = evaluate(tiny, [("Z", 0, "E"), ("A", 0, "X"), ("A", 9, "E")]).violations
    assert [v.rule for v in broken][:3] == ["roster", "roster", "roster"]


def test_empty_roster_of_instance_one_costs_every_missing_head():
    instance = read_instance(curtois_file(1))
    result = evaluate(instance, [])
    # 71 heads required over 14 days at 100 each; the 21 on-requests weigh 37 in all.
    assert result.terms == {"on_requests": 37, "off_requests": 0, "cover_under": 7100, "cover_over": 0}
    assert [v.rule for v in result.violations] == ["min_total_minutes"] * 8


def test_everyone_every_day_on_instance_one_costs_surplus_and_off_requests():
    instance = read_instance(curtois_file(1))
    roster = [(s.id, d, "D") for s in instance.staff for d in range(14)]
    result = evaluate(instance, roster)
    # 8 × 14 = 112 heads for 71 required: 41 over at 1; off-requests met weigh 11 (C 2, F 3, H 6).
    assert result.terms == {"on_requests": 0, "off_requests": 11, "cover_under": 0, "cover_over": 41}
    assert {"days_off", "max_total_minutes", "max_consecutive_shifts", "max_weekends"} == {
        v.rule for v in result.violations
    }
