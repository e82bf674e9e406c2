"""The database schema (SQLModel tables) for several groups in one database.

Stable contract for other packages (jobs/, api/routes/feeds.py import these names):
- Every row but `ge_group` carries `group_id`; the repositories (`persistence.repositories`) take the group
  id and add it to every query.
- Domain ids (`m1`, `e12`, `n3`…) are `key` columns, unique per group; rows are linked by integer foreign
  keys, so a reference can never dangle.
- Nested value objects that are only read as a whole (an address, a rule override dictionary, a vehicle)
  live in a `data` JSON column holding the rest of the domain model's fields; members, sites, employees,
  contracts, absences, wishes, needs and loans are rows.
- Instants are `UTCDateTime` (aware, UTC; TIMESTAMP WITH TIME ZONE on PostgreSQL). Money on invoices is in
  integer cents; amounts inside `data` JSON are decimal strings (exact).

Plans: `PlanVersionRow.status` is `draft`, `published` or `superseded`. A partial unique index allows one
published plan per group and month; publishing marks the previous one superseded in the same transaction
(history kept). `AssignmentRow.uid` is the calendar UID of `engine.feeds.event_uid` (stable across versions).

Tables owned by the jobs/feeds package live in `persistence/solve_jobs.py` and `persistence/feed_state.py`;
they are imported at the end of this module so that `metadata` (and hence Alembic) always has every table.
A schema change needs a new Alembic revision (tests/persistence/test_migrations.py fails until it exists).
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from persistence import invoice_guard
from persistence.types import UTCDateTime, utcnow

PLAN_DRAFT = "draft"
PLAN_PUBLISHED = "published"
PLAN_SUPERSEDED = "superseded"

INVOICE_DRAFT = "draft"
INVOICE_ISSUED = "issued"

ROLES = ("manager", "member", "accountant", "employee")
FEED_SCOPES = ("group", "member", "employee")


def _json(**kwargs: Any) -> Any:
    return Field(sa_type=JSON, **kwargs)


def _group_fk() -> Any:
    return Field(sa_column_args=[ForeignKey("ge_group.id", ondelete="CASCADE")], index=True, nullable=False)


def _when(nullable: bool = False, **kwargs: Any) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, **kwargs)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kwargs)


class GroupRow(SQLModel, table=True):
    """An employer group. `data`: the `Group` fields but its pricing profiles (own table);
    `settings`: scenario-level settings (name, month, travel, objective weights, history, pins)."""

    __tablename__ = "ge_group"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    name: str
    siren: str = Field(max_length=9)
    timezone: str = "Europe/Paris"
    data: dict[str, Any] = _json(default_factory=dict)
    settings: dict[str, Any] = _json(default_factory=dict)
    created_at: dt.datetime = _when()


class AgreementRow(SQLModel, table=True):
    __tablename__ = "agreement"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    name: str
    idcc: str | None = None
    rules: dict[str, Any] = _json(default_factory=dict)


class PricingProfileRow(SQLModel, table=True):
    __tablename__ = "pricing_profile"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    name: str = ""
    default: dict[str, Any] = _json(default_factory=dict)
    by_contract_kind: dict[str, Any] = _json(default_factory=dict)


class MemberRow(SQLModel, table=True):
    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    name: str
    siren: str = Field(max_length=9)
    joined_on: dt.date
    left_on: dt.date | None = None
    pricing_profile_id: int | None = Field(
        default=None, foreign_key="pricing_profile.id", ondelete="SET NULL"
    )
    data: dict[str, Any] = _json(default_factory=dict)


class SiteRow(SQLModel, table=True):
    __tablename__ = "site"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    key: str = Field(max_length=64)
    name: str
    data: dict[str, Any] = _json(default_factory=dict)


class EmployeeRow(SQLModel, table=True):
    __tablename__ = "employee"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    name: str
    email: str | None = None
    employer_id: int | None = Field(default=None, foreign_key="member.id", ondelete="RESTRICT", index=True)
    data: dict[str, Any] = _json(default_factory=dict)


class ContractRow(SQLModel, table=True):
    """The employee's contract (one current contract per employee)."""

    __tablename__ = "contract"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", unique=True)
    kind: str = Field(max_length=32)
    start: dt.date
    end: dt.date | None = None
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", ondelete="RESTRICT")
    data: dict[str, Any] = _json(default_factory=dict)


class AbsenceRow(SQLModel, table=True):
    __tablename__ = "absence"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=32)
    start: dt.date
    end: dt.date
    paid: bool | None = None


class WishRow(SQLModel, table=True):
    __tablename__ = "wish"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", index=True)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    data: dict[str, Any] = _json(default_factory=dict)


class NeedRow(SQLModel, table=True):
    __tablename__ = "need"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    site_id: int = Field(foreign_key="site.id", ondelete="CASCADE")
    skill: str
    data: dict[str, Any] = _json(default_factory=dict)


class SecondmentRow(SQLModel, table=True):
    """A loan of staff (L8241): a lender member's employee at a host member's site."""

    __tablename__ = "secondment"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key: str = Field(max_length=64)
    lender_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    host_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", ondelete="CASCADE")
    start: dt.date
    end: dt.date
    data: dict[str, Any] = _json(default_factory=dict)


class PlanVersionRow(SQLModel, table=True):
    """One version of a month's plan. `data`: scenario name, unfilled, cost terms, solver facts, history."""

    __tablename__ = "plan_version"
    __table_args__ = (
        UniqueConstraint("group_id", "month", "version"),
        Index(
            "uq_plan_version_published",
            "group_id",
            "month",
            unique=True,
            sqlite_where=text("status = 'published'"),
            postgresql_where=text("status = 'published'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    month: str = Field(max_length=7)
    version: int
    status: str = Field(default=PLAN_DRAFT, max_length=16)
    source: str = Field(default="api", max_length=32)  # solve | replan | import | api
    based_on_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    job_id: str | None = Field(default=None, max_length=64)
    created_by: str | None = None
    created_at: dt.datetime = _when()
    published_at: dt.datetime | None = _when(nullable=True)
    superseded_at: dt.datetime | None = _when(nullable=True)
    data: dict[str, Any] = _json(default_factory=dict)
    # The compliance checker's verdict (persistence.verdict): every finding, errors and warnings, as JSON;
    # None for a version never checked. Taken when the version is stored and again when it is published.
    violations: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON, nullable=True)
    checked_at: dt.datetime | None = _when(nullable=True)


class AssignmentRow(SQLModel, table=True):
    """One employee on one occurrence (the legal record's unit). `data`: travel origin and km."""

    __tablename__ = "assignment"
    __table_args__ = (Index("ix_assignment_plan_employee", "plan_id", "employee_id"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    plan_id: int = Field(foreign_key="plan_version.id", ondelete="CASCADE", index=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="RESTRICT", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="RESTRICT", index=True)
    site_id: int = Field(foreign_key="site.id", ondelete="RESTRICT")
    need_key: str = Field(max_length=64)  # a need id or a loan id (the domain's `Assignment.need`)
    secondment_key: str | None = Field(default=None, max_length=64)
    date: dt.date
    start: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    end: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    minutes: int
    travel_before_minutes: int = 0
    pinned: bool = False
    uid: str = Field(max_length=200)  # engine.feeds.event_uid: stable across versions of the month
    data: dict[str, Any] = _json(default_factory=dict)


class ActualHoursRow(SQLModel, table=True):
    """Hours actually worked, as confirmed or corrected by the member before billing."""

    __tablename__ = "actual_hours"
    __table_args__ = (Index("ix_actual_hours_month_member", "group_id", "month", "member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    month: str = Field(max_length=7)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    employee_id: int = Field(foreign_key="employee.id", ondelete="RESTRICT")
    need_key: str | None = Field(default=None, max_length=64)
    date: dt.date
    start: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    end: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    minutes: int
    status: str = Field(max_length=16)  # confirmed | corrected
    confirmed_by: str | None = None
    confirmed_at: dt.datetime = _when()


class BillingRunRow(SQLModel, table=True):
    """The billing of one month; `data` holds the billing result (for exports), `totals` its summary."""

    __tablename__ = "billing_run"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    month: str = Field(max_length=7)
    plan_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    uses_actuals: bool = False
    created_by: str | None = None
    created_at: dt.datetime = _when()
    totals: dict[str, Any] = _json(default_factory=dict)
    data: dict[str, Any] = _json(default_factory=dict)


class InvoiceRow(SQLModel, table=True):
    """An invoice, loan invoice or credit note. Immutable once `issued`: the ORM refuses the change
    (`persistence.invoices`) and so does the database (triggers of `persistence.invoice_guard`)."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("group_id", "series", "number"),
        # An invoice is cancelled at most once: one credit note per cancelled invoice, whatever races.
        Index(
            "uq_invoice_credited_once",
            "credited_invoice_id",
            unique=True,
            sqlite_where=text("credited_invoice_id IS NOT NULL"),
            postgresql_where=text("credited_invoice_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    billing_run_id: int | None = Field(default=None, foreign_key="billing_run.id", ondelete="RESTRICT")
    member_id: int = Field(foreign_key="member.id", ondelete="RESTRICT", index=True)
    month: str = Field(max_length=7)
    kind: str = Field(default="invoice", max_length=16)  # invoice | loan_invoice | credit_note
    series: str = Field(max_length=32)
    number: int | None = None
    number_text: str | None = Field(default=None, max_length=64)
    status: str = Field(default=INVOICE_DRAFT, max_length=16)
    issue_date: dt.date | None = None
    issued_at: dt.datetime | None = _when(nullable=True)
    credited_invoice_id: int | None = Field(default=None, foreign_key="invoice.id", ondelete="RESTRICT")
    total_excl_vat_cents: int = Field(sa_type=BigInteger)
    vat_cents: int = Field(sa_type=BigInteger)
    total_incl_vat_cents: int = Field(sa_type=BigInteger)
    created_at: dt.datetime = _when()
    data: dict[str, Any] = _json(default_factory=dict)


class NumberSequenceRow(SQLModel, table=True):
    """The last number given in a series (gap-free: incremented in the issuing transaction)."""

    __tablename__ = "number_sequence"
    group_id: int = Field(
        sa_column_args=[ForeignKey("ge_group.id", ondelete="CASCADE")], primary_key=True, nullable=False
    )
    series: str = Field(max_length=32, primary_key=True)
    last_number: int = Field(default=0, sa_column_kwargs={"nullable": False})


class FeedTokenRow(SQLModel, table=True):
    """A calendar feed capability: the token's SHA-256 only; `scope` is group, member or employee."""

    __tablename__ = "feed_token"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    token_hash: str = Field(max_length=64, unique=True)
    scope: str = Field(max_length=16)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    employee_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="CASCADE")
    label: str = ""
    created_at: dt.datetime = _when()
    revoked_at: dt.datetime | None = _when(nullable=True)


class ApiKeyRow(SQLModel, table=True):
    """An API key: its SHA-256 only, the role and the scope (member or employee) it acts for."""

    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    key_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)
    role: str = Field(max_length=16)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    employee_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="CASCADE")
    label: str = ""
    created_at: dt.datetime = _when()
    revoked_at: dt.datetime | None = _when(nullable=True)
    last_used_at: dt.datetime | None = _when(nullable=True)


class AuditEventRow(SQLModel, table=True):
    """Who changed what. Published assignments are logged per employee with reason, place and duration
    (action `assignment.published`, `employee_key` set): the legal record of each employee's placements."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_group_employee", "group_id", "employee_key"),
        # the feed hot path reads max(id) per group on every poll (persistence.feed_store.lookup)
        Index("ix_audit_event_group_id_id", "group_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = _group_fk()
    at: dt.datetime = _when()
    actor: str = Field(max_length=128)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_key: str = Field(max_length=200)
    employee_key: str | None = Field(default=None, max_length=64)
    before: dict[str, Any] | None = _json(default=None)
    after: dict[str, Any] | None = _json(default=None)


metadata = SQLModel.metadata
invoice_guard.attach(InvoiceRow.__table__)  # type: ignore[attr-defined]

for _module in ("persistence.solve_jobs", "persistence.feed_state", "persistence.accounts"):
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while that package is being written
        if _exc.name != _module:
            raise

__all__ = [
    "AbsenceRow",
    "ActualHoursRow",
    "AgreementRow",
    "ApiKeyRow",
    "AssignmentRow",
    "AuditEventRow",
    "BillingRunRow",
    "ContractRow",
    "EmployeeRow",
    "FeedTokenRow",
    "GroupRow",
    "InvoiceRow",
    "MemberRow",
    "NeedRow",
    "NumberSequenceRow",
    "PlanVersionRow",
    "PricingProfileRow",
    "SecondmentRow",
    "SiteRow",
    "WishRow",
    "metadata",
]
