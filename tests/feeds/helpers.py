"""Builders for feed tests: the minimal scenario with accented names, and hand-made assignments."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from engine.feeds import Audience, EventState, Feed, FeedKind, build_feed
from engine.loader import scenario_from_data
from engine.model import Assignment, Plan, Scenario
from engine.timeutil import window, zone
from engine.yamlio import read_yaml

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.yaml"
PUBLISHED_AT = dt.datetime(2026, 2, 26, 17, 45, 12, tzinfo=dt.UTC)
LONG_ACCENTED = "Éléonore-Bénédicte Château-Thierry de Saint-Aignan-sur-Chèr, Réunion; É\\"


def minimal_data() -> dict[str, Any]:
    loaded, problems = read_yaml(MINIMAL.read_text(encoding="utf-8"), str(MINIMAL))
    assert loaded is not None, problems
    return copy.deepcopy(loaded.data)


def accented_scenario(**changes: Any) -> Scenario:
    """The minimal scenario with accented, long names and texts that need escaping."""
    data = minimal_data()
    data["employees"][0]["name"] = LONG_ACCENTED
    data["employees"][1]["name"] = "Bruno Pétit"
    data["members"][0]["name"] = "Boulangerie Mère Brazier, « Lyon »; depuis 1921"
    data["members"][0]["contact"] = "Mme Hélène Müller"
    data["members"][0]["email"] = "helene@example.fr"
    data["members"][0]["sites"][0]["name"] = "Atelier — côté cour"
    data["needs"][0]["description"] = "Tenue de la comptabilité (saisie, rapprochements)"
    data["needs"][0]["until_date"] = "2026-12-31"
    data["needs"][2]["start"] = "22:00"
    data["needs"][2]["end"] = "06:00"
    data["needs"][2]["until_date"] = "2026-12-31"
    data["needs"][2]["weekdays"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    data["members"][1]["sites"][0]["night_derogation"] = (
        True  # the night need is legal (L3122-1): publishable
    )
    for key, value in changes.items():
        data[key] = value
    return scenario_from_data(data)


def assign(
    scenario: Scenario, employee: str, need: str, day: dt.date, start: str | None = None
) -> Assignment:
    """An assignment of `employee` on `need` that day, in the need's window (or from another start)."""
    n = scenario.need_by_id[need]
    begin = dt.time.fromisoformat(start) if start else n.start
    tz = zone(scenario.group.timezone)
    s, e = window(day, begin, n.end, tz)
    site = scenario.site_by_id[n.site]
    return Assignment(employee=employee, need=need, date=day, start=s, end=e, member=n.member, site=site.id)


def plan(month: str, *assignments: Assignment) -> Plan:
    return Plan(month=month, assignments=list(assignments))


def feed(
    scenario: Scenario,
    plans: list[Plan],
    audience: Audience | None = None,
    state: dict[str, EventState] | None = None,
    changed_at: dt.datetime = PUBLISHED_AT,
) -> Feed:
    return build_feed(scenario, plans, audience or Audience(FeedKind.GROUP), state or {}, changed_at)


def raw_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    return body[:-2].split(b"\r\n")


def unfolded(body: bytes) -> list[str]:
    out: list[str] = []
    for line in raw_lines(body):
        text = line.decode("utf-8")
        if text.startswith(" "):
            out[-1] += text[1:]
        else:
            out.append(text)
    return out


def events_by_uid(body: bytes) -> dict[str, dict[str, str]]:
    """UID → {property name (with params): value} from the unfolded text (no parser involved)."""
    events: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in unfolded(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events[current["UID"]] = current
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events
