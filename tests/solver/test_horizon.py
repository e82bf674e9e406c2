"""Any horizon: a season or a year planned as one problem (`solve(start=..., end=...)`, `ge solve --from --to`).

The plan carries its horizon, the checker reads it over the whole range, weekly rules run across the months'
edge, yearly counters run over the group's fiscal year with the history's year to date, and the outputs
are a month's files for the horizon and for each month."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from engine.model import Plan, Scenario
from engine.solver import SolveOptions, solve
from ge.cli import main
from tests.solver.conftest import check, employee, need, scenario

MARCH, APRIL_END = dt.date(2026, 3, 1), dt.date(2026, 4, 30)


def solve_range(sc: Scenario, first: dt.date = MARCH, last: dt.date = APRIL_END) -> Plan:
    options = SolveOptions(time_limit=None, deterministic_time=20.0, workers=1, seed=1, greedy_hint=False)
    return solve(sc, start=first, end=last, options=options)


def days(first: dt.date, last: dt.date) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def with_fiscal_year(sc: Scenario, start_month: int) -> Scenario:
    return sc.model_copy(
        update={"group": sc.group.model_copy(update={"fiscal_year_start_month": start_month})}
    )


def forfait(days_worked: int) -> tuple[dict[str, Any], dict[str, Any]]:
    contract = {"kind": "forfait_jours", "start": "2020-01-01", "annual_days": 218}
    return {"employees": [{"employee": "e", "ytd_days_worked": days_worked}]}, employee(
        "e", contract=contract
    )


def test_a_two_month_plan_covers_both_months_and_passes_the_checker_over_the_whole_range() -> None:
    weekdays = [d for d in days(MARCH, APRIL_END) if dt.date.fromisoformat(d).weekday() < 5]
    sc = scenario([employee("e"), employee("f")], [need("n", "08:00", "15:00", weekdays)])
    plan = solve_range(sc)
    assert plan.horizon() == (MARCH, APRIL_END)
    assert {a.date.month for a in plan.assignments} == {3, 4}
    assert len(plan.assignments) == len(weekdays) and not plan.unfilled
    assert check(sc, plan) == []


def test_a_plan_of_exactly_one_calendar_month_is_a_month_plan() -> None:
    sc = scenario([employee("e")], [need("n", "08:00", "12:00", ["2026-03-02"])])
    plan = solve_range(sc, MARCH, dt.date(2026, 3, 31))
    assert (plan.month, plan.first_day, plan.last_day) == ("2026-03", None, None)


def test_the_weekly_maximum_bites_across_the_months_edge() -> None:
    """Ten hours a day from Monday 30 March to Saturday 4 April: 48 h a week (L3121-20) allows four of the
    six days, two of them in each month; solved month by month without history, all six would be worked."""
    week = days(dt.date(2026, 3, 30), dt.date(2026, 4, 4))
    sc = scenario([employee("e")], [need("n", "08:00", "18:00", week)])
    plan = solve_range(sc)
    assert len(plan.assignments) == 4
    assert all("L3121-20" in u.limits for u in plan.unfilled)
    assert check(sc, plan) == []


def test_months_solved_apart_break_the_weekly_maximum_the_horizon_keeps() -> None:
    """The check over the horizon sees what two month plans apart cannot: the same week across the edge."""
    week = days(dt.date(2026, 3, 30), dt.date(2026, 4, 4))
    sc = scenario([employee("e")], [need("n", "08:00", "18:00", week)])
    march = solve_range(sc, MARCH, dt.date(2026, 3, 31))
    april = solve_range(sc, dt.date(2026, 4, 1), APRIL_END)
    joined = Plan(
        month="2026-03",
        first_day=MARCH,
        last_day=APRIL_END,
        assignments=[*march.assignments, *april.assignments],
    )
    assert len(joined.assignments) == 6
    assert any(v.article == "L3121-20" for v in check(sc, joined))


def test_the_history_year_to_date_counts_over_the_whole_horizon() -> None:
    """216 of 218 days worked before March (fiscal year from January): two more days in the season, not
    two in each month."""
    history, emp = forfait(216)
    dates = ["2026-03-03", "2026-03-04", "2026-04-07", "2026-04-08"]
    sc = scenario([emp], [need("n", "08:00", "12:00", dates)], history=history)
    plan = solve_range(sc)
    assert len(plan.assignments) == 2
    assert all("L3121-64" in u.limits for u in plan.unfilled)
    assert check(sc, plan) == []


def test_a_new_fiscal_year_inside_the_horizon_counts_from_zero() -> None:
    """Fiscal year from April: the history's 217 days close the year ending in March (one day left there);
    April starts a new count, both its days are worked."""
    history, emp = forfait(217)
    dates = ["2026-03-03", "2026-03-04", "2026-04-07", "2026-04-08"]
    sc = with_fiscal_year(scenario([emp], [need("n", "08:00", "12:00", dates)], history=history), 4)
    plan = solve_range(sc)
    assert sorted(a.date.isoformat() for a in plan.assignments if a.date.month == 4) == dates[2:]
    assert len([a for a in plan.assignments if a.date.month == 3]) == 1
    assert check(sc, plan) == []


def test_the_checker_counts_each_fiscal_year_of_the_horizon() -> None:
    """A forfait worked beyond its days in the year that ends inside the horizon is an error, though the
    horizon's last year is within its count."""
    history, emp = forfait(217)
    dates = ["2026-03-03", "2026-03-04", "2026-04-07"]
    sc = with_fiscal_year(scenario([emp], [need("n", "08:00", "12:00", dates)], history=history), 4)
    plan = solve_range(sc)
    [march] = [a for a in plan.assignments if a.date.month == 3]  # one day left in that year
    other = next(d for d in dates[:2] if d != march.date.isoformat())
    shift = dt.date.fromisoformat(other) - march.date
    moved = march.model_copy(
        update={"date": march.date + shift, "start": march.start + shift, "end": march.end + shift}
    )
    over = plan.model_copy(update={"assignments": [*plan.assignments, moved]})
    assert [v.rule for v in check(sc, over)] == ["forfait_jours"]


def test_a_season_plan_cuts_into_its_months() -> None:
    weekdays = ["2026-03-02", "2026-03-31", "2026-04-01", "2026-04-30"]
    sc = scenario([employee("e")], [need("n", "08:00", "12:00", weekdays)])
    plan = solve_range(sc, dt.date(2026, 3, 2), APRIL_END)
    march, april = plan.months()
    assert (march.month, march.first_day, march.last_day) == (
        "2026-03",
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 31),
    )
    assert (april.month, april.first_day, april.last_day) == ("2026-04", None, None)
    assert [a.date.isoformat() for a in march.assignments] == weekdays[:2]
    assert [a.date.isoformat() for a in april.assignments] == weekdays[2:]


# --- ge solve --from --to ----------------------------------------------------------------------------


def season_file(tmp_path: Path) -> str:
    """tests/data/minimal.yaml with its needs running through April."""
    text = Path("tests/data/minimal.yaml").read_text(encoding="utf-8")
    assert "until_date: 2026-03-31" in text
    path = tmp_path / "season.yaml"
    path.write_text(text.replace("until_date: 2026-03-31", "until_date: 2026-04-30"), encoding="utf-8")
    return str(path)


def test_ge_solve_from_to_writes_the_horizon_files_and_each_months_four(tmp_path: Path) -> None:
    period = ["--from", "2026-03-01", "--to", "2026-04-30"]
    scenario_file, out = season_file(tmp_path), tmp_path / "out"
    quick = ["--workers", "1", "--quiet", "--time-limit", "5"]  # a bound on the search, not a timing
    code = main(["solve", scenario_file, *period, "--out", str(out), *quick])
    assert code == 0
    four = {"plan.json", "assignments.csv", "unfilled.csv", "plan.html"}
    assert {p.name for p in out.iterdir() if p.is_file()} == four - {"plan.html"}
    assert {p.name for p in (out / "2026-03").iterdir()} == four
    assert {p.name for p in (out / "2026-04").iterdir()} == four
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert (data["first_day"], data["last_day"]) == ("2026-03-01", "2026-04-30")
    april = json.loads((out / "2026-04" / "plan.json").read_text(encoding="utf-8"))
    assert "first_day" not in april and april["assignments"]
    assert {a["date"][:7] for a in april["assignments"]} == {"2026-04"}
    assert main(["check", scenario_file, "--plan", str(out / "plan.json")]) == 0


def test_ge_solve_of_a_month_writes_no_horizon_in_its_plan(tmp_path: Path) -> None:
    code = main(["solve", "tests/data/minimal.yaml", "--out", str(tmp_path), "--workers", "1", "--quiet"])
    assert code == 0
    assert "first_day" not in json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("extra", "option", "words"),
    [
        (["--from", "2026-04-01", "--to", "2026-03-01"], "--from/--to", "before it starts"),
        (["--from", "2026-03-01"], "--to", "give both days"),
        (["--to", "2026-03-31"], "--from", "give both days"),
        (["--from", "2026-01-01", "--to", "2027-03-01"], "--from/--to", "longer than the 371 days"),
        (["--month", "2026-03", "--from", "2026-03-01", "--to", "2026-03-09"], "--month", "not both"),
        (["--from", "1999-12-01", "--to", "2000-01-31"], "--from", "outside 2000-2100"),
    ],
)
def test_ge_solve_refuses_a_bad_horizon_naming_the_option(
    extra: list[str], option: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["solve", "tests/data/minimal.yaml", *extra, "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{option}: " in err and words in err
    assert "Traceback" not in err


def test_ge_solve_refuses_a_date_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["solve", "tests/data/minimal.yaml", "--from", "2026-02-30", "--to", "2026-03-31"])
    assert exit_.value.code == 2
    assert "argument --from" in capsys.readouterr().err


def test_solve_refuses_a_reversed_range() -> None:
    sc = scenario([employee("e")], [need("n", "08:00", "12:00", ["2026-03-02"])])
    with pytest.raises(ValueError, match="before it starts"):
        solve_range(sc, APRIL_END, MARCH)


def test_a_replan_of_a_season_plan_replans_the_season() -> None:
    from engine.solver.search.replan import ChangeRequest, replan

    weekdays = [d for d in days(MARCH, APRIL_END) if dt.date.fromisoformat(d).weekday() < 5]
    sc = scenario([employee("e"), employee("f")], [need("n", "08:00", "15:00", weekdays)])
    plan = solve_range(sc)
    [absent] = {a.employee for a in plan.assignments if a.date == dt.date(2026, 4, 15)}
    change = ChangeRequest(absences=[(absent, dt.date(2026, 4, 15), dt.date(2026, 4, 16))], today=MARCH)
    options = SolveOptions(time_limit=None, deterministic_time=20.0, workers=1, seed=1)
    result = replan(sc, plan, change, options=options)
    assert result.plan.horizon() == (MARCH, APRIL_END)
    moved = {a.date for a in result.plan.assignments if a.employee == absent}
    assert dt.date(2026, 4, 15) not in moved and len(result.plan.assignments) == len(weekdays)


def test_a_season_solved_by_neighbourhoods_passes_the_checker_over_the_season() -> None:
    """The large-month path (a first plan, then neighbourhoods) over two months of a generated group."""
    from engine.checker import Level, check_plan
    from engine.generator import generate_scenario
    from engine.solver.pipeline import solve_outcome

    sc = generate_scenario(12, 4, 5, "2026-03", months=2)
    options = SolveOptions(
        time_limit=None, deterministic_time=2.0, workers=1, seed=1, neighbourhood_search=True
    )
    outcome = solve_outcome(sc, start=MARCH, end=APRIL_END, options=options)
    assert outcome.built.restricted  # solved by neighbourhoods
    assert outcome.plan.horizon() == (MARCH, APRIL_END)
    assert {a.date.month for a in outcome.plan.assignments} == {3, 4}
    assert [v for v in check_plan(sc, outcome.plan) if v.level is Level.ERROR] == []
