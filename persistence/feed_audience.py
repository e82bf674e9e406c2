"""What one calendar feed needs from the database, and nothing more: its assignments and the names they show.

A feed used to be rendered from the whole group: every member, employee and need read, validated and
checked as a scenario, and every assignment of every published plan turned into an event — 12 s for a
10,000-employee group, and again after any change anywhere in it. Here a feed reads:
- `audience_assignments`: the assignments of the published plans in its window that it shows (a member's,
  an employee's, or all for the group feed), with the keys they refer to, in one indexed query;
- `directory_for`: the rows those assignments name (employees, members, sites, needs, loans), as an
  `engine.feeds.Directory`;
- `untouched`: after the group's data moved, whether any change since the feed was rendered concerns it
  (the audit log says what changed: an absence, an invoice or another member's site does not), so that
  its stored body stays valid without rendering it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from engine.feeds import Directory
from engine.model import Assignment
from persistence import mapping as mp
from persistence.tables import (
    PLAN_PUBLISHED,
    AssignmentRow,
    AuditEventRow,
    ContractRow,
    EmployeeRow,
    MemberRow,
    NeedRow,
    PlanVersionRow,
    SecondmentRow,
    SiteRow,
)

FEED_ENTITIES = ("member", "site", "employee", "need", "loan")
"""Audited entities whose fields feeds show (names, addresses, contacts, skills, loan references)."""
QUIET_ENTITIES = frozenset(
    {"absence", "actuals", "api_key", "assignment", "billing_run", "feed_token", "invoice", "job", "plan"}
)
"""Audited entities no feed shows (a publication moves the signature's plan part, not only the log)."""
MAX_CHANGES_READ = 5000
"""Beyond this many changes since a render, render again rather than read them all."""


@dataclass(frozen=True)
class Signature:
    """What a group's feeds depend on: the feed window's first month, the data revision (the latest audit
    event), and the published versions in the window (their count and newest id)."""

    since: str
    revision: int | None
    published: int
    newest: int | None

    def text(self) -> str:
        return f"{self.since}|{self.revision}|{self.published}|{self.newest}"

    @classmethod
    def parse(cls, text: str) -> Signature | None:
        """The signature written by `text()`; None for one stored in another form (an older hash)."""
        parts = text.split("|")
        if len(parts) != 4:
            return None
        since, revision, published, newest = parts
        try:
            return cls(since, _int(revision), int(published), _int(newest))
        except ValueError:
            return None


def _int(text: str) -> int | None:
    return None if text == "None" else int(text)


@dataclass
class Referenced:
    """The keys a feed's events name, by audited entity."""

    keys: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in FEED_ENTITIES})

    def add(self, entity: str, key: str | None) -> None:
        if key:
            self.keys[entity].add(key)

    def names(self, entity: str, key: str) -> bool:
        return key in self.keys.get(entity, set())


@dataclass(frozen=True)
class FeedRow:
    """One assignment of the feed, with the keys it refers to and its event UID."""

    assignment: Assignment
    uid: str


def window_plans(session: Session, group_id: int, since: str) -> list[tuple[int, str]]:
    """(id, month) of the group's published plan versions from `since` on."""
    query = (
        select(PlanVersionRow.id, PlanVersionRow.month)
        .where(
            col(PlanVersionRow.group_id) == group_id,
            col(PlanVersionRow.status) == PLAN_PUBLISHED,
            col(PlanVersionRow.month) >= since,
        )
        .order_by(col(PlanVersionRow.month))
    )
    return [(int(i), str(m)) for i, m in session.connection().execute(query)]


def _audience_query(audience: Any, plan_ids: list[int]) -> Any:
    a, e, m, s = AssignmentRow, EmployeeRow, MemberRow, SiteRow
    query = (
        sa_select(
            *(
                col(c)
                for c in (
                    a.uid,
                    a.need_key,
                    a.secondment_key,
                    a.date,
                    a.start,
                    a.end,
                    a.travel_before_minutes,
                    a.pinned,
                    a.data,
                )
            ),
            col(e.key).label("employee"),
            col(m.key).label("member"),
            col(s.key).label("site"),
        )
        .join(e, col(e.id) == a.employee_id)
        .join(m, col(m.id) == a.member_id)
        .join(s, col(s.id) == a.site_id)
        .where(col(a.plan_id).in_(plan_ids))
    )
    if audience.scope == "member":
        query = query.where(col(a.member_id) == audience.member_id)
    elif audience.scope == "employee":
        query = query.where(col(a.employee_id) == audience.employee_id)
    return query.order_by(col(a.id))


def audience_assignments(session: Session, audience: Any, plan_ids: list[int], tz: ZoneInfo) -> list[FeedRow]:
    """The assignments the feed of `audience` (a `persistence.feed_store.FeedAudience`) shows."""
    if not plan_ids:
        return []
    return [
        FeedRow(
            Assignment.model_construct(  # stored by `save_draft` from a validated plan
                employee=r.employee,
                need=r.need_key,
                date=r.date,
                start=r.start.astimezone(tz),
                end=r.end.astimezone(tz),
                member=r.member,
                site=r.site,
                travel_before_minutes=r.travel_before_minutes,
                travel_before_km=Decimal(str(r.data.get("travel_before_km", "0"))),
                travel_from=r.data.get("travel_from"),
                pinned=r.pinned,
                secondment=r.secondment_key,
            ),
            r.uid,
        )
        for r in session.connection().execute(_audience_query(audience, plan_ids))
    ]


def referenced(rows: Iterable[FeedRow], audience_keys: Iterable[tuple[str, str]] = ()) -> Referenced:
    """The keys the feed names: those of its assignments, and its own subject (its calendar's name)."""
    out = Referenced()
    for row in rows:
        a = row.assignment
        out.add("employee", a.employee)
        out.add("member", a.member)
        out.add("site", a.site)
        out.add("need", a.need)
        out.add("loan", a.secondment or a.need)
    for entity, key in audience_keys:
        out.add(entity, key)
    return out


def audience_keys(session: Session, audience: Any) -> list[tuple[str, str]]:
    """The audience's own subject, by key: a member feed is named after its member, an employee's after
    its employee."""
    if audience.scope == "member":
        key = session.connection().execute(select(MemberRow.key).where(MemberRow.id == audience.member_id))
        return [("member", k) for (k,) in key]
    if audience.scope == "employee":
        key = session.connection().execute(
            select(EmployeeRow.key).where(EmployeeRow.id == audience.employee_id)
        )
        return [("employee", k) for (k,) in key]
    return []


def _where_keys(table: Any, group_id: int, keys: set[str]) -> Any:
    query = select(table.__table__).where(table.group_id == group_id)
    if len(keys) <= 500:  # else the group's whole table: one scan rather than a huge IN list
        query = query.where(col(table.key).in_(sorted(keys)))
    return query


def directory_for(session: Session, group_id: int, wanted: Referenced) -> Directory:
    """The rows `wanted` names, as domain models, and the group's own fields."""
    from persistence.scenario_io import group_model

    conn, keys = session.connection(), wanted.keys
    index = mp.KeyIndex.load(session, group_id)

    def rows(table: Any, entity: str) -> list[Any]:
        return [r for r in conn.execute(_where_keys(table, group_id, keys[entity])) if r.key in keys[entity]]

    employees = rows(EmployeeRow, "employee")
    contract_table: Any = ContractRow
    contracts: dict[int, Any] = {
        c.employee_id: c
        for c in conn.execute(
            select(contract_table.__table__).where(
                col(ContractRow.employee_id).in_([e.id for e in employees])
            )
        )
    }
    return Directory(
        group=group_model(session, group_id),
        member_by_id={r.key: mp.member_from_row(r, [], index) for r in rows(MemberRow, "member")},
        site_by_id={r.key: mp.site_from_row(r) for r in rows(SiteRow, "site")},
        employee_by_id={e.key: mp.employee_from_rows(e, contracts[e.id], [], [], index) for e in employees},
        need_by_id={r.key: mp.need_from_row(r, index) for r in rows(NeedRow, "need")},
        secondment_by_id={r.key: mp.secondment_from_row(r, index) for r in rows(SecondmentRow, "loan")},
    )


def untouched(
    session: Session, group_id: int, before: Signature, now: Signature, wanted: Referenced | None
) -> bool:
    """Whether nothing that changed between two signatures concerns a feed that names `wanted` (None: the
    feed's keys are not known yet; only changes to what no feed shows are then untouched)."""
    if (before.since, before.published, before.newest) != (now.since, now.published, now.newest):
        return False  # a publication, a withdrawal, or a new month in the window
    if before.revision == now.revision:
        return True
    query = select(AuditEventRow.entity, AuditEventRow.entity_key).where(
        col(AuditEventRow.group_id) == group_id
    )
    if before.revision is not None:
        query = query.where(col(AuditEventRow.id) > before.revision)
    if now.revision is not None:
        query = query.where(col(AuditEventRow.id) <= now.revision)
    changes = list(session.connection().execute(query.limit(MAX_CHANGES_READ + 1)))
    if len(changes) > MAX_CHANGES_READ:
        return False
    for entity, key in changes:
        if entity in QUIET_ENTITIES:
            continue
        if entity in FEED_ENTITIES and wanted is not None and not wanted.names(entity, key):
            continue
        return False
    return True
