"""folded listing titles, for the accent-insensitive `q` filter of the listing lists

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 22:49:31.887041
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.folding import search_fold

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def upgrade() -> None:
    for table in ("demands", "offers"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("title_folded", sa.String(length=700), server_default="", nullable=False)
            )
    _fold_existing("demands", "title")
    _fold_existing("offers", "title", "title_en")


def _fold_existing(table: str, *title_columns: str) -> None:
    """Fill the new column for the listings already there, as the ORM does on each write."""
    connection = op.get_bind()
    listings = sa.table(
        table, sa.column("id"), sa.column("title_folded"), *map(sa.column, title_columns)
    )
    titles = [listings.c[name] for name in title_columns]
    rows = connection.execute(sa.select(listings.c.id, *titles).order_by(listings.c.id)).all()
    update = (
        sa.update(listings)
        .where(listings.c.id == sa.bindparam("listing_id"))
        .values(title_folded=sa.bindparam("folded"))
    )
    for start in range(0, len(rows), _BATCH):
        batch = [
            {"listing_id": row[0], "folded": search_fold(" ".join(t for t in row[1:] if t))}
            for row in rows[start : start + _BATCH]
        ]
        connection.execute(update, batch)


def downgrade() -> None:
    for table in ("offers", "demands"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("title_folded")
