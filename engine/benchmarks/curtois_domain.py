"""A Curtois & Qu instance as the engine's own domain (a `Scenario`), and the solver's plan back as a roster.

The benchmark is solved by the same solver that plans GEs, so it is expressed with the general rules any GE
contract can use (engine/model/rules.py), on a rule set with `preset: none` (its 12 h shifts, Sunday cover and
missing clock times follow their own rules, not French law):
- one member with one site; the cover of each shift type becomes needs of that shift kind with explicit dates,
  one need per (shift, requirement, weights) so that a 364-day instance stays at a few hundred needs;
  `headcount` is the requirement, `unfilled_cost` the under weight, `surplus_cost` the over weight;
- every shift starts at 08:00 and lasts its length; the group's clock is UTC, so that no DST change alters a
  shift's minutes (one_shift_per_day makes the clock irrelevant otherwise);
- each shift type is also a skill, held by the staff whose maximum for it is above 0: an employee who may
  never work a shift type gets no variable for it at all (a leaner model than a zero maximum);
- each staff line is an employee whose `contract.rules` carry its limits (max_shifts_per_kind, min/max total
  minutes, min/max consecutive days, min consecutive days off, max weekends); the successions forbidden by the
  shift types, one shift a day and the exemption of runs touching the horizon's ends are the group's rules;
- days off are absences; on- and off-requests are `want`/`avoid` wishes with a date, a shift kind and a weight;
- every objective weight is zero except the cover costs and the wishes, so the plan's cost is the benchmark's.

Ids of the file are kept where the domain accepts them (`Id`: letters, digits, `_ . -`); others are replaced by
`e<index>` / `s<index>` and mapped back by `roster_from_plan`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from engine.benchmarks.curtois import CurtoisInstance, RosterEntry, Staff
from engine.calendar import Occurrence, need_occurrences
from engine.model import (
    Absence,
    AbsenceKind,
    Address,
    Contract,
    ContractKind,
    Employee,
    GeoPoint,
    Group,
    Member,
    Need,
    ObjectiveWeights,
    Plan,
    RuleSet,
    Scenario,
    Site,
    Succession,
    Wish,
    WishKind,
)

DEFAULT_START = dt.date(2024, 1, 1)
"""A Monday: day 0 of an instance unless another Monday is given."""

SHIFT_START = dt.time(8, 0)
SITE = "ward"
MEMBER = "hospital"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_PLACE = GeoPoint(lat=48.8566, lon=2.3522)
_ADDRESS = Address(street="1 place de l'Hôpital", postcode="75004", city="Paris")


def engine_ids(originals: list[str], prefix: str) -> dict[str, str]:
    """File id → engine id: the same when the domain accepts it, else `<prefix><index>` (unique)."""
    taken = {o for o in originals if _ID.match(o)}
    out: dict[str, str] = {}
    for index, original in enumerate(originals):
        if _ID.match(original):
            out[original] = original
            continue
        candidate, n = f"{prefix}{index}", index
        while candidate in taken:
            n += len(originals)
            candidate = f"{prefix}{n}"
        taken.add(candidate)
        out[original] = candidate
    return out


def cover_needs(instance: CurtoisInstance, start_date: dt.date = DEFAULT_START) -> list[Need]:
    """The cover as needs: one per (shift, requirement, under weight, over weight), with explicit dates."""
    shift_ids = engine_ids([s.id for s in instance.shifts], "s")
    lengths = {s.id: s.minutes for s in instance.shifts}
    groups: dict[tuple[str, int, int, int], list[int]] = defaultdict(list)
    for c in instance.cover:
        groups[c.shift, c.requirement, c.under_weight, c.over_weight].append(c.day)
    order = {s.id: i for i, s in enumerate(instance.shifts)}
    needs: list[Need] = []
    for (shift, requirement, under, over), days in sorted(
        groups.items(), key=lambda kv: (order[kv[0][0]], kv[0])
    ):
        end = (dt.datetime.combine(start_date, SHIFT_START) + dt.timedelta(minutes=lengths[shift])).time()
        needs.append(
            Need(
                id=f"{shift_ids[shift]}.r{requirement}.u{under}.o{over}",
                member=MEMBER,
                site=SITE,
                skill=shift,
                kind=shift,
                start=SHIFT_START,
                end=end,
                headcount=requirement,
                dates=[start_date + dt.timedelta(days=d) for d in sorted(days)],
                include_holidays=True,
                unfilled_cost=Decimal(under),
                surplus_cost=Decimal(over),
                max_surplus=len(instance.staff),
            )
        )
    return needs


def to_scenario(instance: CurtoisInstance, start_date: dt.date = DEFAULT_START) -> Scenario:
    """The instance as a scenario the engine's solver plans from `start_date` (a Monday) for `horizon` days."""
    if start_date.weekday() != 0:
        raise ValueError(f"start_date {start_date} is not a Monday (day 0 of the benchmark is a Monday)")
    rules = RuleSet.model_validate(
        {
            "preset": "none",
            "name": f"Curtois & Qu {instance.name}",
            "one_shift_per_day": True,
            "runs_at_horizon_edges_exempt": True,
            "forbidden_successions": [
                Succession(first=s.id, then=t) for s in instance.shifts for t in s.cannot_follow
            ],
        }
    )
    group = Group(
        id="curtois",
        name=f"Curtois & Qu {instance.name}",
        siren="000000000",
        address=_ADDRESS,
        timezone="UTC",
        rules=rules,
    )
    site = Site(
        id=SITE, name="Ward", address=_ADDRESS, location=_PLACE, sunday_derogation=True, night_derogation=True
    )
    member = Member(
        id=MEMBER,
        name="Hospital",
        siren="000000018",
        address=_ADDRESS,
        joined_on=start_date,
        created_on=start_date,
        headcount=len(instance.staff),
        sites=[site],
    )
    return Scenario(
        name=instance.name,
        group=group,
        members=[member],
        employees=_employees(instance, start_date),
        needs=cover_needs(instance, start_date),
        objective=_benchmark_weights(),
    )


def _benchmark_weights() -> ObjectiveWeights:
    zero = Decimal("0")
    return ObjectiveWeights(
        idle_hour_factor=zero,
        premium_factor=zero,
        mileage_per_km=zero,
        travel_time_factor=zero,
        continuity_change=zero,
        preferred_employee_bonus=zero,
        wish_factor=Decimal("1"),
        weekend_fairness=zero,
        travel_fairness_per_km=zero,
        change_cost=zero,
        short_notice_change_cost=zero,
    )


def _employees(instance: CurtoisInstance, start_date: dt.date) -> list[Employee]:
    ids = engine_ids([s.id for s in instance.staff], "e")
    wishes: dict[str, list[Wish]] = defaultdict(list)
    for kind, requests in ((WishKind.WANT, instance.on_requests), (WishKind.AVOID, instance.off_requests)):
        for r in requests:
            wishes[r.employee].append(
                Wish(
                    kind=kind,
                    date=start_date + dt.timedelta(days=r.day),
                    shift_kind=r.shift,
                    weight=Decimal(r.weight),
                )
            )
    out = []
    for person in instance.staff:
        rules = _contract_rules(instance, person)
        out.append(
            Employee(
                id=ids[person.id],
                name=person.id,
                contract=Contract(
                    kind=ContractKind.CDI_FULL_TIME, start=start_date, weekly_hours=Decimal(35), rules=rules
                ),
                hourly_wage=Decimal("12.02"),
                skills=[s.id for s in instance.shifts if person.max_shifts.get(s.id, 1) > 0],
                home=_PLACE,
                absences=_absences(sorted(instance.days_off.get(person.id, ())), start_date),
                wishes=wishes[person.id],
            )
        )
    return out


def _contract_rules(instance: CurtoisInstance, person: Staff) -> dict[str, Any]:
    """The staff line's limits as rule overrides; limits that cannot bite are left out (a leaner model)."""
    horizon = instance.horizon
    longest = max((s.minutes for s in instance.shifts), default=0)
    rules: dict[str, Any] = {
        "max_shifts_per_kind": {k: v for k, v in person.max_shifts.items() if v < horizon},
        "min_total_minutes": person.min_total_minutes or None,
        "max_total_minutes": person.max_total_minutes
        if person.max_total_minutes < horizon * longest
        else None,
        "max_consecutive_days": person.max_consecutive_shifts
        if person.max_consecutive_shifts < horizon
        else None,
        "min_consecutive_days": person.min_consecutive_shifts if person.min_consecutive_shifts > 1 else None,
        "min_consecutive_days_off": person.min_consecutive_days_off
        if person.min_consecutive_days_off > 1
        else None,
        "max_weekends": person.max_weekends if person.max_weekends < instance.weeks else None,
    }
    return {k: v for k, v in rules.items() if v is not None and v != {}}


def _absences(days: list[int], start_date: dt.date) -> list[Absence]:
    """Days off as absences, consecutive days merged into one."""
    out: list[Absence] = []
    for day in days:
        date = start_date + dt.timedelta(days=day)
        if out and out[-1].end + dt.timedelta(days=1) == date:
            out[-1] = Absence(kind=AbsenceKind.OTHER, start=out[-1].start, end=date, paid=False)
        else:
            out.append(Absence(kind=AbsenceKind.OTHER, start=date, end=date, paid=False))
    return out


def horizon_end(instance: CurtoisInstance, start_date: dt.date = DEFAULT_START) -> dt.date:
    """Last day of the instance's horizon (inclusive)."""
    return start_date + dt.timedelta(days=instance.horizon - 1)


def occurrences_by_shift_and_day(
    instance: CurtoisInstance, scenario: Scenario, start_date: dt.date = DEFAULT_START
) -> dict[tuple[str, dt.date], Occurrence]:
    """The scenario's occurrences keyed by (shift id of the file, date): where a roster entry lands."""
    end = horizon_end(instance, start_date)
    return {
        (o.kind, o.date): o
        for need in scenario.needs
        for o in need_occurrences(scenario, need, start_date, end)
    }


def roster_from_plan(
    instance: CurtoisInstance, plan: Plan, start_date: dt.date = DEFAULT_START
) -> list[RosterEntry]:
    """The plan's assignments as `(employee, day, shift)` with the ids of the file, days from 0."""
    employees = {
        engine: original for original, engine in engine_ids([s.id for s in instance.staff], "e").items()
    }
    kinds = {n.id: n.shift_kind for n in cover_needs(instance, start_date)}
    roster: list[RosterEntry] = []
    for a in plan.assignments:
        if a.employee not in employees or a.need not in kinds:
            raise ValueError(f"assignment of {a.employee!r} to {a.need!r} is not part of {instance.name}")
        roster.append((employees[a.employee], (a.date - start_date).days, kinds[a.need]))
    return sorted(roster, key=lambda r: (r[0], r[1]))
