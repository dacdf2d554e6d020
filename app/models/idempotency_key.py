from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base


class IdempotencyKey(Base):
    """A client's Idempotency-Key, the hash of the body it came with and what it created.

    Kept in the database (not in memory) so that a retry reaching another process still
    finds it; the unique constraint is what stops two concurrent first attempts.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "scope", "key", name="uq_idempotency_keys_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int]
    resource_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
