"""What calendar feeds must remember (owned by api/routes/feeds.py and engine/feeds).

- `FeedEventStateRow`: per group and event UID, the SEQUENCE and the hashes and time of its last change
  (`engine.feeds.EventState`), so SEQUENCE never decreases and DTSTAMP/LAST-MODIFIED stay put.
- `FeedSyncRow`: per group, the signature (published plan versions and data revision) the event state was
  last advanced for; the row is also what concurrent renders lock.
- `FeedRenderRow`: per audience, the rendered body with its strong ETag and HTTP Last-Modified, and the
  signature it was rendered for: a request whose signature matches is answered without rendering.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary
from sqlmodel import Field, SQLModel

from persistence.types import UTCDateTime


def _group_pk() -> int:
    return Field(
        sa_column_args=[ForeignKey("ge_group.id", ondelete="CASCADE")], primary_key=True, nullable=False
    )


class FeedEventStateRow(SQLModel, table=True):
    __tablename__ = "feed_event_state"
    group_id: int = _group_pk()
    uid: str = Field(primary_key=True, max_length=200)
    sequence: int = 0
    schedule_hash: str = Field(max_length=64)
    content_hash: str = Field(max_length=64)
    last_modified: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)


class FeedSyncRow(SQLModel, table=True):
    __tablename__ = "feed_sync"
    group_id: int = _group_pk()
    signature: str = Field(default="", max_length=64)
    synced_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class FeedRenderRow(SQLModel, table=True):
    __tablename__ = "feed_render"
    group_id: int = _group_pk()
    audience: str = Field(primary_key=True, max_length=100)  # group | member:<row id> | employee:<row id>
    signature: str = Field(max_length=64)
    etag: str = Field(max_length=80)
    last_modified: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    body: bytes = Field(sa_type=LargeBinary)
    event_count: int = 0
