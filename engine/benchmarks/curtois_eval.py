"""Independent evaluator of the Curtois & Qu benchmark: its objective and its hard rules.

Written from the benchmark's README (../shared/benchmarks/curtois/README.md) on the raw instance and a
roster of `(employee, day, shift)`; it never looks at the engine's domain, mapping or solver, so a roster the
engine produces is judged by a second, separate reading of the rules.

Hard rules: at most one shift a day; forbidden successions on consecutive days; per-type maxima; total
minutes within [min, max]; runs of worked days at most MaxConsecutiveShifts long; runs of worked days at
least MinConsecutiveShifts long and runs of days off at least MinConsecutiveDaysOff long, except runs that
touch the first or the last day of the horizon (they continue outside it); at most MaxWeekends weekends
with any work (a weekend is worked if its Saturday or its Sunday is); no work on days off.

Objective: each on-request not met costs its weight; each off-request met costs its weight; on each day
and shift with a cover line, each person short of the requirement costs the under weight and each person
over it the over weight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.benchmarks.curtois import CurtoisInstance, RosterEntry


@dataclass(frozen=True)
class Violation:
    """A broken hard rule (or a roster row that does not fit the instance)."""

    rule: str
    employee: str
    day: int | None
    message: str

    def __str__(self) -> str:
        where = self.employee + (f" day {self.day}" if self.day is not None else "")
        return f"{self.rule}: {where}: {self.message}"


@dataclass
class Evaluation:
    objective: int
    terms: dict[str, int]
    violations: list[Violation] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations


def evaluate(instance: CurtoisInstance, roster: Iterable[RosterEntry]) -> Evaluation:
    """The benchmark's objective of a roster and every hard rule it breaks."""
    violations: list[Violation] = []
    shifts = instance.shift_by_id
    staff = instance.staff_by_id
    # work[employee][day] = shift; a second shift on a day is a violation, the first one is kept.
    work: dict[str, dict[int, str]] = {s.id: {} for s in instance.staff}
    for emp, day, shift in roster:
        if emp not in staff:
            violations.append(Violation("roster", emp, day, "unknown employee"))
            continue
        if shift not in shifts:
            violations.append(Violation("roster", emp, day, f"unknown shift {shift!r}"))
            continue
        if not 0 <= day < instance.horizon:
            violations.append(
                Violation("roster", emp, day, f"day outside the horizon 0..{instance.horizon - 1}")
            )
            continue
        if day in work[emp]:
            violations.append(
                Violation(
                    "one_shift_per_day", emp, day, f"works {work[emp][day]!r} and {shift!r} the same day"
                )
            )
            continue
        work[emp][day] = shift
    for person in instance.staff:
        violations.extend(_employee_violations(instance, person.id, work[person.id]))
    terms = _objective_terms(instance, work)
    return Evaluation(sum(terms.values()), terms, violations)


def _employee_violations(instance: CurtoisInstance, emp: str, days: dict[int, str]) -> list[Violation]:
    person = instance.staff_by_id[emp]
    shifts = instance.shift_by_id
    out: list[Violation] = []
    for day in sorted(days):
        if day in instance.days_off.get(emp, frozenset()):
            out.append(Violation("days_off", emp, day, "works on a day off"))
        following = days.get(day + 1)
        if following is not None and following in shifts[days[day]].cannot_follow:
            out.append(
                Violation(
                    "forbidden_succession", emp, day, f"{days[day]!r} followed by {following!r} next day"
                )
            )
    counts = Counter(days.values())
    for shift, limit in person.max_shifts.items():
        if counts[shift] > limit:
            out.append(
                Violation("max_shifts", emp, None, f"{counts[shift]} shifts {shift!r}, at most {limit}")
            )
    minutes = sum(shifts[s].minutes for s in days.values())
    if minutes > person.max_total_minutes:
        out.append(
            Violation("max_total_minutes", emp, None, f"{minutes} min, at most {person.max_total_minutes}")
        )
    if minutes < person.min_total_minutes:
        out.append(
            Violation("min_total_minutes", emp, None, f"{minutes} min, at least {person.min_total_minutes}")
        )
    out.extend(_run_violations(instance, emp, days))
    weekends = sum(1 for w in range(instance.weeks) if 7 * w + 5 in days or 7 * w + 6 in days)
    if weekends > person.max_weekends:
        out.append(
            Violation("max_weekends", emp, None, f"{weekends} weekends worked, at most {person.max_weekends}")
        )
    return out


def runs(worked: list[bool]) -> list[tuple[bool, int, int]]:
    """Maximal runs of equal values: (worked?, first day, length)."""
    out: list[tuple[bool, int, int]] = []
    for day, value in enumerate(worked):
        if out and out[-1][0] == value:
            kind, first, length = out[-1]
            out[-1] = (kind, first, length + 1)
        else:
            out.append((value, day, 1))
    return out


def _run_violations(instance: CurtoisInstance, emp: str, days: dict[int, str]) -> list[Violation]:
    person = instance.staff_by_id[emp]
    last = instance.horizon - 1
    out: list[Violation] = []
    for worked, first, length in runs([d in days for d in range(instance.horizon)]):
        at_edge = first == 0 or first + length - 1 == last
        if worked and length > person.max_consecutive_shifts:
            out.append(
                Violation(
                    "max_consecutive_shifts",
                    emp,
                    first,
                    f"{length} days in a row, at most {person.max_consecutive_shifts}",
                )
            )
        if worked and not at_edge and length < person.min_consecutive_shifts:
            out.append(
                Violation(
                    "min_consecutive_shifts",
                    emp,
                    first,
                    f"{length} days in a row, at least {person.min_consecutive_shifts}",
                )
            )
        if not worked and not at_edge and length < person.min_consecutive_days_off:
            out.append(
                Violation(
                    "min_consecutive_days_off",
                    emp,
                    first,
                    f"{length} days off in a row, at least {person.min_consecutive_days_off}",
                )
            )
    return out


def _objective_terms(instance: CurtoisInstance, work: dict[str, dict[int, str]]) -> dict[str, int]:
    on = sum(r.weight for r in instance.on_requests if work[r.employee].get(r.day) != r.shift)
    off = sum(r.weight for r in instance.off_requests if work[r.employee].get(r.day) == r.shift)
    staffed = Counter((day, shift) for days in work.values() for day, shift in days.items())
    under = over = 0
    for c in instance.cover:
        count = staffed[c.day, c.shift]
        under += max(0, c.requirement - count) * c.under_weight
        over += max(0, count - c.requirement) * c.over_weight
    return {"on_requests": on, "off_requests": off, "cover_under": under, "cover_over": over}
