from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base


class RegistrationAttempt(Base):
    """A registration asked for (whether it succeeded or not), kept in the database so that the
    per-address limit holds across app processes."""

    __tablename__ = "registration_attempts"
    __table_args__ = (
        Index(
            "ix_registration_attempts_client_address_attempted_at",
            "client_address",
            "attempted_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_address: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
