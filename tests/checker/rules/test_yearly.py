"""Overtime quota (D3121-24), annualised contracts (L3121-41/44, warnings), forfait jours (L3121-64)."""

import datetime as dt

from engine.checker import Level
from tests.checker.factories import assign, days, found, history, need, plan, scenario

MON = dt.date(2026, 3, 9)


def week_of_42_hours(**scenario_kwargs):
    dates = days(MON, 5)
    sc = scenario(
        needs=[need("d", "08:00", "16:24", dates, skill="maintenance")], **scenario_kwargs
    )  # 5 × 8 h 24
    return sc, [assign(sc, "e2", "d", d) for d in dates]


def test_overtime_beyond_the_annual_quota_is_a_violation():
    sc, asg = week_of_42_hours()
    p = plan("2026-03", asg, history("e2", ytd_overtime_minutes=215 * 60))
    [v] = found(sc, p, "overtime_quota")
    assert v.article == "D3121-24" and "222 h" in v.message


def test_overtime_within_the_quota_is_legal():
    sc, asg = week_of_42_hours()
    assert (
        found(sc, plan("2026-03", asg, history("e2", ytd_overtime_minutes=213 * 60)), "overtime_quota") == []
    )


def test_the_quota_restarts_with_the_fiscal_year():
    sc, asg = week_of_42_hours()
    data_rules = sc.group.model_copy(update={"fiscal_year_start_month": 3})
    sc = sc.model_copy(update={"group": data_rules})
    assert (
        found(sc, plan("2026-03", asg, history("e2", ytd_overtime_minutes=219 * 60)), "overtime_quota") == []
    )


def test_annualised_hours_ahead_of_pro_rata_is_a_warning():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "annualised": True, "annual_hours": 1607}
    sc, asg = week_of_42_hours(employee={"contract": contract})
    [v] = found(sc, plan("2026-03", asg, history("e2", ytd_minutes=400 * 60)), "annualised_pro_rata")
    assert v.level is Level.WARNING and v.article == "L3121-41"


def test_annualised_hours_below_pro_rata_are_not_flagged():
    contract = {"kind": "cdi_full_time", "start": "2023-01-01", "annualised": True, "annual_hours": 1607}
    sc, asg = week_of_42_hours(employee={"contract": contract})
    p = plan("2026-03", asg, history("e2", ytd_minutes=200 * 60))
    assert [v for v in found(sc, p, "annualised_pro_rata") + found(sc, p, "annualised_total")] == []


def test_forfait_jours_beyond_the_annual_days_is_a_violation():
    contract = {"kind": "forfait_jours", "start": "2023-01-01", "annual_days": 45}
    sc, asg = week_of_42_hours(employee={"contract": contract})
    [v] = found(sc, plan("2026-03", asg, history("e2", ytd_days_worked=41)), "forfait_jours")
    assert v.article == "L3121-64" and "46 jours" in v.message


def test_forfait_jours_within_the_annual_days_is_legal():
    contract = {"kind": "forfait_jours", "start": "2023-01-01", "annual_days": 45}
    sc, asg = week_of_42_hours(employee={"contract": contract})
    assert found(sc, plan("2026-03", asg, history("e2", ytd_days_worked=40)), "forfait_jours") == []
