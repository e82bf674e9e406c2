"""What a feed event is: the facts of one assignment, its stable UID and its change-tracking state.

The same facts feed the three audiences (employee, member, group); only their wording differs, so one
state per UID serves every feed of a group. A UID is derived from what the event *is* — group, need,
date and employee — never random, so a client that polls again recognises the event and updates it in
place. Whether it *changed* is told by two hashes: the schedule (times and place: RFC 5545 §3.8.7.4 says
SEQUENCE rises on such a revision) and the whole content (which only moves LAST-MODIFIED).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from enum import StrEnum

from engine.model import Assignment, Employee, Group, Member, Need, Plan, Scenario, Secondment, Site

DEFAULT_UID_DOMAIN = "ge-engine"


class FeedKind(StrEnum):
    EMPLOYEE = "employee"
    MEMBER = "member"
    GROUP = "group"


@dataclass(frozen=True)
class Audience:
    """Who a feed is for: one employee, one member firm, or the whole group (`subject` None)."""

    kind: FeedKind
    subject: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is FeedKind.GROUP) != (self.subject is None):
            raise ValueError("a group feed has no subject; employee and member feeds need one")


@dataclass(frozen=True)
class EventFacts:
    """Everything a feed shows about one assignment, independent of who reads it."""

    uid: str
    date: dt.date
    start: dt.datetime  # aware
    end: dt.datetime
    employee: str
    employee_name: str
    employee_email: str | None
    member: str
    member_name: str
    member_contact: str | None
    member_email: str | None
    site: str
    site_name: str
    address: str
    geo: tuple[float, float] | None
    skill: str
    need: str
    need_label: str
    loan_reference: str | None
    travel_minutes: int
    travel_km: Decimal

    def _digest(self, fields: Iterable[str]) -> str:
        data = asdict(self)
        payload = {key: data[key] for key in fields}
        payload["start"] = self.start.astimezone(dt.UTC).isoformat()
        payload["end"] = self.end.astimezone(dt.UTC).isoformat()
        text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def schedule_hash(self) -> str:
        """Hash of when and where: a change here raises SEQUENCE."""
        return self._digest(("start", "end", "site", "address", "geo"))

    @property
    def content_hash(self) -> str:
        """Hash of every fact shown (names, contacts, texts): a change here moves LAST-MODIFIED."""
        return self._digest(f for f in asdict(self) if f != "uid")

    def concerns(self, audience: Audience) -> bool:
        if audience.kind is FeedKind.EMPLOYEE:
            return self.employee == audience.subject
        if audience.kind is FeedKind.MEMBER:
            return self.member == audience.subject
        return True


@dataclass(frozen=True)
class EventState:
    """What persistence keeps per UID so that SEQUENCE never decreases and stamps stay put."""

    sequence: int
    schedule_hash: str
    content_hash: str
    last_modified: dt.datetime  # UTC, whole seconds


@dataclass(frozen=True)
class Directory:
    """What feed events name, by id: the group, and the members, sites, employees, needs and loans that a
    feed's assignments refer to. A `Scenario` offers the same attributes; a service builds a Directory
    from the few rows one feed needs instead of reading (and validating) its whole group."""

    group: Group
    member_by_id: Mapping[str, Member]
    site_by_id: Mapping[str, Site]
    employee_by_id: Mapping[str, Employee]
    need_by_id: Mapping[str, Need]
    secondment_by_id: Mapping[str, Secondment]


Names = Scenario | Directory
"""Where feeds look names up: a whole scenario, or a feed's directory."""


def event_uid(group: str, need: str, day: dt.date, employee: str, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """Stable UID: a hash of group, need (or loan), local date and employee, at `domain`."""
    digest = hashlib.sha256(f"{group}|{need}|{day.isoformat()}|{employee}".encode()).hexdigest()
    return f"{digest[:32]}@{domain}"


def _facts(scenario: Names, a: Assignment, domain: str) -> EventFacts:
    employee = scenario.employee_by_id.get(a.employee)
    member = scenario.member_by_id.get(a.member)
    site = scenario.site_by_id.get(a.site)
    need = scenario.need_by_id.get(a.need)
    loan = scenario.secondment_by_id.get(a.secondment or a.need)
    if need is not None:
        skill = need.skill
        need_label = need.description or need.id
    elif loan is not None:
        skill = loan.skill
        need_label = f"Mise à disposition {loan.id}"
    else:
        skill, need_label = "", a.need
    return EventFacts(
        uid=event_uid(scenario.group.id, a.need, a.date, a.employee, domain),
        date=a.date,
        start=a.start,
        end=a.end,
        employee=a.employee,
        employee_name=employee.name if employee else a.employee,
        employee_email=employee.email if employee else None,
        member=a.member,
        member_name=member.name if member else a.member,
        member_contact=member.contact if member else None,
        member_email=member.email if member else None,
        site=a.site,
        site_name=site.name if site else a.site,
        address=site.address.one_line() if site else "",
        geo=(site.location.lat, site.location.lon) if site else None,
        skill=skill,
        need=a.need,
        need_label=need_label,
        loan_reference=(loan.agreement_reference or loan.id) if loan is not None and a.secondment else None,
        travel_minutes=a.travel_before_minutes,
        travel_km=a.travel_before_km,
    )


def plan_events(scenario: Names, plans: Iterable[Plan], domain: str = DEFAULT_UID_DOMAIN) -> list[EventFacts]:
    """The facts of every assignment of the given plans, in a stable order (start instant, then UID)."""
    return assignment_events(scenario, (a for plan in plans for a in plan.assignments), domain)


def assignment_events(
    scenario: Names, assignments: Iterable[Assignment], domain: str = DEFAULT_UID_DOMAIN
) -> list[EventFacts]:
    """The facts of the given assignments (of published plans), in a stable order (start, then UID)."""
    events = [_facts(scenario, a, domain) for a in assignments]
    events.sort(key=lambda e: (e.start.astimezone(dt.UTC), e.uid))
    uids = [e.uid for e in events]
    if len(set(uids)) != len(uids):
        raise ValueError("two assignments share an employee, a need and a date: a plan cannot hold both")
    return events


def _whole_seconds_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("the change time must be timezone-aware")
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def advance_state(
    events: Iterable[EventFacts], state: Mapping[str, EventState], changed_at: dt.datetime
) -> dict[str, EventState]:
    """The state after seeing `events`, with `changed_at` as the time of any change found.

    New UIDs start at SEQUENCE 0; a changed schedule raises SEQUENCE by one; a changed text keeps it.
    UIDs absent from `events` keep their state, so an event that comes back never goes backwards.
    Stamps never move back either: a change is stamped at the latest of `changed_at` and the old stamp.
    """
    stamp = _whole_seconds_utc(changed_at)
    out = dict(state)
    for event in events:
        old = state.get(event.uid)
        schedule, content = event.schedule_hash, event.content_hash
        if old is None:
            out[event.uid] = EventState(0, schedule, content, stamp)
        elif old.schedule_hash != schedule:
            out[event.uid] = EventState(old.sequence + 1, schedule, content, max(stamp, old.last_modified))
        elif old.content_hash != content:
            out[event.uid] = replace(old, content_hash=content, last_modified=max(stamp, old.last_modified))
    return out
