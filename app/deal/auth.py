"""Who sees and runs a deal.

- The broker organisation's users with platform role `broker` run it (stages, tasks, notes).
- The broker organisation's members read it and its notes; nobody else reads the notes.
- The supplier's and the recipient's members read their own deals (no notes) and answer the
  check-ins. The department and admins read every deal (not the broker's notes).
"""

from __future__ import annotations

from app.core.roles import is_staff
from app.models import Deal, User
from app.models.vocabulary import PlatformRole


def is_broker_member(user: User, deal: Deal) -> bool:
    return user.organization_id is not None and user.organization_id == deal.broker_organization_id


def is_party(user: User, deal: Deal) -> bool:
    return user.organization_id is not None and user.organization_id in (
        deal.supplier_id,
        deal.recipient_id,
    )


def may_see(user: User, deal: Deal) -> bool:
    return is_staff(user) or is_broker_member(user, deal) or is_party(user, deal)


def may_run(user: User, deal: Deal) -> bool:
    return user.platform_role is PlatformRole.broker and is_broker_member(user, deal)


def may_read_notes(user: User, deal: Deal) -> bool:
    return is_broker_member(user, deal)


def may_answer_checkin(user: User, deal: Deal) -> bool:
    return is_party(user, deal) or may_run(user, deal)
