"""A promotion event run on the exchange: a techmart, demo day, workshop or training, created
by the department or an intermediary. Offline and hybrid events take place in a commune of
the province (reference data key); sessions are their own table (event_sessions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import EventFormat, EventKind, EventStatus


class Event(TimestampMixin, Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind))
    format: Mapped[EventFormat] = mapped_column(str_enum(EventFormat))
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus), default=EventStatus.published, index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    commune_code: Mapped[str | None] = mapped_column(String(40))
    venue: Mapped[str | None] = mapped_column(String(500))
    online_url: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    registration_deadline: Mapped[datetime]
    capacity: Mapped[int]
    field_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    slot_minutes: Mapped[int] = mapped_column(default=20)
    tables: Mapped[int] = mapped_column(default=10)
    organizer_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    # The intermediary that brokers the deals opened at the event (the organiser when it is one).
    broker_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
