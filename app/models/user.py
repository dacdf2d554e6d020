from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import MembershipRole, PlatformRole


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (see app.auth.credentials.normalize_email): unique regardless of case.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    membership_role: Mapped[MembershipRole | None] = mapped_column(str_enum(MembershipRole))
    platform_role: Mapped[PlatformRole | None] = mapped_column(str_enum(PlatformRole))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Access tokens issued before this instant are refused (password change, deactivation).
    tokens_valid_after: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
