"""technology lists as rows, seeded from the screening data file, with their audit trail

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:50:00

The restricted and prohibited technology lists were a data file read by screening; they
become rows an administrator edits, each with its source and that source's date. The rows
are seeded from the file as it stood (migrations/seed/restricted_technologies.json).
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "restricted_technologies.json"
# Nghị định 76/2018/NĐ-CP ngày 15/5/2018, the decree whose annexes the lists follow.
DECREE_DATE = date(2018, 5, 15)
SOURCES = {
    "reported": (
        "Nghị định 76/2018/NĐ-CP ngày 15/5/2018, Phụ lục III; item wording as reported by "
        "Báo Công an nhân dân for Nghị định 120/2014/NĐ-CP (http://cand.com.vn/"
        "Thong-tin-phap-luat/Quy-dinh-cam-chuyen-giao-30-cong-nghe-tu-nuoc-ngoai-vao-Viet-"
        "Nam-336173/); not yet checked against the official gazette."
    ),
    "illustrative": (
        "Illustrative item written for this exchange after Nghị định 76/2018/NĐ-CP ngày "
        "15/5/2018, NOT the decree's text: check it against the official gazette "
        "(congbao.chinhphu.vn) before relying on it."
    ),
}


def upgrade() -> None:
    items = op.create_table(
        "technology_list_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("list_kind", sa.String(length=40), nullable=False),
        sa.Column("directions", sa.JSON(), nullable=False),
        sa.Column("list_title", sa.String(length=300), nullable=False),
        sa.Column("sector", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_technology_list_items_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technology_list_items")),
        sa.UniqueConstraint("code", name=op.f("uq_technology_list_items_code")),
    )
    op.create_table(
        "technology_list_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_technology_list_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technology_list_events")),
    )
    with op.batch_alter_table("technology_list_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_technology_list_events_item_id"), ["item_id"], unique=False
        )
    op.bulk_insert(items, _seed_rows())


def _seed_rows() -> list[dict[str, Any]]:
    raw = json.loads(SEED_FILE.read_text("utf-8"))
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for technology_list in raw["lists"]:
        for sector in technology_list["sectors"]:
            for item in sector["items"]:
                rows.append(
                    {
                        "code": item["code"],
                        "list_kind": technology_list["kind"],
                        "directions": technology_list["directions"],
                        "list_title": technology_list["title"],
                        "sector": sector["sector"],
                        "name": item["name"],
                        "keywords": item["keywords"],
                        "source": SOURCES[item.get("wording", "illustrative")],
                        "source_date": DECREE_DATE,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
    return rows


def downgrade() -> None:
    with op.batch_alter_table("technology_list_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technology_list_events_item_id"))
    op.drop_table("technology_list_events")
    op.drop_table("technology_list_items")
