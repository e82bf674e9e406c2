"""The calendar feed link of a member or an employee, created from their page through the API's own route.

Feed tokens are stored hashed (persistence.credentials): an existing link can never be shown again, so the
page offers to create one (shown once); the older links keep working until revoked through the API.
"""

from __future__ import annotations

from sqlmodel import Session

from persistence.scope import Scope
from persistence.settings import Settings


def create_feed_link(
    session: Session, settings: Settings, caller: Scope, member: str | None, employee: str | None
) -> str:
    from api.routes.feeds import FeedTokenCreate, create_token

    scope = "member" if member is not None else "employee"
    body = FeedTokenCreate(scope=scope, member=member, employee=employee, label="espace de travail")
    return create_token(body, session, settings, caller).url
