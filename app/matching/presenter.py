"""A match as its viewer may see it."""

from __future__ import annotations

from app.listing.presenter import present
from app.matching.schemas import MatchItem, MatchReason
from app.matching.service import Match
from app.models import User


def match_item(match: Match, viewer: User | None, language: str) -> MatchItem:
    """With its reasons in `language` only."""
    return MatchItem(
        listing=present(match.listing, viewer),
        score=match.scored.score,
        reasons=[MatchReason(code=r.code, text=r.text(language)) for r in match.scored.reasons],
    )
