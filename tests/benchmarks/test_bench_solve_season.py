"""`ge bench solve --horizon-months N`: a season generated over its months, planned from its first day."""

from __future__ import annotations

import datetime as dt

from engine.generator import generate_data
from ge.commands.bench_solve import season


def test_a_season_runs_from_the_first_day_of_its_month_to_the_last_day_of_its_last_month() -> None:
    assert season("2026-11", 4) == (dt.date(2026, 11, 1), dt.date(2027, 2, 28))
    assert season("2026-03", 1) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_a_generated_season_has_its_recurring_needs_until_its_last_day() -> None:
    data = generate_data(20, 6, 3, "2026-03", months=4)
    ends = {n["until_date"] for n in data["needs"] if "until_date" in n}
    assert ends == {dt.date(2026, 6, 30)}


def test_a_generated_month_keeps_its_needs_within_the_month() -> None:
    ends = {n["until_date"] for n in generate_data(20, 6, 3, "2026-03")["needs"] if "until_date" in n}
    assert ends == {dt.date(2026, 3, 31)}
