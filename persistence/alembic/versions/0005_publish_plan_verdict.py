"""plan_version: the compliance checker's verdict (violations, checked_at)

Every stored plan version is checked; publishing refuses a version with violations. Versions stored
before this revision have no verdict (NULL) until they are checked at publication.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from persistence.types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("violations", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("checked_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.drop_column("checked_at")
        batch_op.drop_column("violations")
