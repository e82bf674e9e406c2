"""invoice: one credit note per cancelled invoice (partial unique index on credited_invoice_id)

Revision ID: 0006_service_a
Revises: 0005
Create Date: 2026-12-01 10:00:00

Two concurrent cancellations of one invoice both succeeded on PostgreSQL (issue 15). The route now locks
the invoice row; this index makes a second credit note impossible whatever the code path. A database
that already holds two notes for one invoice must have one of them resolved by hand before upgrading.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_service_a"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = sa.text("credited_invoice_id IS NOT NULL")


def upgrade() -> None:
    # op.create_index, not a batch: on SQLite a batch could rebuild the table and lose its triggers
    op.create_index(
        "uq_invoice_credited_once",
        "invoice",
        ["credited_invoice_id"],
        unique=True,
        sqlite_where=WHERE,
        postgresql_where=WHERE,
    )


def downgrade() -> None:
    op.drop_index("uq_invoice_credited_once", table_name="invoice")
