"""`ge generate`: valid, deterministic, shaped like a real group, for several sizes and seeds."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.calendar import month_occurrences
from engine.generator import MAX_REACH_KM, generate_data, generate_scenario
from engine.loader import check_scenario_text
from engine.model import ContractKind
from engine.timeutil import month_days
from engine.travel import home_key, travel_model
from engine.yamlio import dump_yaml
from ge.cli import main


@pytest.mark.parametrize(("employees", "members", "seed"), [(1, 1, 0), (12, 5, 1), (50, 20, 2), (200, 60, 3)])
def test_generated_scenario_is_valid(employees, members, seed):
    scenario = generate_scenario(employees, members, seed)
    assert (len(scenario.employees), len(scenario.members)) == (employees, members)


def test_same_seed_gives_the_same_scenario():
    assert dump_yaml(generate_data(40, 15, 11)) == dump_yaml(generate_data(40, 15, 11))


def test_another_seed_gives_another_scenario():
    assert dump_yaml(generate_data(40, 15, 11)) != dump_yaml(generate_data(40, 15, 12))


@settings(max_examples=8, deadline=None)
@given(employees=st.integers(1, 60), members=st.integers(1, 25), seed=st.integers(0, 10_000))
def test_any_size_and_seed_gives_a_file_without_errors(employees, members, seed):
    _, problems = check_scenario_text(dump_yaml(generate_data(employees, members, seed)))
    assert [p for p in problems if p.severity == "error"] == []


@pytest.fixture(scope="module")
def mid_size():
    return generate_scenario(200, 60, 5)


def test_demand_is_close_to_staff_capacity(mid_size):
    demand = sum(o.minutes * o.headcount for o in month_occurrences(mid_size, mid_size.month)) / 60
    days = [d for d in month_days(mid_size.month) if d.weekday() < 5]
    capacity = sum(
        e.contract.weekly_minutes / 60 / 5 for e in mid_size.employees for d in days if e.is_available(d)
    )
    assert 0.85 <= demand / capacity <= 1.10


def test_part_time_mix_is_realistic(mid_size):
    share = sum(e.contract.is_part_time for e in mid_size.employees) / len(mid_size.employees)
    assert 0.4 <= share <= 0.65
    kinds = Counter(e.contract.kind for e in mid_size.employees)
    assert (
        kinds[ContractKind.CDI_FULL_TIME] > 0 and kinds[ContractKind.CDD] + kinds[ContractKind.SEASONAL] > 0
    )


def test_every_employee_has_a_matching_need_within_reach(mid_size):
    travel = travel_model(mid_size)
    road_reach = MAX_REACH_KM * float(mid_size.travel.road_factor)
    for emp in mid_size.employees:
        reachable = [
            n
            for n in mid_size.needs
            if n.skill in emp.skills and float(travel.km(home_key(emp.id), n.site)) <= road_reach
        ]
        assert reachable, emp.id


def test_some_staff_are_absent_and_some_have_wishes(mid_size):
    assert 0 < sum(bool(e.absences) for e in mid_size.employees) <= 0.12 * len(mid_size.employees)
    assert any(e.wishes for e in mid_size.employees)


def test_needs_are_mostly_recurring_half_days_with_some_one_off_dates(mid_size):
    half_days = sum(n.length_minutes == 210 for n in mid_size.needs)
    one_offs = sum(bool(n.dates) for n in mid_size.needs)
    assert half_days > len(mid_size.needs) / 3
    assert 0 < one_offs < len(mid_size.needs) / 4


def test_distances_vary_across_the_region(mid_size):
    travel = travel_model(mid_size)
    sites = sorted(mid_size.site_by_id)
    distances = [float(travel.km(sites[0], other)) for other in sites[1:]]
    assert min(distances) < 20 < max(distances)


def test_sirens_are_unique_nine_digit_numbers(mid_size):
    sirens = [m.siren for m in mid_size.members]
    assert len(set(sirens)) == len(sirens)


def test_generate_command_writes_a_file_ge_validate_accepts(tmp_path, capsys):
    out = tmp_path / "g.yaml"
    assert (
        main(
            [
                "generate",
                "--employees",
                "30",
                "--members",
                "10",
                "--seed",
                "4",
                "--month",
                "2026-10",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("# Synthetic scenario: ge generate --employees 30")
    assert main(["validate", str(out)]) == 0


def test_generate_command_refuses_a_bad_month_with_one_line(capsys):
    with pytest.raises(SystemExit) as refused:  # argparse refuses the value: exit status 2
        main(["generate", "-n", "3", "-m", "2", "--month", "2026-13"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "YYYY-MM" in err and "Traceback" not in err
