"""transaction register, idempotency keys, plans and targets (plan 149/KH-UBND seeded)

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-22 20:30:48.298360
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plan 149/KH-UBND of Bắc Ninh (8 May 2023), section I.2: its targets for 2025 and 2030.
# Data, not code: the department edits them through the API; another province adds its own.
PLAN_149 = {
    "code": "149/KH-UBND",
    "title": (
        "Kế hoạch thực hiện Chương trình phát triển thị trường khoa học và công nghệ "
        "trên địa bàn tỉnh Bắc Ninh đến năm 2030"
    ),
    "issued_on": date(2023, 5, 8),
    "issuer": "UBND tỉnh Bắc Ninh",
    "base_year": 2022,
    # OECD members classed high-income by the World Bank (so JP and KR count, CN does not).
    "developed_countries": [
        "AT",
        "AU",
        "BE",
        "CA",
        "CH",
        "CL",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GR",
        "HU",
        "IE",
        "IL",
        "IS",
        "IT",
        "JP",
        "KR",
        "LT",
        "LU",
        "LV",
        "NL",
        "NO",
        "NZ",
        "PL",
        "PT",
        "SE",
        "SI",
        "SK",
        "US",
    ],
    "is_active": True,
    "note": "Mục tiêu tại mục I.2 của Kế hoạch.",
}
PLAN_149_TARGETS = [
    (
        "transaction_value_growth",
        2025,
        "0.25",
        "~",
        "Giá trị giao dịch tăng bình quân khoảng 25%/năm",
    ),
    ("ip_share", 2025, "0.15", ">", "Tỷ trọng giao dịch tài sản trí tuệ đạt trên 15%"),
    ("imported_share", 2025, "0.30", ">=", "Tỷ trọng giao dịch công nghệ nhập khẩu đạt 30%"),
    (
        "institute_share",
        2025,
        "0.35",
        ">=",
        "Giao dịch công nghệ từ viện, trường, tổ chức KH&CN đạt từ 35%",
    ),
    (
        "transaction_value_growth",
        2030,
        "0.30",
        "~",
        "Giá trị giao dịch tăng bình quân khoảng 30%/năm",
    ),
    ("ip_share", 2030, "0.20", ">", "Tỷ trọng giao dịch tài sản trí tuệ đạt trên 20%"),
    ("imported_share", 2030, "0.35", ">=", "Tỷ trọng giao dịch công nghệ nhập khẩu đạt 35%"),
    (
        "institute_share",
        2030,
        "0.40",
        ">",
        "Giao dịch công nghệ từ viện nghiên cứu, trường đại học đạt trên 40%",
    ),
]


def seed_plan_149() -> None:
    now = datetime.now(UTC)
    plans = sa.table(
        "plans",
        *(sa.column(name) for name in PLAN_149 if name != "developed_countries"),
        sa.column("developed_countries", sa.JSON()),
        sa.column("created_at", app.models.base.UTCDateTime(timezone=True)),
        sa.column("updated_at", app.models.base.UTCDateTime(timezone=True)),
    )
    op.bulk_insert(plans, [{**PLAN_149, "created_at": now, "updated_at": now}])
    plan_id = op.get_bind().scalar(sa.text("SELECT id FROM plans WHERE code = '149/KH-UBND'"))
    targets = sa.table(
        "plan_targets",
        *(
            sa.column(name)
            for name in ("plan_id", "indicator_code", "year", "comparison", "wording")
        ),
        sa.column("value", sa.Numeric(12, 6)),
        sa.column("created_at", app.models.base.UTCDateTime(timezone=True)),
        sa.column("updated_at", app.models.base.UTCDateTime(timezone=True)),
    )
    op.bulk_insert(
        targets,
        [
            {
                "plan_id": plan_id,
                "indicator_code": code,
                "year": year,
                "value": Decimal(value),
                "comparison": comparison,
                "wording": wording,
                "created_at": now,
                "updated_at": now,
            }
            for code, year, value, comparison, wording in PLAN_149_TARGETS
        ],
    )


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=300), nullable=True),
        sa.Column("base_year", sa.SmallInteger(), nullable=False),
        sa.Column("developed_countries", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("code", name=op.f("uq_plans_code")),
    )
    op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=50), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("comparison", sa.String(length=4), nullable=False),
        sa.Column("wording", sa.String(length=500), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_targets_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_targets")),
        sa.UniqueConstraint("plan_id", "indicator_code", "year", name="uq_plan_targets_code_year"),
    )
    with op.batch_alter_table("plan_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_targets_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_idempotency_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("user_id", "scope", "key", name="uq_idempotency_keys_key"),
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("intermediary_id", sa.Integer(), nullable=True),
        sa.Column(
            "supplier_type",
            sa.Enum(
                "research_institute",
                "university",
                "st_organization",
                "enterprise",
                "cooperative",
                "intermediary",
                "government",
                "individual",
                name="organizationtype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("supplier_country", sa.String(length=2), nullable=False),
        sa.Column(
            "supplier_ownership",
            sa.Enum("state", "private", "fdi", name="ownership", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("supplier_commune", sa.String(length=40), nullable=True),
        sa.Column(
            "recipient_type",
            sa.Enum(
                "research_institute",
                "university",
                "st_organization",
                "enterprise",
                "cooperative",
                "intermediary",
                "government",
                "individual",
                name="organizationtype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("recipient_country", sa.String(length=2), nullable=False),
        sa.Column(
            "recipient_ownership",
            sa.Enum("state", "private", "fdi", name="ownership", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("recipient_commune", sa.String(length=40), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "technology_transfer",
                "equipment_with_technology",
                "capital_contribution",
                "ip_assignment",
                "ip_license",
                "st_service",
                "other",
                name="transactioncategory",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
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
        sa.Column(
            "transfer_right",
            sa.Enum(
                "ownership",
                "right_to_use_exclusive",
                "right_to_use_non_exclusive",
                name="transferright",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "transfer_form",
            sa.Enum(
                "independent_contract",
                "investment_project",
                "capital_contribution",
                "franchise",
                "ip_transfer",
                "equipment_sale",
                "other",
                name="transferform",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("transfer_methods", sa.JSON(), nullable=False),
        sa.Column("field_code", sa.String(length=10), nullable=True),
        sa.Column(
            "direction",
            sa.Enum(
                "domestic",
                "inbound",
                "outbound",
                name="transactiondirection",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("direction_override_reason", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "signed",
                "registered",
                "completed",
                "cancelled",
                name="transactionstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_year", sa.SmallInteger(), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("original_amount", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("exchange_rate", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("uses_state_funds", sa.Boolean(), nullable=False),
        sa.Column("registration_certificate_no", sa.String(length=100), nullable=True),
        sa.Column("registration_certificate_on", sa.Date(), nullable=True),
        sa.Column("ip_recordal_no", sa.String(length=100), nullable=True),
        sa.Column("ip_recordal_on", sa.Date(), nullable=True),
        sa.Column(
            "verification",
            sa.Enum(
                "self_reported",
                "verified",
                name="transactionverification",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("verified_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("excluded_from_statistics", sa.Boolean(), nullable=False),
        sa.Column("exclusion_reason", sa.Text(), nullable=True),
        sa.Column("excluded_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("excluded_by_id", sa.Integer(), nullable=True),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.Column("deal_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_transactions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["excluded_by_id"],
            ["users.id"],
            name=op.f("fk_transactions_excluded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["intermediary_id"],
            ["organizations.id"],
            name=op.f("fk_transactions_intermediary_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["organizations.id"],
            name=op.f("fk_transactions_recipient_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["organizations.id"],
            name=op.f("fk_transactions_supplier_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_transactions_verified_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transactions_deal_id"), ["deal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transactions_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_transactions_intermediary_id"), ["intermediary_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_transactions_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_transactions_recipient_id"), ["recipient_id"], unique=False
        )
        batch_op.create_index("ix_transactions_signed_on", ["signed_on"], unique=False)
        batch_op.create_index(
            "ix_transactions_statistics",
            [
                "signed_year",
                "status",
                "excluded_from_statistics",
                "verification",
                "category",
                "ip_type",
                "direction",
                "supplier_country",
                "supplier_type",
                "value_vnd",
                "signed_on",
            ],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_transactions_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "transaction_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "contract",
                "annex",
                "registration_certificate",
                "ip_recordal",
                "acceptance",
                "invoice",
                "other",
                name="transactiondocumentkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["transactions.id"],
            name=op.f("fk_transaction_documents_transaction_id_transactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_transaction_documents_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transaction_documents")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_transaction_documents_storage_key")),
    )
    with op.batch_alter_table("transaction_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transaction_documents_transaction_id"), ["transaction_id"], unique=False
        )

    seed_plan_149()


def downgrade() -> None:
    with op.batch_alter_table("transaction_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transaction_documents_transaction_id"))

    op.drop_table("transaction_documents")
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transactions_supplier_id"))
        batch_op.drop_index("ix_transactions_statistics")
        batch_op.drop_index("ix_transactions_signed_on")
        batch_op.drop_index(batch_op.f("ix_transactions_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_transactions_offer_id"))
        batch_op.drop_index(batch_op.f("ix_transactions_intermediary_id"))
        batch_op.drop_index(batch_op.f("ix_transactions_demand_id"))
        batch_op.drop_index(batch_op.f("ix_transactions_deal_id"))

    op.drop_table("transactions")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("plan_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_targets_plan_id"))

    op.drop_table("plan_targets")
    op.drop_table("plans")
