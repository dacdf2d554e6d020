from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    Ownership,
    TransactionCategory,
    TransactionDirection,
    TransactionStatus,
    TransactionVerification,
    TransferForm,
    TransferRight,
)


class Transaction(TimestampMixin, Base):
    """One S&T goods transaction of the register, the source of the market indicators.

    The parties' type, country, ownership and commune are copied at signing so that later
    edits to an organisation never rewrite the statistics of past years.
    offer_id, demand_id and deal_id are plain integers for now: foreign keys come with the
    listings and deals tables.
    """

    __tablename__ = "transactions"
    __table_args__ = (
        # Covering index of the indicator queries: one year's statistics scope is read from
        # the index alone (an index-only scan on PostgreSQL, a covering index on SQLite),
        # never from the table's rows scattered over the disk.
        Index(
            "ix_transactions_statistics",
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
        ),
        Index("ix_transactions_signed_on", "signed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(300))
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    intermediary_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )

    supplier_type: Mapped[OrganizationType] = mapped_column(str_enum(OrganizationType))
    supplier_country: Mapped[str] = mapped_column(String(2))
    supplier_ownership: Mapped[Ownership | None] = mapped_column(str_enum(Ownership))
    supplier_commune: Mapped[str | None] = mapped_column(String(40))
    recipient_type: Mapped[OrganizationType] = mapped_column(str_enum(OrganizationType))
    recipient_country: Mapped[str] = mapped_column(String(2))
    recipient_ownership: Mapped[Ownership | None] = mapped_column(str_enum(Ownership))
    recipient_commune: Mapped[str | None] = mapped_column(String(40))

    category: Mapped[TransactionCategory] = mapped_column(str_enum(TransactionCategory))
    ip_type: Mapped[IPType | None] = mapped_column(str_enum(IPType))
    transfer_right: Mapped[TransferRight | None] = mapped_column(str_enum(TransferRight))
    transfer_form: Mapped[TransferForm | None] = mapped_column(str_enum(TransferForm))
    # TransferMethod values, several per contract.
    transfer_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    field_code: Mapped[str | None] = mapped_column(String(10))

    direction: Mapped[TransactionDirection] = mapped_column(str_enum(TransactionDirection))
    direction_override_reason: Mapped[str | None] = mapped_column(Text)

    status: Mapped[TransactionStatus] = mapped_column(str_enum(TransactionStatus))
    signed_on: Mapped[date] = mapped_column(Date)
    # Copy of signed_on's year: grouping by year the same way on every engine.
    signed_year: Mapped[int] = mapped_column(SmallInteger)
    value_vnd: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    original_amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 2))
    exchange_rate: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))

    uses_state_funds: Mapped[bool] = mapped_column(default=False)
    registration_certificate_no: Mapped[str | None] = mapped_column(String(100))
    registration_certificate_on: Mapped[date | None] = mapped_column(Date)
    ip_recordal_no: Mapped[str | None] = mapped_column(String(100))
    ip_recordal_on: Mapped[date | None] = mapped_column(Date)

    verification: Mapped[TransactionVerification] = mapped_column(
        str_enum(TransactionVerification), default=TransactionVerification.self_reported
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    excluded_from_statistics: Mapped[bool] = mapped_column(default=False)
    exclusion_reason: Mapped[str | None] = mapped_column(Text)
    excluded_at: Mapped[datetime | None]
    excluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    offer_id: Mapped[int | None] = mapped_column(index=True)
    demand_id: Mapped[int | None] = mapped_column(index=True)
    deal_id: Mapped[int | None] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
