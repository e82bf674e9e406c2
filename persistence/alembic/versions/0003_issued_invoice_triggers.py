"""issued invoices: database triggers refuse UPDATE and DELETE

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from persistence.invoice_guard import statements

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for sql in statements(op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    for sql in statements(op.get_bind().dialect.name, drop=True):
        op.execute(sql)
