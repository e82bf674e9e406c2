"""replan jobs: kind, base plan, change

A solve job may now re-plan a published plan version after a change. Existing rows are solves with no
change (server defaults fill the new NOT NULL columns).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 14:23:29.804756
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK_NAME = "fk_solve_job_base_plan_id_plan_version"


def upgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="solve",
            )
        )
        batch_op.add_column(sa.Column("base_plan_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("change", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.create_foreign_key(FK_NAME, "plan_version", ["base_plan_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_constraint(FK_NAME, type_="foreignkey")
        batch_op.drop_column("change")
        batch_op.drop_column("base_plan_id")
        batch_op.drop_column("kind")
