"""registration attempts, for the per-address limit on registrations

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 22:53:42.635120
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registration_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_attempts")),
    )
    with op.batch_alter_table("registration_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registration_attempts_client_address_attempted_at",
            ["client_address", "attempted_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("registration_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_registration_attempts_client_address_attempted_at")

    op.drop_table("registration_attempts")
