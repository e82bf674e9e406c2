"""What the next month needs from a published plan: weeks, rests, runs and yearly counters.

`history_after(scenario, plan, previous)` derives the `History` that the next month's solve and check start
from, reading the same employee timelines as the checker (`engine.timeline`; docs/checker.md, "History"), so
that a rule judged across the month boundary reads the same minutes on both sides (`history_of(timelines)`
when the caller has built them already):
- `weekly_minutes`: the last 12 legal weeks (or `rolling_avg_weeks` if more), oldest first, the last entry
  being the legal week before the first week of the next month. When the month ends mid-week, that partial
  week is NOT a total here: the next month reads it from `recent_shifts` (exact intervals), which avoids both
  a double count and a one-week shift of every entry (the solver reads the totals the same way);
- `recent_shifts`: work intervals ending in the last 14 days (shifts with site and kind; travel counted as work
  with kind `travel` and no site);
- runs of days worked / off at the end of the month, continuing the previous runs when the whole month is one;
- `last_shift_end`; year-to-date minutes, overtime (weeks whose Sunday is in the month), complementary hours,
  days and weekends worked, reset at the group's fiscal year start;
- `night_minutes_by_month`: the night minutes of each month, the last 11 (a night worker's count runs over
  12 consecutive months, L3122-5, L3122-23), never reset;
- `last_month_servers`: for each recurring need, who served it, most assignments first (continuity).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from engine.model import EmployeeHistory, History, Plan, Scenario, WorkedInterval
from engine.timeline import TRAVEL_KIND, Timeline, Timelines
from engine.timeutil import week_start

RECENT_DAYS = 14
MIN_WEEKS = 12
NIGHT_MONTHS = 11
"""Months of night minutes kept: with the month planned next, the 12 of the longest reference period."""


def history_after(scenario: Scenario, plan: Plan, previous: History | None = None) -> History:
    """The history at the end of `plan.month`; `previous` (else the plan's, else the scenario's) before it."""
    return history_of(Timelines.build(scenario, plan, history=previous))


def history_of(horizon: Timelines) -> History:
    """The history at the end of the timelines' horizon (a month: built without `start` and `end`)."""
    return History(
        month=horizon.plan.month,
        employees=[employee_history(horizon, tl) for tl in horizon.timelines.values()],
        last_month_servers=last_month_servers(horizon),
    )


def employee_history(horizon: Timelines, tl: Timeline) -> EmployeeHistory:
    prev = tl.history
    reset = horizon.fiscal_year(horizon.first - dt.timedelta(days=1)) != horizon.fiscal_year(horizon.last)
    carried = prev if prev is not None and not reset else None
    worked_run, off_run = end_runs(horizon, tl)
    ends = [p.end for p in tl.all_pieces]
    if tl.last_end_before is not None:
        ends.append(tl.last_end_before)
    return EmployeeHistory(
        employee=tl.employee.id,
        weekly_minutes=weekly_minutes(horizon, tl),
        recent_shifts=recent_shifts(horizon, tl),
        consecutive_days_worked=min(worked_run, 366),
        consecutive_days_off=min(off_run, 366),
        last_shift_end=max(ends).astimezone(horizon.tz) if ends else None,
        ytd_minutes=(carried.ytd_minutes if carried else 0) + tl.total_minutes(),
        ytd_overtime_minutes=(carried.ytd_overtime_minutes if carried else 0) + overtime(horizon, tl),
        ytd_complementary_minutes=(carried.ytd_complementary_minutes if carried else 0)
        + complementary(horizon, tl),
        ytd_days_worked=min((carried.ytd_days_worked if carried else 0) + len(tl.worked_dates), 366),
        weekends_worked=min((carried.weekends_worked if carried else 0) + weekends(horizon, tl), 53),
        night_minutes_by_month=[
            *(prev.night_minutes_by_month if prev is not None else []),
            min(horizon.horizon_night_minutes(tl), 44640),
        ][-NIGHT_MONTHS:],
    )


def weekly_minutes(horizon: Timelines, tl: Timeline) -> list[int]:
    count = max(MIN_WEEKS, tl.rules.rolling_avg_weeks)
    last_monday = week_start(horizon.last + dt.timedelta(days=1)) - dt.timedelta(days=7)
    mondays = [last_monday - dt.timedelta(days=7 * back) for back in reversed(range(count))]
    return [min(horizon.week_minutes(tl, monday), 10080) for monday in mondays]


def recent_shifts(horizon: Timelines, tl: Timeline) -> list[WorkedInterval]:
    cutoff = horizon.day_bounds(horizon.last)[1] - dt.timedelta(days=RECENT_DAYS)
    out = []
    for p in tl.all_pieces:
        if p.end <= cutoff:
            continue
        travel = p.is_travel
        out.append(
            WorkedInterval(
                start=p.start.astimezone(horizon.tz),
                end=p.end.astimezone(horizon.tz),
                site=None if travel else p.site,
                kind=TRAVEL_KIND if travel else p.kind,
            )
        )
    return out


def end_runs(horizon: Timelines, tl: Timeline) -> tuple[int, int]:
    """Days worked / off in a row up to the month's last day (one of the two is 0)."""
    worked = horizon.last in tl.worked_dates
    run, day = 0, horizon.last
    while day >= horizon.first and (day in tl.worked_dates) == worked:
        run += 1
        day -= dt.timedelta(days=1)
    if day < horizon.first and tl.history is not None:
        run += tl.history.consecutive_days_worked if worked else tl.history.consecutive_days_off
    return (run, 0) if worked else (0, run)


def overtime(horizon: Timelines, tl: Timeline) -> int:
    if not tl.is_hourly_full_time:
        return 0
    return sum(horizon.weekly_overtime(tl).values())


def complementary(horizon: Timelines, tl: Timeline) -> int:
    """Minutes beyond a part-timer's weekly contract, for the weeks whose Sunday is in the month."""
    contract = tl.employee.contract
    if not contract.is_part_time or contract.annualised:
        return 0
    return sum(
        max(0, horizon.week_minutes(tl, monday) - contract.weekly_minutes)
        for monday in horizon.settled_mondays
    )


def weekends(horizon: Timelines, tl: Timeline) -> int:
    """Weekends with work in the month; one already counted last month (its Saturday) is not counted again."""
    count = 0
    saturday = horizon.first + dt.timedelta(days=(5 - horizon.first.weekday()) % 7 - 7)
    while saturday <= horizon.last:
        sunday = saturday + dt.timedelta(days=1)
        if {saturday, sunday} & tl.worked_dates and not (
            saturday < horizon.first and saturday in tl.history_dates
        ):
            count += 1
        saturday += dt.timedelta(days=7)
    return count


def last_month_servers(horizon: Timelines) -> dict[str, list[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in horizon.assignments:
        counts[a.need][a.employee] += 1
    out = {}
    for need in horizon.scenario.needs:
        recurring = bool(need.weekdays) or len(need.dates) > 1
        if recurring and counts.get(need.id):
            out[need.id] = [e for e, _ in sorted(counts[need.id].items(), key=lambda kv: (-kv[1], kv[0]))]
    return out
