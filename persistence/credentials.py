"""API keys and calendar feed tokens: random secrets stored as SHA-256 digests only.

Both are high-entropy random strings (`secrets.token_urlsafe(32)`, 256 bits), so a fast hash is the right
tool (ical-feeds.md: a password hash would cost every feed request). The plain secret is returned once, at
creation or rotation, and never stored. Revoking sets `revoked_at`; a revoked secret no longer resolves.

A group always keeps an active manager key: revoking its last one is refused (`LastManagerKey`), so
that nobody can lock the group out of its own administration by mistake. The live manager keys are read
`FOR UPDATE` (PostgreSQL; on SQLite the revoking transaction holds the write lock from its start), so two
managers revoking each other's key at once cannot both succeed. Rotating replaces a key in the same
transaction and is always allowed. An operator with access to the database adds a key with `ge key add`.

Stable functions (used by api/deps.py, api/routes/feeds.py, `ge serve`, `ge key`):
`create_api_key`, `authenticate_api_key`, `rotate_api_key`, `revoke_api_key`,
`create_feed_token`, `resolve_feed_token`, `rotate_feed_token`, `revoke_feed_token` (the hashing itself is
in `persistence.tokens`).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from engine.errors import DomainError
from persistence.tables import FEED_SCOPES, ROLES, ApiKeyRow, FeedTokenRow
from persistence.tokens import hash_secret, new_secret
from persistence.types import utcnow

API_KEY_PREFIX = "ge_"


class LastManagerKey(DomainError):
    """Revoking this key would leave its group without any active manager key."""


def create_api_key(
    session: Session,
    group_id: int,
    role: str,
    *,
    member_id: int | None = None,
    employee_id: int | None = None,
    label: str = "",
) -> tuple[ApiKeyRow, str]:
    """A new key; returns the row and the plain key (shown once)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if role == "member" and member_id is None:
        raise ValueError("a member key needs the member it acts for")
    if role == "employee" and employee_id is None:
        raise ValueError("an employee key needs the employee it acts for")
    plain = API_KEY_PREFIX + new_secret()
    row = ApiKeyRow(
        group_id=group_id,
        key_hash=hash_secret(plain),
        prefix=plain[:10],
        role=role,
        member_id=member_id if role == "member" else None,
        employee_id=employee_id if role == "employee" else None,
        label=label,
    )
    session.add(row)
    session.flush()
    return row, plain


def authenticate_api_key(session: Session, plain: str) -> ApiKeyRow | None:
    """The live key matching `plain`, or None (unknown or revoked)."""
    row = session.exec(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_secret(plain))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row


def rotate_api_key(session: Session, row: ApiKeyRow) -> tuple[ApiKeyRow, str]:
    """Revoke `row` and create its replacement with the same role, scope and label (one transaction: the
    group never lacks the key's role, so rotating its last manager key is allowed)."""
    _revoke(session, row)
    return create_api_key(
        session, row.group_id, row.role, member_id=row.member_id, employee_id=row.employee_id, label=row.label
    )


def live_manager_keys(session: Session, group_id: int) -> list[ApiKeyRow]:
    """The group's active manager keys, locked until the end of the transaction (PostgreSQL)."""
    return list(
        session.exec(
            select(ApiKeyRow)
            .where(
                ApiKeyRow.group_id == group_id,
                ApiKeyRow.role == "manager",
                col(ApiKeyRow.revoked_at).is_(None),
            )
            .order_by(col(ApiKeyRow.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def revoke_api_key(session: Session, row: ApiKeyRow) -> None:
    """Revoke a key; refused (`LastManagerKey`) for the group's last active manager key."""
    if row.revoked_at is not None:
        return
    if row.role == "manager":
        others = [k for k in live_manager_keys(session, row.group_id) if k.id != row.id]
        if not others:
            raise LastManagerKey(
                f"key {row.prefix}… is the group's last active manager key: revoking it would leave nobody "
                "able to manage the group; create another manager key first (POST /api-keys, or "
                "`ge key add --role manager`), or rotate this one"
            )
    _revoke(session, row)


def _revoke(session: Session, row: ApiKeyRow) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()


def create_feed_token(
    session: Session,
    group_id: int,
    scope: str,
    *,
    member_id: int | None = None,
    employee_id: int | None = None,
    label: str = "",
) -> tuple[FeedTokenRow, str]:
    """A new feed token for the group, a member or an employee; returns the row and the plain token."""
    if scope not in FEED_SCOPES:
        raise ValueError(f"unknown feed scope {scope!r} (one of {', '.join(FEED_SCOPES)})")
    if (scope == "member") != (member_id is not None) or (scope == "employee") != (employee_id is not None):
        raise ValueError(f"a {scope} feed token needs exactly its {scope}")
    plain = new_secret()
    row = FeedTokenRow(
        group_id=group_id,
        token_hash=hash_secret(plain),
        scope=scope,
        member_id=member_id,
        employee_id=employee_id,
        label=label,
    )
    session.add(row)
    session.flush()
    return row, plain


def resolve_feed_token(session: Session, plain: str) -> FeedTokenRow | None:
    row = session.exec(select(FeedTokenRow).where(FeedTokenRow.token_hash == hash_secret(plain))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row


def rotate_feed_token(session: Session, row: FeedTokenRow) -> tuple[FeedTokenRow, str]:
    revoke_feed_token(session, row)
    return create_feed_token(
        session,
        row.group_id,
        row.scope,
        member_id=row.member_id,
        employee_id=row.employee_id,
        label=row.label,
    )


def revoke_feed_token(session: Session, row: FeedTokenRow) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
