"""Who did what: the names of the accounts behind the events of an audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.i18n import gettext as _
from app.models import User

# The province's clock: a trail is read in the time the department works in, not in UTC.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(at: datetime) -> datetime:
    return at.astimezone(LOCAL_TIME)


async def actor_names(session: AsyncSession, actor_ids: Iterable[int | None]) -> dict[int, str]:
    ids = sorted({actor for actor in actor_ids if actor is not None})
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows.all()}


def action_words() -> dict[str, str]:
    """What each recorded action means, in the reader's language (transactions and deals)."""
    return {
        "recorded": _("Recorded"),
        "corrected": _("Corrected"),
        "cancelled": _("Cancelled"),
        "verified": _("Verified by the department"),
        "verification_withdrawn": _("Verification withdrawn"),
        "excluded": _("Left out of the statistics"),
        "included": _("Counted in the statistics again"),
        "document_added": _("Document added"),
        "created": _("Opened"),
        "stage_changed": _("Stage changed"),
        "task_added": _("Task added"),
        "task_done": _("Task done"),
        "task_reopened": _("Task reopened"),
        "note_added": _("Note added"),
        "valuation_requested": _("Valuation requested"),
        "valuation_answered": _("Valuation answered"),
        "checkin_answered": _("Check-in answered"),
    }
