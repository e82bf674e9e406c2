"""Reader of the Curtois & Qu employee shift scheduling benchmark's text format, and its roster files.

The format (schedulingbenchmarks.org, "NRP instances 1-24"; ../shared/benchmarks/curtois/README.md): sections
introduced by `SECTION_…`, comma separated fields, `#` comment lines, CRLF or LF line endings. A file is
read into `CurtoisInstance`, a plain dataclass that mirrors the file; every problem of a malformed file is
reported at once, with the file, the line and what is wrong (`InputError`).

The instance is turned into the engine's own domain by `engine.benchmarks.curtois_domain.to_scenario`; the
independent evaluator (`engine.benchmarks.curtois_eval`) works on this raw instance and a roster only.
A roster is a list of `(employee, day, shift)` with the ids of the file and days counted from 0, stored as
CSV with the header `employee,day,shift`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import InputError, Problem
from engine.textio import read_text

RosterEntry = tuple[str, int, str]
"""One worked day of a roster: (employee id, day index from 0, shift id), ids as in the instance file."""

ROSTER_HEADER = ("employee", "day", "shift")

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
REQUIRED_SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF")
STAFF_FIELDS = (
    "ID",
    "MaxShifts",
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)


@dataclass(frozen=True)
class Shift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]  # shift ids that may not be worked the day after this one


@dataclass(frozen=True)
class Staff:
    id: str
    max_shifts: dict[str, int]  # per shift id; a shift not listed is unlimited
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """A shift on- or off-request: its weight is paid when an on-request is not met, or an off-request is."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass
class CurtoisInstance:
    """One benchmark instance as written in its file (day 0 is a Monday)."""

    name: str
    horizon: int
    shifts: list[Shift]
    staff: list[Staff]
    days_off: dict[str, frozenset[int]] = field(default_factory=dict)
    on_requests: list[Request] = field(default_factory=list)
    off_requests: list[Request] = field(default_factory=list)
    cover: list[Cover] = field(default_factory=list)

    @property
    def shift_by_id(self) -> dict[str, Shift]:
        return {s.id: s for s in self.shifts}

    @property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @property
    def weeks(self) -> int:
        """Weekends in the horizon (a partial last week counts when it reaches its Saturday)."""
        return (self.horizon + 1) // 7


# --- reading ----------------------------------------------------------------------------------------------


def read_instance(path: str | Path) -> CurtoisInstance:
    """Read an instance file; raise `InputError` listing every problem with its line."""
    return parse_instance(read_text(path, encoding="utf-8-sig"), str(path), name=Path(path).stem)


def parse_instance(text: str, filename: str = "<instance>", name: str = "instance") -> CurtoisInstance:
    """Parse the text of an instance (CRLF or LF); raise `InputError` listing every problem."""
    parser = _Parser(filename)
    sections = parser.split_sections(text)
    instance = parser.build(name, sections)
    if parser.problems or instance is None:
        raise InputError(sorted(parser.problems, key=lambda p: p.line or 0))
    return instance


Line = tuple[int, list[str]]  # line number, fields


class _Parser:
    """Collects every problem while reading, so that a file is reported whole, not one error at a time."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, line: int | None, path: str, message: str) -> None:
        self.problems.append(Problem(self.filename, path, message, line))

    def split_sections(self, text: str) -> dict[str, list[Line]]:
        sections: dict[str, list[Line]] = {}
        current: str | None = None
        skipping = False  # inside an unknown or repeated section, already reported
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                current, skipping = None, True
                if line not in SECTIONS:
                    self.add(number, line, f"unknown section (expected one of {', '.join(SECTIONS)})")
                elif line in sections:
                    self.add(number, line, "section given twice")
                else:
                    current, skipping = line, False
                    sections[current] = []
                continue
            if current is None:
                if not skipping:
                    self.add(number, "", "data outside any section (a SECTION_… header must come first)")
                    skipping = True
                continue
            sections[current].append((number, [f.strip() for f in line.split(",")]))
        for required in REQUIRED_SECTIONS:
            if required not in sections:
                self.add(None, required, "required section is missing")
        return sections

    def integer(self, line: int, path: str, text: str, low: int = 0) -> int | None:
        try:
            value = int(text)
        except ValueError:
            self.add(line, path, f"{text!r} is not a whole number")
            return None
        if value < low:
            self.add(line, path, f"{value} is below {low}")
            return None
        return value

    def new_id(self, line: int, path: str, what: str, value: str, seen: dict[str, int]) -> bool:
        """Record a defining id; False (with a problem) when it is empty or was defined before."""
        if not value:
            self.add(line, path, f"empty {what} id")
            return False
        if value in seen:
            self.add(line, path, f"{what} {value!r} given twice (first at line {seen[value]})")
            return False
        seen[value] = line
        return True

    def fields(self, line: int, section: str, values: list[str], counts: Iterable[int]) -> bool:
        allowed = sorted(set(counts))
        if len(values) not in allowed:
            expected = " or ".join(str(c) for c in allowed)
            self.add(line, section, f"expected {expected} comma-separated fields, found {len(values)}")
            return False
        return True

    # -- sections -------------------------------------------------------------------------------------------

    def build(self, name: str, sections: dict[str, list[Line]]) -> CurtoisInstance | None:
        horizon = self.horizon(sections.get("SECTION_HORIZON", []))
        # Ids of lines that failed are still known, so that their references do not report twice.
        shifts, shift_ids = self.shifts(sections.get("SECTION_SHIFTS", []))
        staff, staff_ids = self.staff(sections.get("SECTION_STAFF", []), shift_ids)
        days = horizon or 0
        check_day: Callable[[int, str, str], int | None] = lambda line, path, text: self.day(  # noqa: E731
            line, path, text, days
        )
        days_off = self.days_off(sections.get("SECTION_DAYS_OFF", []), staff_ids, check_day)
        on = self.requests("SECTION_SHIFT_ON_REQUESTS", sections, staff_ids, shift_ids, check_day)
        off = self.requests("SECTION_SHIFT_OFF_REQUESTS", sections, staff_ids, shift_ids, check_day)
        cover = self.cover(sections.get("SECTION_COVER", []), shift_ids, check_day)
        if horizon is None:
            return None
        return CurtoisInstance(name, horizon, shifts, staff, days_off, on, off, cover)

    def day(self, line: int, path: str, text: str, horizon: int) -> int | None:
        value = self.integer(line, path, text)
        if value is not None and horizon and value >= horizon:
            self.add(line, path, f"day {value} is outside the horizon (days 0 to {horizon - 1})")
            return None
        return value

    def horizon(self, lines: list[Line]) -> int | None:
        if not lines:
            if any(p.path == "SECTION_HORIZON" for p in self.problems):
                return None
            self.add(None, "SECTION_HORIZON", "the number of days is missing")
            return None
        (line, values), *rest = lines
        for extra, _ in rest:
            self.add(extra, "SECTION_HORIZON", "only one line (the number of days) is expected")
        if not self.fields(line, "SECTION_HORIZON", values, [1]):
            return None
        return self.integer(line, "SECTION_HORIZON", values[0], low=1)

    def shifts(self, lines: list[Line]) -> tuple[list[Shift], set[str]]:
        out: list[Shift] = []
        seen: dict[str, int] = {}
        pending: list[tuple[int, str, str]] = []
        for line, values in lines:
            if not self.fields(line, "SECTION_SHIFTS", values, [2, 3]):
                continue
            sid = values[0]
            if not self.new_id(line, "SECTION_SHIFTS.ShiftID", "shift", sid, seen):
                continue
            minutes = self.integer(line, f"SECTION_SHIFTS[{sid}].Length", values[1], low=1)
            if minutes is not None and minutes >= 1440:
                self.add(line, f"SECTION_SHIFTS[{sid}].Length", f"{minutes} minutes is not less than a day")
                minutes = None
            follow = tuple(f.strip() for f in values[2].split("|") if f.strip()) if len(values) == 3 else ()
            pending.extend((line, sid, f) for f in follow)
            if minutes is not None:
                out.append(Shift(sid, minutes, follow))
        for line, sid, other in pending:
            if other not in seen:
                self.add(line, f"SECTION_SHIFTS[{sid}].CannotFollow", f"unknown shift {other!r}")
        return out, set(seen)

    def staff(self, lines: list[Line], shift_ids: set[str]) -> tuple[list[Staff], set[str]]:
        out: list[Staff] = []
        seen: dict[str, int] = {}
        for line, values in lines:
            if not self.fields(line, "SECTION_STAFF", values, [len(STAFF_FIELDS)]):
                seen.setdefault(values[0], line)
                continue
            sid = values[0]
            if not self.new_id(line, "SECTION_STAFF.ID", "employee", sid, seen):
                continue
            maxima = self.max_shifts(line, sid, values[1], shift_ids)
            numbers = [
                self.integer(line, f"SECTION_STAFF[{sid}].{label}", text)
                for label, text in zip(STAFF_FIELDS[2:], values[2:], strict=True)
            ]
            if maxima is None or any(n is None for n in numbers):
                continue
            max_total, min_total, max_run, min_run, min_off, max_weekends = (int(n or 0) for n in numbers)
            if min_total > max_total:
                self.add(line, f"SECTION_STAFF[{sid}].MinTotalMinutes", "is above MaxTotalMinutes")
            if max_run == 0 or min_run > max_run:
                self.add(
                    line,
                    f"SECTION_STAFF[{sid}].MaxConsecutiveShifts",
                    "must be at least 1 and at least MinConsecutiveShifts",
                )
            out.append(Staff(sid, maxima, max_total, min_total, max_run, min_run, min_off, max_weekends))
        return out, set(seen)

    def max_shifts(self, line: int, sid: str, text: str, shift_ids: set[str]) -> dict[str, int] | None:
        maxima: dict[str, int] = {}
        ok = True
        for part in (p.strip() for p in text.split("|") if p.strip()):
            shift, sep, number = part.partition("=")
            path = f"SECTION_STAFF[{sid}].MaxShifts"
            if not sep:
                self.add(line, path, f"{part!r} is not of the form ShiftID=max")
                ok = False
                continue
            shift = shift.strip()
            if shift not in shift_ids:
                self.add(line, path, f"unknown shift {shift!r}")
                ok = False
            elif shift in maxima:
                self.add(line, path, f"shift {shift!r} given twice")
                ok = False
            value = self.integer(line, path, number.strip())
            if value is None:
                ok = False
            elif shift in shift_ids:
                maxima[shift] = value
        return maxima if ok else None

    def days_off(
        self, lines: list[Line], staff_ids: set[str], check_day: Callable[[int, str, str], int | None]
    ) -> dict[str, frozenset[int]]:
        out: dict[str, frozenset[int]] = {}
        for line, values in lines:
            emp = values[0]
            if emp not in staff_ids:
                self.add(line, "SECTION_DAYS_OFF.EmployeeID", f"unknown employee {emp!r}")
                continue
            days = [check_day(line, f"SECTION_DAYS_OFF[{emp}].Day", v) for v in values[1:] if v]
            out[emp] = out.get(emp, frozenset()) | {d for d in days if d is not None}
        return out

    def requests(
        self,
        section: str,
        sections: dict[str, list[Line]],
        staff_ids: set[str],
        shift_ids: set[str],
        check_day: Callable[[int, str, str], int | None],
    ) -> list[Request]:
        out: list[Request] = []
        for line, values in sections.get(section, []):
            if not self.fields(line, section, values, [4]):
                continue
            emp, day_text, shift, weight_text = values
            if emp not in staff_ids:
                self.add(line, f"{section}.EmployeeID", f"unknown employee {emp!r}")
            if shift not in shift_ids:
                self.add(line, f"{section}.ShiftID", f"unknown shift {shift!r}")
            day = check_day(line, f"{section}.Day", day_text)
            weight = self.integer(line, f"{section}.Weight", weight_text)
            if day is not None and weight is not None and emp in staff_ids and shift in shift_ids:
                out.append(Request(emp, day, shift, weight))
        return out

    def cover(
        self, lines: list[Line], shift_ids: set[str], check_day: Callable[[int, str, str], int | None]
    ) -> list[Cover]:
        out: list[Cover] = []
        seen: dict[tuple[int, str], int] = {}
        for line, values in lines:
            if not self.fields(line, "SECTION_COVER", values, [5]):
                continue
            day_text, shift, *numbers = values
            day = check_day(line, "SECTION_COVER.Day", day_text)
            if shift not in shift_ids:
                self.add(line, "SECTION_COVER.ShiftID", f"unknown shift {shift!r}")
            labels = ("Requirement", "WeightUnder", "WeightOver")
            parsed = [
                self.integer(line, f"SECTION_COVER.{lab}", v) for lab, v in zip(labels, numbers, strict=True)
            ]
            if day is None or shift not in shift_ids or any(p is None for p in parsed):
                continue
            if (day, shift) in seen:
                self.add(
                    line,
                    "SECTION_COVER",
                    f"day {day}, shift {shift!r} given twice (first at line {seen[day, shift]})",
                )
                continue
            seen[day, shift] = line
            requirement, under, over = (int(p or 0) for p in parsed)
            out.append(Cover(day, shift, requirement, under, over))
        return out


# --- rosters --------------------------------------------------------------------------------------------


def write_roster_csv(path: str | Path, instance: CurtoisInstance, roster: Iterable[RosterEntry]) -> None:
    """Write a roster: header `employee,day,shift`, one row per worked day, staff in file order then days."""
    order = {s.id: i for i, s in enumerate(instance.staff)}
    rows = sorted(roster, key=lambda r: (order.get(r[0], len(order)), r[0], r[1], r[2]))
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ROSTER_HEADER)
        writer.writerows(rows)


def read_roster_csv(path: str | Path) -> list[RosterEntry]:
    """Read a roster CSV; raise `InputError` naming every malformed row (its line and what is wrong)."""
    filename = str(path)
    text = read_text(path, encoding="utf-8-sig")
    problems: list[Problem] = []
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(c.strip() for c in rows[0]) != ROSTER_HEADER:
        raise InputError([Problem(filename, "header", "the first line must be employee,day,shift", 1)])
    roster: list[RosterEntry] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != 3:
            problems.append(Problem(filename, "", f"expected 3 fields, found {len(row)}", number))
            continue
        emp, day, shift = (c.strip() for c in row)
        if not day.isdigit():
            problems.append(Problem(filename, "day", f"{day!r} is not a day index (0, 1, …)", number))
            continue
        roster.append((emp, int(day), shift))
    if problems:
        raise InputError(problems)
    return roster
