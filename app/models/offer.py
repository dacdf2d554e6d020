"""A technology offer (chào bán công nghệ): technology, equipment, IP asset, research result
or S&T service offered by an organisation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.listing_lifecycle import ListingLifecycleMixin
from app.models.vocabulary import IPStatus, IPType, ListingLanguage, OfferKind, PriceMode


class Offer(ListingLifecycleMixin, Base):
    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("organization_id", "external_ref", name="uq_offers_organization_ref"),
    )

    # `title` is the Vietnamese title, or the only title of an English-only listing.
    language: Mapped[ListingLanguage] = mapped_column(
        str_enum(ListingLanguage), default=ListingLanguage.vi
    )
    title_en: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    advantages: Mapped[str | None] = mapped_column(Text)
    applications: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[OfferKind] = mapped_column(str_enum(OfferKind), index=True)
    trl: Mapped[int | None]
    ip_type: Mapped[IPType | None] = mapped_column(str_enum(IPType), index=True)
    ip_number: Mapped[str | None] = mapped_column(String(50))
    ip_status: Mapped[IPStatus | None] = mapped_column(str_enum(IPStatus))
    ip_expiry: Mapped[date | None]
    transfer_rights: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin_country: Mapped[str] = mapped_column(String(2), default="VN", index=True)
    price_mode: Mapped[PriceMode] = mapped_column(str_enum(PriceMode), default=PriceMode.negotiable)
    price_min_vnd: Mapped[int | None] = mapped_column(BigInteger)
    price_max_vnd: Mapped[int | None] = mapped_column(BigInteger)
    # Amounts known to the owner and the department only.
    price_hidden: Mapped[bool] = mapped_column(default=False)
