from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import (
    IntermediarySubtype,
    OrganizationType,
    Ownership,
    VerificationStatus,
)


class Organization(TimestampMixin, Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    short_name: Mapped[str | None] = mapped_column(String(100))
    name_en: Mapped[str | None] = mapped_column(String(300))
    type: Mapped[OrganizationType] = mapped_column(str_enum(OrganizationType), index=True)
    ownership: Mapped[Ownership | None] = mapped_column(str_enum(Ownership))
    is_st_enterprise: Mapped[bool] = mapped_column(default=False)
    intermediary_subtype: Mapped[IntermediarySubtype | None] = mapped_column(
        str_enum(IntermediarySubtype)
    )
    country: Mapped[str] = mapped_column(String(2), index=True)
    # Normalised form: 10 digits, or 10 digits, a hyphen and the 3-digit branch suffix.
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    commune_code: Mapped[str | None] = mapped_column(String(40), index=True)
    # Historical attribute: Bắc Ninh has no districts since 1 July 2025.
    former_district: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(30))

    verification_status: Mapped[VerificationStatus] = mapped_column(
        str_enum(VerificationStatus), default=VerificationStatus.pending, index=True
    )
    verification_note: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )

    @property
    def verified(self) -> bool:
        return self.verification_status is VerificationStatus.verified
