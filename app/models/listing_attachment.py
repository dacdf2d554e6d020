"""An image or document of a listing; the bytes live in the file storage under storage_key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base, str_enum
from app.models.vocabulary import AttachmentKind


class ListingAttachment(Base):
    __tablename__ = "listing_attachments"
    __table_args__ = (Index("ix_listing_attachments_listing", "listing_type", "listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_type: Mapped[str] = mapped_column(String(10))  # "offer" | "demand"
    listing_id: Mapped[int]
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
