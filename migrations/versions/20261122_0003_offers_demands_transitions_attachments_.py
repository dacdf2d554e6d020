"""offers demands transitions attachments notifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:30:19.433037
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demands",
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("expected_result", sa.Text(), nullable=True),
        sa.Column("technical_requirements", sa.Text(), nullable=True),
        sa.Column("min_trl", sa.Integer(), nullable=True),
        sa.Column("budget_min_vnd", sa.BigInteger(), nullable=True),
        sa.Column("budget_max_vnd", sa.BigInteger(), nullable=True),
        sa.Column("budget_confidential", sa.Boolean(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("preferred_forms", sa.JSON(), nullable=False),
        sa.Column("commune_code", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "rejected",
                "expired",
                "withdrawn",
                "archived",
                name="listingstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("field_code", sa.String(length=20), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_confirmed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expiry_warned_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("screening_hits", sa.JSON(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("contact_user_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_user_id"],
            ["users.id"],
            name=op.f("fk_demands_contact_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_demands_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_demands_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands")),
        sa.UniqueConstraint("organization_id", "external_ref", name="uq_demands_organization_ref"),
    )
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demands_commune_code"), ["commune_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_field_code"), ["field_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_demands_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demands_status"), ["status"], unique=False)

    op.create_table(
        "listing_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_type", sa.String(length=10), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("image", "document", name="attachmentkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_listing_attachments_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_listing_attachments_storage_key")),
    )
    with op.batch_alter_table("listing_attachments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listing_attachments_listing", ["listing_type", "listing_id"], unique=False
        )

    op.create_table(
        "listing_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_type", sa.String(length=10), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "rejected",
                "expired",
                "withdrawn",
                "archived",
                name="listingstatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "rejected",
                "expired",
                "withdrawn",
                "archived",
                name="listingstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_listing_transitions_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_transitions")),
    )
    with op.batch_alter_table("listing_transitions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listing_transitions_listing", ["listing_type", "listing_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_organization_id", sa.Integer(), nullable=True),
        sa.Column("recipient_user_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "listing_published",
                "listing_rejected",
                "listing_expiring",
                "listing_expired",
                name="notificationkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_organization_id"],
            ["organizations.id"],
            name=op.f("fk_notifications_recipient_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_user_id"],
            ["users.id"],
            name=op.f("fk_notifications_recipient_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_recipient_organization_id"),
            ["recipient_organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_recipient_user_id"), ["recipient_user_id"], unique=False
        )

    op.create_table(
        "offers",
        sa.Column(
            "language",
            sa.Enum("vi", "en", name="listinglanguage", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("title_en", sa.String(length=300), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("summary_en", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("advantages", sa.Text(), nullable=True),
        sa.Column("applications", sa.Text(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "technology",
                "equipment",
                "ip_asset",
                "research_result",
                "st_service",
                name="offerkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column(
            "ip_type",
            sa.Enum(
                "patent",
                "utility_solution",
                "industrial_design",
                "trademark",
                "plant_variety",
                "layout_design",
                "copyright",
                "trade_secret",
                name="iptype",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("ip_number", sa.String(length=50), nullable=True),
        sa.Column(
            "ip_status",
            sa.Enum("granted", "pending", name="ipstatus", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("ip_expiry", sa.Date(), nullable=True),
        sa.Column("transfer_rights", sa.JSON(), nullable=False),
        sa.Column("transfer_forms", sa.JSON(), nullable=False),
        sa.Column("transfer_methods", sa.JSON(), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column(
            "price_mode",
            sa.Enum(
                "fixed",
                "range",
                "negotiable",
                "on_request",
                name="pricemode",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("price_min_vnd", sa.BigInteger(), nullable=True),
        sa.Column("price_max_vnd", sa.BigInteger(), nullable=True),
        sa.Column("price_hidden", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "rejected",
                "expired",
                "withdrawn",
                "archived",
                name="listingstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("field_code", sa.String(length=20), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_confirmed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expiry_warned_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("screening_hits", sa.JSON(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("contact_user_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_user_id"],
            ["users.id"],
            name=op.f("fk_offers_contact_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_offers_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_offers_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("organization_id", "external_ref", name="uq_offers_organization_ref"),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_field_code"), ["field_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_ip_type"), ["ip_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offers_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_offers_origin_country"), ["origin_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offers_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_status"))
        batch_op.drop_index(batch_op.f("ix_offers_origin_country"))
        batch_op.drop_index(batch_op.f("ix_offers_organization_id"))
        batch_op.drop_index(batch_op.f("ix_offers_kind"))
        batch_op.drop_index(batch_op.f("ix_offers_ip_type"))
        batch_op.drop_index(batch_op.f("ix_offers_field_code"))
        batch_op.drop_index(batch_op.f("ix_offers_expires_at"))

    op.drop_table("offers")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_recipient_user_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_recipient_organization_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("listing_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_listing_transitions_listing")

    op.drop_table("listing_transitions")
    with op.batch_alter_table("listing_attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_listing_attachments_listing")

    op.drop_table("listing_attachments")
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_status"))
        batch_op.drop_index(batch_op.f("ix_demands_organization_id"))
        batch_op.drop_index(batch_op.f("ix_demands_field_code"))
        batch_op.drop_index(batch_op.f("ix_demands_expires_at"))
        batch_op.drop_index(batch_op.f("ix_demands_commune_code"))

    op.drop_table("demands")
