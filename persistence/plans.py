"""Plan versions: save a draft, publish it (atomically replacing the month's published plan), read back.

Stable functions (jobs/ uses `save_draft`; feeds read `published_plans`):
- `save_draft(session, group_id, plan, *, source, job_id=None, actor="system", based_on_id=None,
  violations=None)`: a new draft version of `plan.month` with its assignments as rows and the compliance
  checker's verdict (persistence.verdict). Flushed, not committed.
- `publish(session, scope, row, *, confirm_supersede=False)`: the publication gate, then the previous
  published plan of the month becomes `superseded` and this one `published`, in the caller's transaction;
  the partial unique index guarantees at most one published plan per group and month even when two
  publishes race (the loser gets an IntegrityError). Each assignment is written to the audit log as the
  employee's legal record.
- `publish_version(engine, scope, plan_id, *, confirm_supersede=False)`: `publish` in a transaction of its
  own, a refusal recorded (verdict, audit event) before it is raised: the API and `ge publish` call it.
- `plan_from_row(session, row)`: the domain `Plan` (assignments in the group's time zone).
- `published_plan(session, group_id, month)`, `published_plans(session, group_id)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, String, cast, type_coerce, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from engine.feeds import event_uid
from engine.model import Assignment, Plan, PlanStatus
from persistence import mapping as mp
from persistence.audit import record
from persistence.db import write_session
from persistence.plan_changes import record_change
from persistence.scenario_io import export_scenario, insert_rows
from persistence.scope import Scope
from persistence.store import BadReference
from persistence.tables import (
    PLAN_DRAFT,
    PLAN_PUBLISHED,
    PLAN_SUPERSEDED,
    AssignmentRow,
    GroupRow,
    NeedRow,
    PlanVersionRow,
    SiteRow,
)
from persistence.types import utcnow
from persistence.verdict import (
    PublishConflict,
    PublishRefused,
    SupersedeNotConfirmed,
    errors_in,
    verdict,
)

_PLAN_OWN = {"month", "status", "assignments", "created_at", "published_at"}
_MONTH_HORIZON = {"first_day", "last_day"}  # a month plan's data is unchanged; a part of a month keeps them


def save_draft(
    session: Session,
    group_id: int,
    plan: Plan,
    *,
    source: str = "api",
    job_id: str | None = None,
    actor: str = "system",
    based_on_id: int | None = None,
    violations: list[dict[str, Any]] | None = None,
) -> PlanVersionRow:
    """Store `plan` as the next draft version of its month, with the checker's verdict; unknown references
    raise `BadReference`.

    `violations` is the verdict when the caller took it already (a job checks before its short writing
    transaction, against the scenario it solved); else it is taken here against the group's data.
    """
    group = session.get(GroupRow, group_id)
    if group is None:
        raise LookupError(f"no group with row id {group_id}")
    index = mp.KeyIndex.load(session, group_id)
    last = session.exec(
        select(func.max(PlanVersionRow.version)).where(
            PlanVersionRow.group_id == group_id, PlanVersionRow.month == plan.month
        )
    ).one()
    row = PlanVersionRow(
        group_id=group_id,
        month=plan.month,
        version=(last or 0) + 1,
        status=PLAN_DRAFT,
        source=source,
        job_id=job_id,
        created_by=actor,
        based_on_id=based_on_id,
        data=mp.store(plan, exclude=_PLAN_OWN | (_MONTH_HORIZON if plan.first_day is None else set())),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    insert_rows(
        session,
        AssignmentRow,
        [assignment_values(group, row.id, i, a, index) for i, a in enumerate(plan.assignments)],
    )
    if violations is None:
        violations = verdict(export_scenario(session, group_id), plan)
    row.violations, row.checked_at = violations, utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        group_id,
        actor,
        "plan.drafted",
        "plan",
        f"{plan.month}#v{row.version}",
        after={
            "plan_id": row.id,
            "source": source,
            "assignments": len(plan.assignments),
            "violations": len(errors_in(violations)),
        },
    )
    return row


def assignment_row(group: GroupRow, plan_id: int, i: int, a: Assignment, index: mp.KeyIndex) -> AssignmentRow:
    """The row of a plan's `i`-th assignment (`BadReference` for a key the group does not have)."""
    return AssignmentRow(**assignment_values(group, plan_id, i, a, index))


def assignment_values(
    group: GroupRow, plan_id: int, i: int, a: Assignment, index: mp.KeyIndex
) -> dict[str, Any]:
    """The column values of a plan's `i`-th assignment, for one batched insert of a whole plan
    (`persistence.scenario_io.insert_rows`: a 10,000-employee month is 200,000 rows)."""

    def ref(table: str, key: str, field: str) -> int:
        row_id = index.id_of(table, key)
        if row_id is None:
            raise BadReference(f"body.assignments[{i}].{field}", f"no {table} {key!r} in this group")
        return row_id

    if index.id_of("need", a.need) is None and index.id_of("secondment", a.need) is None:
        raise BadReference(f"body.assignments[{i}].need", f"no need or loan {a.need!r} in this group")
    assert group.id is not None
    return dict(
        group_id=group.id,
        plan_id=plan_id,
        employee_id=ref("employee", a.employee, "employee"),
        member_id=ref("member", a.member, "member"),
        site_id=ref("site", a.site, "site"),
        need_key=a.need,
        secondment_key=a.secondment,
        date=a.date,
        start=a.start,
        end=a.end,
        minutes=a.minutes,
        travel_before_minutes=a.travel_before_minutes,
        pinned=a.pinned,
        uid=event_uid(group.key, a.need, a.date, a.employee),
        data={"travel_before_km": str(a.travel_before_km), "travel_from": a.travel_from},
    )


def assignment_from_row(row: AssignmentRow, index: mp.KeyIndex, tz: ZoneInfo) -> Assignment:
    return _assignment(
        (
            row.id,
            row.employee_id,
            row.member_id,
            row.site_id,
            row.need_key,
            row.secondment_key,
            row.date,
            row.start,
            row.end,
            row.travel_before_minutes,
            row.pinned,
            row.data,
        ),
        index,
        tz,
    )


# An assignment row's columns as plain values (a Core query: no ORM object per row, a third of a cold read).
_VALUES: tuple[Any, ...] = (
    col(AssignmentRow.id),
    col(AssignmentRow.employee_id),
    col(AssignmentRow.member_id),
    col(AssignmentRow.site_id),
    col(AssignmentRow.need_key),
    col(AssignmentRow.secondment_key),
    col(AssignmentRow.date),
    col(AssignmentRow.start),
    col(AssignmentRow.end),
    col(AssignmentRow.travel_before_minutes),
    col(AssignmentRow.pinned),
    col(AssignmentRow.data),
)
_COMPARED_AS_STORED = {"date", "start", "end"}  # the database's own text, not an aware datetime each


def _assignment(values: Any, index: mp.KeyIndex, tz: ZoneInfo) -> Assignment:
    _, employee, member, site, need, secondment, date, start, end, travel, pinned, data = values
    return Assignment(
        employee=index.key_of("employee", employee) or "",
        need=need,
        date=date,
        start=start.astimezone(tz),
        end=end.astimezone(tz),
        member=index.key_of("member", member) or "",
        site=index.key_of("site", site) or "",
        travel_before_minutes=travel,
        travel_before_km=data.get("travel_before_km", "0"),
        travel_from=data.get("travel_from"),
        pinned=pinned,
        secondment=secondment,
    )


def assignment_basis(session: Session, group_id: int) -> tuple[Any, ...]:
    """What `assignment_from_row` reads besides the row: the group's time zone and the keys of its
    employees, members and sites (by row id). The `known` map of `plan_reusing` holds while it is equal."""
    group = session.get(GroupRow, group_id)
    assert group is not None
    keys = tuple(
        tuple(session.exec(select(t.id, t.key).where(t.group_id == group_id).order_by(t.id)))  # type: ignore[attr-defined]
        for t in (mp.KEYED_TABLES["employee"], mp.KEYED_TABLES["member"], mp.KEYED_TABLES["site"])
    )
    return (group.timezone, keys)


def _reading(session: Session, group_id: int) -> tuple[ZoneInfo, mp.KeyIndex]:
    group = session.get(GroupRow, group_id)
    assert group is not None
    return ZoneInfo(group.timezone), mp.KeyIndex.load(session, group_id)


def plan_from_row(session: Session, row: PlanVersionRow) -> Plan:
    return plan_reusing(session, row, {})[0]


# What an assignment row holds, as plain values: two rows with the same contents read as the same
# `Assignment` (the row id comes first and is left out of the contents: SQLite may give a deleted row's id
# to a new row). The same columns as `_VALUES`, compared rather than read.
_CONTENTS = (
    _VALUES[0],
    *(type_coerce(c, String) if c.key in _COMPARED_AS_STORED else c for c in _VALUES[1:-1]),
    cast(_VALUES[-1], String),
)
IN_CHUNK = 500  # ids per `IN (...)`: below SQLite's limit on bound parameters


def plan_reusing(
    session: Session, row: PlanVersionRow, known: dict[tuple[Any, ...], Assignment]
) -> tuple[Plan, dict[tuple[Any, ...], Assignment]]:
    """The plan version `row`, reusing the `Assignment`s of `known` (row contents → assignment, as returned
    by an earlier call for the same group while its employees, members and sites kept their keys) and
    reading in full only the rows not there: after a hand edit of a draft, the few rows it rewrote. Returns
    the plan and the contents map of its assignments (for the next call)."""
    connection = session.connection()
    where = col(AssignmentRow.plan_id) == row.id
    fresh: dict[Any, Assignment] = {}
    if not known:  # nothing to reuse (a first read): contents and values in one query
        width = len(_CONTENTS)
        tz, index = _reading(session, row.group_id)
        ordered: list[tuple[Any, tuple[Any, ...]]] = []
        for r in connection.execute(
            sa_select(*_CONTENTS, *_VALUES[1:]).where(where).order_by(col(AssignmentRow.id))
        ):
            ordered.append((r[0], tuple(r[1:width])))
            fresh[r[0]] = _assignment((r[0], *r[width:]), index, tz)
        missing = []
    else:
        contents = connection.execute(sa_select(*_CONTENTS).where(where).order_by(col(AssignmentRow.id)))
        ordered = [(r[0], tuple(r[1:])) for r in contents]
        missing = [rid for rid, key in ordered if key not in known]
    if missing:
        tz, index = _reading(session, row.group_id)
        query = sa_select(*_VALUES).where(where)
        if len(missing) * 4 < len(ordered):
            for i in range(0, len(missing), IN_CHUNK):
                chunk = missing[i : i + IN_CHUNK]
                for values in connection.execute(query.where(col(AssignmentRow.id).in_(chunk))):
                    fresh[values[0]] = _assignment(values, index, tz)
        else:
            for values in connection.execute(query):
                fresh[values[0]] = _assignment(values, index, tz)
    seen: dict[tuple[Any, ...], Assignment] = {}
    assignments = []
    for rid, key in ordered:
        held = known.get(key) or seen.get(key) or fresh[rid]
        seen[key] = held
        assignments.append(held)
    own = {k: v for k, v in row.data.items() if k in Plan.model_fields}  # not a re-plan's change list
    plan = Plan.model_validate(
        {
            **own,
            "month": row.month,
            "status": PlanStatus(row.status),
            "assignments": assignments,
            "created_at": row.created_at,
            "published_at": row.published_at,
        }
    )
    return plan, seen


def published_plan(session: Session, group_id: int, month: str) -> PlanVersionRow | None:
    return session.exec(
        select(PlanVersionRow).where(
            PlanVersionRow.group_id == group_id,
            PlanVersionRow.month == month,
            PlanVersionRow.status == PLAN_PUBLISHED,
        )
    ).first()


def published_plans(session: Session, group_id: int) -> list[PlanVersionRow]:
    return list(
        session.exec(
            select(PlanVersionRow)
            .where(PlanVersionRow.group_id == group_id, PlanVersionRow.status == PLAN_PUBLISHED)
            .order_by(col(PlanVersionRow.month))
        )
    )


def publish(
    session: Session, scope: Scope, row: PlanVersionRow, *, confirm_supersede: bool = False
) -> PlanVersionRow:
    """Make `row` the month's published plan, superseding the previous one, in the current transaction.

    The gate, in order: a version already published, or a re-plan whose base is no longer the published
    plan, is a `PublishConflict`; replacing a NEWER published version needs `confirm_supersede`
    (`SupersedeNotConfirmed`); a re-plan's change is recorded in the group's data (persistence.plan_changes);
    then the checker reads the plan against the data as it now is, the verdict is kept on the version, and
    any error is a `PublishRefused` listing every finding (the caller rolls back: nothing is published).
    """
    if row.group_id != scope.group_id:
        raise LookupError("plan of another group")
    if row.status == PLAN_PUBLISHED:
        raise PublishConflict(f"plan {row.id} is already the published plan of {row.month}")
    assert row.id is not None
    current = published_plan(session, row.group_id, row.month)
    replan = row.source == "replan" and row.based_on_id is not None
    if replan and (current is None or current.id != row.based_on_id):
        raise PublishConflict(
            f"this re-plan is based on plan {row.based_on_id}, which is no longer the published plan "
            f"of {row.month}: re-plan the current one"
        )
    if current is not None and current.version > row.version and not confirm_supersede:
        assert current.id is not None
        raise SupersedeNotConfirmed(row.id, row.version, row.month, current.id, current.version)
    if replan:
        record_change(session, scope, row.data.get("change") or {})
        session.flush()
    row.violations = verdict(export_scenario(session, row.group_id), plan_from_row(session, row))
    row.checked_at = utcnow()
    if errors_in(row.violations):
        raise PublishRefused(row.id, row.version, row.month, row.violations)
    now = utcnow()
    # Supersede first and flush, so that the partial unique index never sees two published rows.
    session.execute(
        update(PlanVersionRow)
        .where(
            col(PlanVersionRow.group_id) == row.group_id,
            col(PlanVersionRow.month) == row.month,
            col(PlanVersionRow.status) == PLAN_PUBLISHED,
        )
        .values(status=PLAN_SUPERSEDED, superseded_at=now)
    )
    row.status = PLAN_PUBLISHED
    row.published_at = now
    row.superseded_at = None
    session.add(row)
    session.flush()
    _record_assignments(session, scope, row)
    record(
        session,
        row.group_id,
        scope.actor,
        "plan.published",
        "plan",
        f"{row.month}#v{row.version}",
        after={"plan_id": row.id, "month": row.month, "version": row.version},
    )
    return row


def publish_version(
    engine: Engine, scope: Scope, plan_id: int, *, confirm_supersede: bool = False
) -> PlanVersionRow:
    """`publish` in a transaction of its own (SQLite's write lock taken first); `LookupError` when the
    version is not in the scope's group.

    A refusal for violations rolls everything back (a re-plan's change too), then records the fresh
    verdict on the version and a `plan.publish_refused` audit event in a second transaction, and is
    raised: the version's stored verdict is then the one the refusal lists.
    """
    try:
        with write_session(engine, immediate=True) as session:
            row = session.get(PlanVersionRow, plan_id)
            if row is None or row.group_id != scope.group_id:
                raise LookupError(f"no plan {plan_id} in this group")
            return publish(session, scope, row, confirm_supersede=confirm_supersede)
    except PublishRefused as refused:
        with write_session(engine, immediate=True) as session:
            row = session.get(PlanVersionRow, plan_id)
            assert row is not None
            row.violations, row.checked_at = refused.violations, utcnow()
            session.add(row)
            record(
                session,
                row.group_id,
                scope.actor,
                "plan.publish_refused",
                "plan",
                f"{row.month}#v{row.version}",
                after={"plan_id": row.id, "violations": len(refused.errors)},
            )
        raise


def _record_assignments(session: Session, scope: Scope, row: PlanVersionRow) -> None:
    """The legal record: for each assignment, who, for whom and why, where, when and how long."""
    group = session.get(GroupRow, row.group_id)
    assert group is not None
    tz = ZoneInfo(group.timezone)
    index = mp.KeyIndex.load(session, row.group_id)
    sites = {s.id: s for s in session.exec(select(SiteRow).where(SiteRow.group_id == row.group_id))}
    needs = {n.key: n for n in session.exec(select(NeedRow).where(NeedRow.group_id == row.group_id))}
    members: dict[int, str] = {}
    for a in session.exec(select(AssignmentRow).where(AssignmentRow.plan_id == row.id)):
        site = sites.get(a.site_id)
        need = needs.get(a.need_key)
        address = (site.data.get("address") or {}) if site else {}
        employee = index.key_of("employee", a.employee_id) or ""
        members.setdefault(a.member_id, index.key_of("member", a.member_id) or "")
        reason: dict[str, Any] = {"member": members[a.member_id], "need": a.need_key}
        if need is not None:
            reason.update(skill=need.skill, description=need.data.get("description", ""))
        elif a.secondment_key:
            reason.update(loan=a.secondment_key, basis="prêt de main-d'œuvre (L8241-1)")
        record(
            session,
            row.group_id,
            scope.actor,
            "assignment.published",
            "assignment",
            a.uid,
            employee_key=employee,
            after={
                "plan_id": row.id,
                "month": row.month,
                "version": row.version,
                "employee": employee,
                "reason": reason,
                "place": {
                    "site": index.key_of("site", a.site_id),
                    "name": site.name if site else "",
                    "address": " ".join(
                        str(address.get(k, "")) for k in ("street", "postcode", "city") if address.get(k)
                    ),
                },
                "date": a.date.isoformat(),
                "start": a.start.astimezone(tz).isoformat(),
                "end": a.end.astimezone(tz).isoformat(),
                "minutes": a.minutes,
            },
        )


def visible_plans(scope: Scope) -> Any:
    """`SELECT plan_version` of the scope's group; only published versions unless the scope is a manager's
    (drafts are the manager's work in progress). The API and the workspace's pages both read through it."""
    query = select(PlanVersionRow).where(PlanVersionRow.group_id == scope.group_id)
    if not scope.is_manager:
        query = query.where(PlanVersionRow.status == PLAN_PUBLISHED)
    return query


def month_versions(session: Session, scope: Scope, month: str) -> list[PlanVersionRow]:
    """The month's versions the scope may see, oldest first."""
    return list(
        session.exec(
            visible_plans(scope).where(PlanVersionRow.month == month).order_by(col(PlanVersionRow.version))
        )
    )


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"
