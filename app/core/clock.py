"""The one clock of the application: aware UTC datetimes, never naive ones."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC with its zone: the database columns refuse naive datetimes."""
    return datetime.now(UTC)
