"""Reading the local mailbox folder (a Maildir) where mail goes when no SMTP server is
configured: what the platform would have sent, for administrators to read."""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from app.core.errors import NotFound
from app.core.i18n import N_

# Keys the Maildir itself makes (time, unique part, host); nothing else names a message.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9._,:=-]{1,200}$")


@dataclass(frozen=True)
class StoredMail:
    key: str
    received_at: datetime
    sender: str
    to: str
    subject: str
    body: str


def list_mail(folder: Path, offset: int, limit: int) -> tuple[list[StoredMail], int]:
    """A page of the stored messages, newest first, and how many there are. A Maildir key
    starts with the delivery time in seconds, so the keys sort by time without reading the
    messages; only the page's messages are read."""
    box = _open(folder)
    if box is None:
        return [], 0
    keys = sorted(box.keys(), reverse=True)
    return [_read(box, key) for key in keys[offset : offset + limit]], len(keys)


def read_mail(folder: Path, key: str) -> StoredMail:
    box = _open(folder)
    if box is None or not KEY_PATTERN.match(key) or key not in box:
        raise NotFound(N_("No message '%(key)s' in the mailbox folder."), key=key)
    return _read(box, key)


def _open(folder: Path) -> mailbox.Maildir | None:
    if not (folder / "cur").is_dir():  # nothing was ever delivered here
        return None
    return mailbox.Maildir(folder, create=False)


def _read(box: mailbox.Maildir, key: str) -> StoredMail:
    stored = box.get_message(key)
    message = email.message_from_bytes(stored.as_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    return StoredMail(
        key=key,
        received_at=datetime.fromtimestamp(stored.get_date(), UTC),
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        body=body.get_content() if body is not None else "",
    )
