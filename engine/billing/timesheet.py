"""Actual hours from a timesheet CSV, validated like scenario files (every problem at once, with its line).

Columns (header required, `,` or `;` separated, UTF-8 with or without BOM):
`employee, member, date, start, end` and optionally `site, need, travel_minutes, travel_km, travel_from`.
Dates are `YYYY-MM-DD` (or `DD/MM/YYYY`), times `HH:MM` local to the group's zone; an end at or before the
start crosses midnight (a night shift). Without `site`, the member's first site is used. Rows may include the
end of the previous month: billing uses them for the week that straddles both months.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
from decimal import Decimal, InvalidOperation
from pathlib import Path

from engine.errors import InputError, Problem
from engine.hours import WorkedSpan
from engine.model import Scenario
from engine.textio import read_text
from engine.timeutil import minutes_between, window, zone

REQUIRED = ("employee", "member", "date", "start", "end")
OPTIONAL = ("site", "need", "travel_minutes", "travel_km", "travel_from")
MAX_SPAN_MINUTES = 16 * 60


def _hint(value: str, known: set[str]) -> str:
    match = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _date(text: str) -> dt.date:
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def _time(text: str) -> dt.time:
    text = text.strip()
    if text in ("24:00", "24:00:00"):
        return dt.time(0, 0)
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError
    return dt.time(int(hours), int(minutes))


def read_timesheet(path: str | Path, scenario: Scenario) -> list[WorkedSpan]:
    """Read and validate a timesheet file; raise `InputError` with every problem found."""
    text = read_text(path, encoding="utf-8-sig")
    return parse_timesheet(text, scenario, str(path))


def parse_timesheet(text: str, scenario: Scenario, filename: str = "<timesheet>") -> list[WorkedSpan]:
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(Problem(filename, "header", f"missing column(s): {', '.join(missing)}", 1))
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    for h in unknown:
        problems.append(
            Problem(filename, f"column {h!r}", "unknown column" + _hint(h, set(REQUIRED + OPTIONAL)), 1)
        )
    if missing:
        raise InputError(problems)
    tz = zone(scenario.group.timezone)
    employees, members = set(scenario.employee_by_id), set(scenario.member_by_id)
    spans: list[WorkedSpan] = []
    lines: list[int] = []
    for row in reader:
        line = reader.line_num
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(values.values()):
            continue
        row_problems: list[Problem] = []

        def bad(column: str, message: str, line: int = line, out: list[Problem] = row_problems) -> None:
            out.append(Problem(filename, f"column {column!r}", message, line))

        emp, member = values.get("employee", ""), values.get("member", "")
        if emp not in employees:
            bad("employee", f"unknown employee {emp!r}" + _hint(emp, employees))
        if member not in members:
            bad("member", f"unknown member {member!r}" + _hint(member, members))
        day = start = end = None
        try:
            day = _date(values["date"])
        except (ValueError, KeyError):
            bad("date", f"{values.get('date')!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        try:
            start = _time(values["start"])
        except (ValueError, KeyError):
            bad("start", f"{values.get('start')!r} is not a time (HH:MM)")
        try:
            end = _time(values["end"])
        except (ValueError, KeyError):
            bad("end", f"{values.get('end')!r} is not a time (HH:MM)")
        site = values.get("site") or ""
        if member in members:
            own_sites = [s.id for s in scenario.member_by_id[member].sites]
            if site and site not in own_sites:
                bad("site", f"site {site!r} is not a site of member {member!r}" + _hint(site, set(own_sites)))
            elif not site:
                if own_sites:
                    site = own_sites[0]
                else:
                    bad("site", f"member {member!r} has no site: give the site column")
        travel_minutes, travel_km = 0, Decimal("0")
        if values.get("travel_minutes"):
            try:
                travel_minutes = int(values["travel_minutes"])
                if not 0 <= travel_minutes <= 1440:
                    raise ValueError
            except ValueError:
                bad(
                    "travel_minutes",
                    f"{values['travel_minutes']!r} is not a whole number of minutes (0–1440)",
                )
        if values.get("travel_km"):
            try:
                travel_km = Decimal(values["travel_km"].replace(",", "."))
                if not 0 <= travel_km <= 2000:
                    raise InvalidOperation
            except InvalidOperation:
                bad("travel_km", f"{values['travel_km']!r} is not a distance in km (0–2000)")
        travel_from = values.get("travel_from") or None
        if travel_from and travel_from not in scenario.site_by_id and travel_from != f"home:{emp}":
            bad("travel_from", f"{travel_from!r} is neither a site id nor 'home:{emp}'")
        need = values.get("need") or None
        if need and need not in scenario.need_by_id and need not in scenario.secondment_by_id:
            bad("need", f"unknown need {need!r}" + _hint(need, set(scenario.need_by_id)))
        if day is not None and start is not None and end is not None and not row_problems:
            begin, finish = window(day, start, end, tz)
            if minutes_between(begin, finish) > MAX_SPAN_MINUTES:
                bad("end", f"{values['start']}–{values['end']} lasts more than 16 h: a typo?")
            else:
                skill = scenario.need_by_id[need].skill if need in scenario.need_by_id else None
                loan = scenario.secondment_by_id.get(need or "")
                spans.append(
                    WorkedSpan(
                        emp,
                        member,
                        site,
                        day,
                        begin,
                        finish,
                        need=need,
                        skill=skill or (loan.skill if loan else None),
                        secondment=loan.id if loan else None,
                        travel_minutes=travel_minutes,
                        travel_km=travel_km,
                        travel_from=travel_from,
                        source=f"{filename}:{line}",
                    )
                )
                lines.append(line)
        problems.extend(row_problems)
    problems.extend(_overlaps(spans, lines, filename))
    if problems:
        raise InputError(problems)
    return spans


def _overlaps(spans: list[WorkedSpan], lines: list[int], filename: str) -> list[Problem]:
    """Two rows of one employee that overlap in time cannot both be true."""
    out = []
    by_emp: dict[str, list[tuple[WorkedSpan, int]]] = {}
    for span, line in zip(spans, lines, strict=True):
        by_emp.setdefault(span.employee, []).append((span, line))
    for emp, rows in by_emp.items():
        rows.sort(key=lambda r: r[0].start)
        for (a, line_a), (b, line_b) in itertools.pairwise(rows):
            if b.start < a.end:
                out.append(
                    Problem(
                        filename,
                        "column 'start'",
                        f"employee {emp!r} already works from line {line_a} at this time ({b.date})",
                        line_b,
                    )
                )
    return out
