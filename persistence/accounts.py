"""People who sign in to the workspace: users, server-side sessions and login throttling.

Why these choices:
- Passwords are hashed with argon2id (argon2-cffi's `PasswordHasher`, its RFC 9106 low-memory profile);
  an outdated hash is re-hashed at the next successful login (`check_needs_rehash`).
- A session is a random token (256 bits) kept by the browser in an HttpOnly cookie; only its SHA-256 is
  stored (`WebSessionRow.token_hash`, like API keys), so a database dump signs nobody in. It can be revoked
  one by one (sign out) or all at once for a user (`ge user disable`). Each session carries its own CSRF
  token, which every form that changes something must send back.
- Login attempts are counted per e-mail address and per client address in a sliding window
  (`THROTTLE_WINDOW`): beyond `THROTTLE_MAX` failures the next attempts are refused without even checking
  the password, so guessing stays slow while a real user is only delayed.

A user has the same role and scope as an API key (manager, member + member, accountant, employee + employee):
`persistence.scope.Scope` is built from either, and the API and the pages authorise the same object.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import ForeignKey, delete, func, update
from sqlmodel import Field, Session, SQLModel, col, select

from persistence.scope import Scope
from persistence.tables import ROLES, EmployeeRow, GroupRow, MemberRow
from persistence.tokens import hash_secret
from persistence.types import UTCDateTime, utcnow

SESSION_LIFETIME = dt.timedelta(hours=12)
SESSION_IDLE = dt.timedelta(hours=2)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
THROTTLE_MAX = 5  # failures per e-mail or per client address within the window
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()  # argon2id, the library's current defaults (RFC 9106 low-memory)
# A fixed hash to verify against when the e-mail is unknown, so that timing does not tell which e-mails exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class UserRow(SQLModel, table=True):
    """A person who signs in: e-mail (unique, lower case), argon2id hash, role and scope."""

    __tablename__ = "web_user"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(
        sa_column_args=[ForeignKey("ge_group.id", ondelete="CASCADE")], index=True, nullable=False
    )
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    employee_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="CASCADE")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    disabled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: the SHA-256 of its cookie token, its CSRF token, and when it ends."""

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(
        sa_column_args=[ForeignKey("web_user.id", ondelete="CASCADE")], index=True, nullable=False
    )
    csrf_token: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_seen_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class LoginFailureRow(SQLModel, table=True):
    """One failed sign-in, by e-mail and client address (for throttling; old rows are pruned)."""

    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    client: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class AccountError(ValueError):
    """A user cannot be created or changed as asked (the message says why)."""


class Throttled(Exception):
    """Too many failed sign-ins for this e-mail or client address: try again later."""


def _digest(token: str) -> str:
    return hash_secret(token)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    group_key: str,
    email: str,
    password: str,
    role: str,
    *,
    member_key: str | None = None,
    employee_key: str | None = None,
) -> UserRow:
    """A new user of group `group_key`; every problem with the request is reported at once."""
    problems = []
    email = normalise_email(email)
    group = session.exec(select(GroupRow).where(GroupRow.key == group_key)).first()
    if group is None:
        problems.append(f"no group {group_key!r}")
    if "@" not in email or len(email) > 254:
        problems.append(f"{email!r} is not an e-mail address")
    elif session.exec(select(UserRow).where(UserRow.email == email)).first() is not None:
        problems.append(f"a user {email!r} already exists")
    if role not in ROLES:
        problems.append(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    member_id = employee_id = None
    if role == "member" and not member_key:
        problems.append("a member user needs --member")
    if role == "employee" and not employee_key:
        problems.append("an employee user needs --employee")
    if role != "member" and member_key:
        problems.append("--member is only for the member role")
    if role != "employee" and employee_key:
        problems.append("--employee is only for the employee role")
    if group is not None and member_key and role == "member":
        member_id = session.exec(
            select(MemberRow.id).where(MemberRow.group_id == group.id, MemberRow.key == member_key)
        ).first()
        if member_id is None:
            problems.append(f"no member {member_key!r} in group {group_key!r}")
    if group is not None and employee_key and role == "employee":
        employee_id = session.exec(
            select(EmployeeRow.id).where(EmployeeRow.group_id == group.id, EmployeeRow.key == employee_key)
        ).first()
        if employee_id is None:
            problems.append(f"no employee {employee_key!r} in group {group_key!r}")
    if problems:
        raise AccountError("; ".join(problems))
    assert group is not None and group.id is not None
    row = UserRow(
        group_id=group.id,
        email=email,
        password_hash=_hasher.hash(password),
        role=role,
        member_id=member_id,
        employee_id=employee_id,
    )
    session.add(row)
    session.flush()
    return row


def list_users(session: Session, group_key: str | None = None) -> list[tuple[UserRow, str]]:
    """Every user (of one group when given), with its group's key."""
    query = select(UserRow, GroupRow.key).join(GroupRow, col(GroupRow.id) == UserRow.group_id)
    if group_key is not None:
        query = query.where(GroupRow.key == group_key)
    return [(u, k) for u, k in session.exec(query.order_by(col(GroupRow.key), col(UserRow.email))).all()]


def disable_user(session: Session, email: str) -> UserRow:
    """Disable the user and end all of their sessions at once."""
    row = session.exec(select(UserRow).where(UserRow.email == normalise_email(email))).first()
    if row is None:
        raise AccountError(f"no user {normalise_email(email)!r}")
    now = utcnow()
    if row.disabled_at is None:
        row.disabled_at = now
        session.add(row)
    session.execute(
        update(WebSessionRow)
        .where(col(WebSessionRow.user_id) == row.id, col(WebSessionRow.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    return row


def _failures(session: Session, column: object, value: str, since: dt.datetime) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(LoginFailureRow)
            .where(column == value, LoginFailureRow.at >= since)  # type: ignore[operator]
        ).one()
    )


def authenticate(session: Session, email: str, password: str, client: str) -> UserRow | None:
    """The user when the e-mail and password match an enabled account, else None (a failure is counted).

    Raises `Throttled` when the e-mail or the client address failed `THROTTLE_MAX` times within the window.
    """
    email = normalise_email(email)[:254]
    client = client[:64]
    now = utcnow()
    since = now - THROTTLE_WINDOW
    session.execute(delete(LoginFailureRow).where(col(LoginFailureRow.at) < since))
    if (
        _failures(session, LoginFailureRow.email, email, since) >= THROTTLE_MAX
        or _failures(session, LoginFailureRow.client, client, since) >= THROTTLE_MAX
    ):
        raise Throttled(email)
    row = session.exec(select(UserRow).where(UserRow.email == email)).first()
    ok = False
    try:
        ok = _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if row is None or not ok or row.disabled_at is not None:
        session.add(LoginFailureRow(email=email, client=client, at=now))
        session.flush()
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
        session.add(row)
    session.execute(delete(LoginFailureRow).where(col(LoginFailureRow.email) == email))
    session.flush()
    return row


def open_session(session: Session, user: UserRow) -> tuple[WebSessionRow, str]:
    """A new session for `user`; returns the row and the cookie token (never stored in clear)."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = WebSessionRow(
        token_hash=_digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(row)
    session.flush()
    return row, token


def resolve_session(session: Session, token: str) -> tuple[WebSessionRow, UserRow] | None:
    """The live session and its enabled user for a cookie token; touches `last_seen_at` (coarsely)."""
    found = session.exec(
        select(WebSessionRow, UserRow)
        .join(UserRow, col(UserRow.id) == WebSessionRow.user_id)
        .where(WebSessionRow.token_hash == _digest(token))
    ).first()
    if found is None:
        return None
    web, user = found
    now = utcnow()
    if (
        web.revoked_at is not None
        or user.disabled_at is not None
        or now >= web.expires_at
        or now - web.last_seen_at > SESSION_IDLE
    ):
        return None
    if now - web.last_seen_at > dt.timedelta(minutes=1):
        web.last_seen_at = now
        session.add(web)
        session.flush()
    return web, user


def revoke_session(session: Session, token: str) -> None:
    session.execute(
        update(WebSessionRow)
        .where(col(WebSessionRow.token_hash) == _digest(token), col(WebSessionRow.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    session.flush()


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


def scope_of_user(user: UserRow, session_id: int | None = None) -> Scope:
    """The same `Scope` an API key of this role and scope gives (api/deps.py authorises it)."""
    return Scope(
        group_id=user.group_id,
        role=user.role,
        member_id=user.member_id if user.role == "member" else None,
        employee_id=user.employee_id if user.role == "employee" else None,
        actor=f"{user.role}:{user.email}",
        session_id=session_id,
    )
