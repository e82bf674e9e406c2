"""Loans of staff without profit (prêt de main-d'œuvre, L8241-1 to L8241-3): when may one be billed below cost.

L8241-1: the lender bills only the salaries paid, the social charges and the professional expenses reimbursed,
itemised, with no fee. L8241-3 (since 1 Jan 2018) allows billing below cost, or not at all, when:
- the lender, or the corporate group it belongs to, employs at least 5,000 people;
- the host is under 8 years old or employs at most 250 people;
- the host is outside the lender's corporate group;
- the loan lasts at most 2 years.

`below_cost_refusals` is the one reading of these conditions: the loader reports its refusals as problems of
the scenario file (at the secondment field each is about), billing refuses the month with them (a scenario
may reach billing without the loader: API data, older files).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from engine.model import LoanBilling, Scenario, Secondment

MIN_LENDER_HEADCOUNT = 5000
MAX_HOST_AGE_YEARS = 8
MAX_HOST_HEADCOUNT = 250
MAX_YEARS = 2


class Refusal(NamedTuple):
    """Why a below-cost loan is not allowed, and the secondment field that reason is about."""

    field: str  # "billing" or "end"
    reason: str

    def __str__(self) -> str:
        return self.reason


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def below_cost_refusals(scenario: Scenario, loan: Secondment) -> list[Refusal]:
    """Every reason a below-cost loan is refused under L8241-3 (empty when allowed or billed at cost).

    A loan whose lender or host is unknown is not judged here: the reference checks report that.
    """
    if loan.billing is not LoanBilling.BELOW_COST:
        return []
    lender = scenario.member_by_id.get(loan.lender)
    host = scenario.member_by_id.get(loan.host)
    if lender is None or host is None:
        return []
    out = []
    if lender.group_headcount < MIN_LENDER_HEADCOUNT:
        out.append(
            Refusal(
                "billing",
                f"below-cost billing needs a lender (or its group) of at least 5,000 staff (L8241-3); "
                f"{lender.id} ({lender.name}) has {lender.group_headcount}",
            )
        )
    age = host.age_in_years(loan.start)
    if age >= MAX_HOST_AGE_YEARS and host.headcount > MAX_HOST_HEADCOUNT:
        out.append(
            Refusal(
                "billing",
                f"below-cost billing needs a host under 8 years old or with at most 250 staff (L8241-3); "
                f"{host.id} ({host.name}) is {age} years old with {host.headcount} staff",
            )
        )
    if lender.corporate_group and host.corporate_group == lender.corporate_group:
        out.append(
            Refusal(
                "billing",
                f"below-cost billing is only for a host outside the lender's group (L8241-3); {host.id} and "
                f"{lender.id} are both in {lender.corporate_group!r}",
            )
        )
    if loan.end >= add_years(loan.start, MAX_YEARS):
        out.append(
            Refusal(
                "end",
                f"a loan billed below cost lasts at most 2 years (L8241-3); this one runs from {loan.start} "
                f"to {loan.end}",
            )
        )
    return out
