"""Write the iCalendar feed of one audience: calendar properties, the VTIMEZONE, one VEVENT per assignment.

The checklist (docs/feeds.md) in code: VERSION 2.0, PRODID, METHOD:PUBLISH, X-WR-CALNAME
and NAME (RFC 7986), X-WR-TIMEZONE, REFRESH-INTERVAL and X-PUBLISHED-TTL of four hours; times with
`TZID=` and a VTIMEZONE written with RRULEs; DTSTAMP and LAST-MODIFIED from the stored change time, so
the same plan and state always give the same bytes. Texts are in French (what members and employees read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from engine.feeds.events import (
    DEFAULT_UID_DOMAIN,
    Audience,
    EventFacts,
    EventState,
    FeedKind,
    Names,
    advance_state,
    plan_events,
)
from engine.feeds.ical import content_line, escape_text, local_stamp, serialize, utc_stamp
from engine.feeds.vtimezone import vtimezone_lines
from engine.model import Plan, Scenario
from engine.timeutil import minutes_between, parse_month

PRODID = "-//ge-engine//Planning du groupement d'employeurs//FR"
REFRESH = "PT4H"


@dataclass(frozen=True)
class Feed:
    """A rendered feed: its bytes, the state to store back, and the latest change among its events."""

    body: bytes
    state: dict[str, EventState]
    last_modified: dt.datetime | None
    event_count: int


def calendar_name(scenario: Names, audience: Audience) -> str:
    group = scenario.group.name
    if audience.kind is FeedKind.EMPLOYEE:
        employee = scenario.employee_by_id.get(audience.subject or "")
        return f"Planning — {employee.name if employee else audience.subject} ({group})"
    if audience.kind is FeedKind.MEMBER:
        member = scenario.member_by_id.get(audience.subject or "")
        return f"Salariés mis à disposition — {member.name if member else audience.subject} ({group})"
    return f"Planning du groupement — {group}"


def _duration_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins:02d}"


def _km_text(km: Decimal) -> str:
    return f"{km.quantize(Decimal('0.1'))}".replace(".", ",")


def _summary(event: EventFacts, audience: Audience) -> str:
    skill = f" · {event.skill}" if event.skill else ""
    if audience.kind is FeedKind.EMPLOYEE:
        return f"{event.member_name}{skill} ({event.site_name})"
    if audience.kind is FeedKind.MEMBER:
        return f"{event.employee_name}{skill}"
    return f"{event.employee_name} → {event.member_name}{skill}"


def _description(event: EventFacts, audience: Audience, scenario: Names, tz: ZoneInfo) -> str:
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    lines = []
    if audience.kind is not FeedKind.MEMBER:
        lines.append(f"Adhérent : {event.member_name}")
    if audience.kind is not FeedKind.EMPLOYEE:
        lines.append(f"Salarié·e : {event.employee_name}")
    lines.append(
        f"Lieu : {event.site_name} — {event.address}" if event.address else f"Lieu : {event.site_name}"
    )
    if event.skill:
        lines.append(f"Compétence : {event.skill}")
    lines.append(f"Besoin : {event.need_label}")
    lines.append(
        f"Horaires : {start:%H:%M}–{end:%H:%M} ({_duration_text(minutes_between(event.start, event.end))})"
    )
    if event.loan_reference:
        lines.append(f"Prêt de main-d'œuvre (art. L8241-1) : {event.loan_reference}")
    if audience.kind is not FeedKind.MEMBER and event.travel_minutes:
        lines.append(f"Trajet avant : {event.travel_minutes} min ({_km_text(event.travel_km)} km)")
    if audience.kind is FeedKind.MEMBER:
        group = scenario.group
        contact = " · ".join(x for x in (group.email, group.phone) if x)
        if contact:
            lines.append(f"Contact du groupement : {contact}")
        if event.employee_email:
            lines.append(f"Courriel : {event.employee_email}")
    else:
        contact = " · ".join(x for x in (event.member_contact, event.member_email) if x)
        if contact:
            lines.append(f"Contact sur place : {contact}")
    return "\n".join(lines)


def _event_lines(
    event: EventFacts, state: EventState, audience: Audience, scenario: Names, tz: ZoneInfo, tzid: str
) -> list[str]:
    stamp = utc_stamp(state.last_modified)
    tz_param = [("TZID", tzid)]
    location = f"{event.site_name}, {event.address}" if event.address else event.site_name
    lines = [
        "BEGIN:VEVENT",
        content_line("UID", event.uid),
        content_line("SEQUENCE", str(state.sequence)),
        content_line("DTSTAMP", stamp),
        content_line("LAST-MODIFIED", stamp),
        content_line("DTSTART", local_stamp(event.start, tz), tz_param),
        content_line("DTEND", local_stamp(event.end, tz), tz_param),
        content_line("SUMMARY", escape_text(_summary(event, audience))),
        content_line("LOCATION", escape_text(location)),
    ]
    if event.geo is not None:
        lat, lon = event.geo
        lines.append(content_line("GEO", f"{lat:.6f};{lon:.6f}"))
    lines += [
        content_line("DESCRIPTION", escape_text(_description(event, audience, scenario, tz))),
        content_line("STATUS", "CONFIRMED"),
        content_line("TRANSP", "OPAQUE"),
        "END:VEVENT",
    ]
    return lines


def render(
    scenario: Names,
    events: Sequence[EventFacts],
    state: Mapping[str, EventState],
    audience: Audience,
    years: Iterable[int],
) -> bytes:
    """The feed bytes of `audience` from already-known events and their state (every UID must have one).

    `years` are those the VTIMEZONE must be right for (the plans' months; events add theirs).
    """
    tzid = scenario.group.timezone
    tz = ZoneInfo(tzid)
    chosen = [e for e in events if e.concerns(audience)]
    missing = [e.uid for e in chosen if e.uid not in state]
    if missing:
        raise ValueError(f"no stored state for event {missing[0]}: advance the state before rendering")
    all_years = set(years) | {e.start.astimezone(tz).year for e in chosen}
    all_years |= {e.end.astimezone(tz).year for e in chosen}
    if not all_years:
        raise ValueError("a feed needs the years it covers (give the plans' months)")
    name = escape_text(calendar_name(scenario, audience))
    lines = [
        "BEGIN:VCALENDAR",
        content_line("VERSION", "2.0"),
        content_line("PRODID", escape_text(PRODID)),
        content_line("CALSCALE", "GREGORIAN"),
        content_line("METHOD", "PUBLISH"),
        content_line("NAME", name),
        content_line("X-WR-CALNAME", name),
        content_line("X-WR-TIMEZONE", tzid),
        content_line("REFRESH-INTERVAL", REFRESH, [("VALUE", "DURATION")]),
        content_line("X-PUBLISHED-TTL", REFRESH),
        *vtimezone_lines(tzid, range(min(all_years), max(all_years) + 1)),
    ]
    for event in chosen:
        lines += _event_lines(event, state[event.uid], audience, scenario, tz, tzid)
    lines.append("END:VCALENDAR")
    return serialize(lines)


def build_feed(
    scenario: Scenario,
    plans: Sequence[Plan],
    audience: Audience,
    state: Mapping[str, EventState],
    changed_at: dt.datetime,
    uid_domain: str = DEFAULT_UID_DOMAIN,
) -> Feed:
    """Render the feed of `audience` from published `plans`, advancing the stored event state.

    `state` is the group's state (every audience shares it); the returned state includes every event of
    the plans, not only this audience's, so storing it keeps all feeds of the group consistent.
    `changed_at` stamps what changed since `state` (use the stored publication time of the plan).
    """
    events = plan_events(scenario, plans, uid_domain)
    new_state = advance_state(events, state, changed_at)
    years = {parse_month(p.month)[0] for p in plans} or {changed_at.year}
    body = render(scenario, events, new_state, audience, years)
    chosen = [new_state[e.uid].last_modified for e in events if e.concerns(audience)]
    return Feed(body, new_state, max(chosen) if chosen else None, len(chosen))
