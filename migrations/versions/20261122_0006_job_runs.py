"""job runs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 21:43:38.787630
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("last_run_on", sa.Date(), nullable=True),
        sa.Column("last_started_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
