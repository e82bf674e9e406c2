"""Loans of staff without profit (prêt de main-d'œuvre, L8241-1 to L8241-3): eligibility of below-cost billing.

L8241-1: the lender bills only the salaries paid, the social charges and the professional expenses reimbursed,
itemised, with no fee. L8241-3 (since 1 Jan 2018) allows billing below cost, or not at all, when:
- the lender, or the corporate group it belongs to, employs at least 5,000 people;
- the host is under 8 years old or employs at most 250 people;
- the host is outside the lender's corporate group;
- the loan lasts at most 2 years.
A below-cost loan that misses any condition is refused with every reason (a profit-free loan is fine, but
cost-sharing below cost outside L8241-3 is not the regime the law allows).
"""

from __future__ import annotations

import datetime as dt

from engine.errors import Problem
from engine.model import LoanBilling, Scenario, Secondment

MIN_LENDER_HEADCOUNT = 5000
MAX_HOST_AGE_YEARS = 8
MAX_HOST_HEADCOUNT = 250
MAX_YEARS = 2


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def below_cost_refusals(scenario: Scenario, loan: Secondment) -> list[str]:
    """Why a below-cost loan is not allowed under L8241-3 (empty when allowed, or when billed at cost)."""
    if loan.billing is not LoanBilling.BELOW_COST:
        return []
    lender = scenario.member_by_id.get(loan.lender)
    host = scenario.member_by_id.get(loan.host)
    if lender is None or host is None:
        return [f"loan {loan.id}: unknown lender or host"]
    reasons = []
    if lender.group_headcount < MIN_LENDER_HEADCOUNT:
        reasons.append(
            f"the lender {lender.name} and its group employ {lender.group_headcount} people, fewer than "
            f"{MIN_LENDER_HEADCOUNT} (L8241-3)"
        )
    age = host.age_in_years(loan.start)
    if age >= MAX_HOST_AGE_YEARS and host.headcount > MAX_HOST_HEADCOUNT:
        reasons.append(
            f"the host {host.name} is {age} years old and employs {host.headcount} people: it must be under "
            f"{MAX_HOST_AGE_YEARS} years old or employ at most {MAX_HOST_HEADCOUNT} (L8241-3)"
        )
    if lender.corporate_group and host.corporate_group == lender.corporate_group:
        reasons.append(
            f"the host belongs to the lender's corporate group {lender.corporate_group!r} (L8241-3)"
        )
    if loan.end >= _add_years(loan.start, MAX_YEARS):
        reasons.append(
            f"the loan runs from {loan.start} to {loan.end}, more than {MAX_YEARS} years (L8241-3)"
        )
    return reasons


def loan_problems(scenario: Scenario, filename: str = "<scenario>") -> list[Problem]:
    """Every refused below-cost loan of a scenario, as problems naming the secondment."""
    problems = []
    for i, loan in enumerate(scenario.secondments):
        for reason in below_cost_refusals(scenario, loan):
            problems.append(
                Problem(filename, f"secondments[{i}].billing", f"below-cost billing refused: {reason}")
            )
    return problems
