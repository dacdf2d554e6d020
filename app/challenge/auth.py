"""Who sees what of a challenge.

- Everyone sees published (and closed, awarded) challenges; the reward only when it is not
  confidential. The challenger's members, its panel and the department see everything.
- Proposals are confidential: the solver sees its own; the challenger, the panel and the
  department see them all; nobody else learns they exist.
- The panel scores; the challenger's members shortlist and award.
"""

from __future__ import annotations

from collections.abc import Collection

from app.core.roles import is_staff
from app.models import Challenge, ChallengeProposal, User
from app.models.vocabulary import ChallengeStatus

PUBLIC_STATUSES = frozenset(
    {ChallengeStatus.published, ChallengeStatus.closed, ChallengeStatus.awarded}
)


def is_challenger(user: User | None, challenge: Challenge) -> bool:
    return user is not None and user.organization_id == challenge.organization_id


def is_panelist(user: User | None, panel: Collection[int]) -> bool:
    return user is not None and user.id in panel


def is_insider(user: User | None, challenge: Challenge, panel: Collection[int]) -> bool:
    """The challenger, its panel, the department: they see the reward and every proposal."""
    return is_staff(user) or is_challenger(user, challenge) or is_panelist(user, panel)


def may_see(user: User | None, challenge: Challenge, panel: Collection[int]) -> bool:
    return challenge.status in PUBLIC_STATUSES or is_insider(user, challenge, panel)


def may_see_proposal(
    user: User | None, challenge: Challenge, panel: Collection[int], proposal: ChallengeProposal
) -> bool:
    return is_insider(user, challenge, panel) or (
        user is not None and user.organization_id == proposal.organization_id
    )
