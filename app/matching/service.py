"""Matching: candidates from the search engine, re-ranked by app/matching/scoring.py.

Candidates: ONE engine query with the listing's key words (title, English title, keywords),
any word sufficing (`match_any`), restricted to the other side, so the same folding and
bilingual glossary as search apply and the cost does not grow with the catalogue. The top
`CANDIDATES` are loaded from the database (the index may lag: only listings public NOW stay)
and scored in Python; listings of the asking listing's own organisation are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.i18n import DEFAULT_LOCALE, N_, format_percent, interpolate
from app.listing.auth import is_privileged
from app.listing.kinds import Listing, ListingType, link, listing_type_of
from app.matching.repository import MatchingRepository
from app.matching.scoring import ListingTerms, Scored, listing_terms, ranker, score_pair
from app.models import Demand, Offer, User
from app.models.vocabulary import NotificationKind
from app.notification.service import notify
from app.search.engines.base import SearchEngine, SearchEngineUnavailable
from app.search.query import SearchFilters, SearchRequest
from app.search.service import SearchUnavailable

CANDIDATES = 40
MAX_NOTIFIED = 5
_OTHER_SIDE: dict[ListingType, ListingType] = {"offer": "demand", "demand": "offer"}


@dataclass(frozen=True)
class Match:
    listing: Listing
    scored: Scored


def may_compare_price(viewer: User | None, offer: Offer, demand: Demand) -> bool:
    """Only someone who may know both the price and the budget learns how they compare."""
    price_known = not offer.price_hidden or is_privileged(viewer, offer)
    budget_known = not demand.budget_confidential or is_privileged(viewer, demand)
    return price_known and budget_known


def query_text(terms: ListingTerms) -> str:
    """The listing's head terms as a short query: each once, no filler words ("công nghệ",
    "cần", "cho"), glossary phrases whole so the engine expands them across languages."""
    words: list[str] = []
    for key in terms.head:
        words.extend(key[2:].split())
    return " ".join(dict.fromkeys(words))


async def candidate_ids(
    engine: SearchEngine,
    listing: Listing,
    now: datetime,
    limit: int = CANDIDATES,
    terms: ListingTerms | None = None,
) -> list[int]:
    """Candidate ids, best first (the engine's relevance only chooses and orders the
    candidates; the score of a pair does not depend on the other candidates)."""
    other = _OTHER_SIDE[listing_type_of(listing)]
    request = SearchRequest(
        text=query_text(terms or listing_terms(listing)),
        filters=SearchFilters(keywords={"type": other}),
        limit=limit,
        now=now,
        with_facets=False,
        match_any=True,
    )
    try:
        results = await engine.search(request)
    except SearchEngineUnavailable as exc:
        raise SearchUnavailable(
            N_(
                "Matching is temporarily unavailable (the search engine does not "
                "answer); please try again in a minute."
            )
        ) from exc
    return [int(hit.document["listing_id"]) for hit in results.hits]


async def find_matches(
    session: AsyncSession,
    engine: SearchEngine,
    listing: Listing,
    viewer: User | None,
    *,
    limit: int = 20,
) -> list[Match]:
    now = utcnow()
    own_terms = listing_terms(listing)
    ids = await candidate_ids(engine, listing, now, terms=own_terms)
    other = _OTHER_SIDE[listing_type_of(listing)]
    candidates = await MatchingRepository(session).public_by_ids(other, ids, now)
    matches: list[Match] = []
    for candidate_id in ids:
        candidate = candidates.get(candidate_id)
        if candidate is None or candidate.organization_id == listing.organization_id:
            continue
        scored = _score(listing, own_terms, candidate, viewer, now)
        if scored.score >= ranker().min_score:  # below: no good match, not an unrelated one
            matches.append(Match(candidate, scored))
    # Stable sort: equal scores keep the engine's order.
    matches.sort(key=lambda match: match.scored.score, reverse=True)
    return matches[:limit]


def _score(
    listing: Listing,
    own_terms: ListingTerms,
    candidate: Listing,
    viewer: User | None,
    now: datetime,
) -> Scored:
    if isinstance(listing, Demand) and isinstance(candidate, Offer):
        offer, demand = candidate, listing
        terms = (listing_terms(candidate), own_terms)
    elif isinstance(listing, Offer) and isinstance(candidate, Demand):
        offer, demand = listing, candidate
        terms = (own_terms, listing_terms(candidate))
    else:
        raise TypeError("a match pairs an offer with a demand")
    return score_pair(
        offer,
        demand,
        now=now,
        candidate=candidate,
        may_compare_price=may_compare_price(viewer, offer, demand),
        terms=terms,
    )


async def notify_strong_matches(
    session: AsyncSession, engine: SearchEngine, listing: Listing
) -> list[Match]:
    """Tell both owners of each strong match of a newly published listing (in-app).

    Scored as the public sees it (viewer None): a price/budget fit the public may not know
    never makes a match "strong" and so never leaks through a notification either.
    """
    try:
        matches = await find_matches(session, engine, listing, None, limit=MAX_NOTIFIED)
    except SearchUnavailable:
        return []  # publishing must not fail because the index is down; matches stay on demand
    strong = [match for match in matches if match.scored.score >= ranker().strong_match]
    for match in strong:
        await _notify_pair(session, listing, match)
    return strong


# One language per notification: marked messages rendered in the recipients' language. An
# organisation's members have no language of their own yet, so it is the product's
# (Vietnamese); the English catalogue already holds each message.
_BROKER_TITLE = N_("Strong match (%(percent)s) on a deal you broker")
_BROKER_BODY = N_("«%(listing)s» ↔ «%(other)s».")
_OWNER_TITLE = N_("Strong match (%(percent)s): %(other)s")
_OWNER_BODY = N_("The listing «%(other)s» matches your listing «%(listing)s» (match %(percent)s).")


async def _notify_pair(session: AsyncSession, listing: Listing, match: Match) -> None:
    locale = DEFAULT_LOCALE
    percent = format_percent(match.scored.score * 100, locale, digits=0)
    brokers = await MatchingRepository(session).brokers_of_open_deals([listing, match.listing])
    pair = {"percent": percent, "listing": listing.title, "other": match.listing.title}
    for broker_id in brokers:
        await notify(
            session,
            kind=NotificationKind.match_found,
            organization_id=broker_id,
            title=interpolate(_BROKER_TITLE, pair, locale),
            body=interpolate(_BROKER_BODY, pair, locale),
            link=link(listing),
        )
    for recipient, other in ((listing, match.listing), (match.listing, listing)):
        seen = {"percent": percent, "listing": recipient.title, "other": other.title}
        await notify(
            session,
            kind=NotificationKind.match_found,
            organization_id=recipient.organization_id,
            title=interpolate(_OWNER_TITLE, seen, locale),
            body=interpolate(_OWNER_BODY, seen, locale),
            link=link(other),
        )
