"""`ge validate` warnings about needs nobody can take read each qualified employee's own rules."""

from __future__ import annotations

from typing import Any

from tests.foundation.helpers import check_data, employee, minimal, need, warnings

AGREEMENT = {"id": "metal", "name": "Métallurgie", "rules": {"daily_max_minutes": 720}}


def long_window(*staff: dict[str, Any], agreements: list[dict[str, Any]] | None = None) -> list[str]:
    data = minimal()
    data["employees"] = list(staff)
    data["needs"] = [need("long", start="07:00", end="18:00", skill="inventaire")]
    if agreements:
        data["agreements"] = agreements
    return [p.message for p in warnings(check_data(data)) if p.path == "needs[0].end"]


def test_an_eleven_hour_window_nobody_may_work_is_flagged() -> None:
    [message] = long_window(employee("e9", skills=["inventaire"]))
    assert "nobody can take it whole" in message and "L3121-18" in message


def test_an_agreement_of_twelve_hour_days_can_take_it() -> None:
    contract = {"kind": "cdi_full_time", "start": "2024-01-01", "weekly_hours": 35, "agreement": "metal"}
    staff = employee("e9", skills=["inventaire"], contract=contract)
    assert long_window(staff, agreements=[AGREEMENT]) == []


def test_a_forfait_jours_employee_can_take_it() -> None:
    contract = {"kind": "forfait_jours", "start": "2024-01-01", "annual_days": 218}
    assert long_window(employee("e9", skills=["inventaire"], contract=contract)) == []


def test_a_minor_alone_cannot_take_a_nine_hour_window_even_under_the_agreement() -> None:
    data = minimal()
    contract = {"kind": "cdi_full_time", "start": "2024-01-01", "weekly_hours": 35, "agreement": "metal"}
    data["employees"] = [employee("e9", skills=["inventaire"], contract=contract, minor=True)]
    data["agreements"] = [AGREEMENT]
    data["needs"] = [need("long", start="08:00", end="17:00", skill="inventaire")]
    [message] = [p.message for p in warnings(check_data(data)) if p.path == "needs[0].end"]
    assert "at most 8 h" in message


def test_a_window_past_21_00_is_takeable_by_an_employee_whose_night_starts_at_22_00() -> None:
    data = minimal()
    late = {"id": "late", "name": "Accord de nuit", "rules": {"night_start": "22:00", "night_end": "07:00"}}
    contract = {"kind": "cdi_full_time", "start": "2024-01-01", "weekly_hours": 35, "agreement": "late"}
    data["agreements"] = [late]
    data["employees"] = [employee("e9", skills=["inventaire"], contract=contract)]
    data["needs"] = [need("soir", start="15:00", end="21:30", skill="inventaire")]
    assert [p for p in warnings(check_data(data)) if "night period" in p.message] == []


def test_the_same_window_is_flagged_under_the_default_night_period() -> None:
    data = minimal()
    data["employees"] = [employee("e9", skills=["inventaire"])]
    data["needs"] = [need("soir", start="15:00", end="21:30", skill="inventaire")]
    [message] = [p.message for p in warnings(check_data(data)) if "night period" in p.message]
    assert "21:00–06:00" in message
