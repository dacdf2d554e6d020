from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.models.vocabulary import NotificationKind


class NotificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: NotificationKind
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


class StoredMailSummary(BaseModel):
    """A message of the local mailbox folder, as listed."""

    key: str
    received_at: datetime
    to: str
    subject: str


class StoredMailRead(StoredMailSummary):
    sender: str
    body: str
