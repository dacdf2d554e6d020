"""A deal run by an intermediary (tổ chức trung gian): from first contact to signed contract.

Links the offer and/or demand, the supplier, the recipient and the broker organisation. The
valuation request (định giá) is part of the deal: requested with a purpose, answered with a
value. Tasks, notes, check-ins and the history are their own tables (app/models/deal_*.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import DealStage, TransactionCategory


class Deal(TimestampMixin, Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    demand_id: Mapped[int | None] = mapped_column(ForeignKey("demands.id", ondelete="SET NULL"))
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    broker_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[DealStage] = mapped_column(str_enum(DealStage), default=DealStage.new, index=True)
    lost_reason: Mapped[str | None] = mapped_column(Text)
    # The contract, once signed.
    signed_on: Mapped[date | None]
    value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    category: Mapped[TransactionCategory | None] = mapped_column(str_enum(TransactionCategory))
    transfer_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    transaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("transactions.id", ondelete="SET NULL")
    )
    # Valuation request (định giá công nghệ).
    valuation_requested_at: Mapped[datetime | None]
    valuation_purpose: Mapped[str | None] = mapped_column(Text)
    valuation_value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    valuation_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
