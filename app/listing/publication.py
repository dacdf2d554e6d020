"""The moment a listing becomes public, whichever path made it so: the department publishing
it (from review, or straight from draft), a renewal after it expired, or a bulk import the
department publishes at once.

The listing service announces that moment here and nowhere else. What follows belongs to
domains above the listing domain (matching notifies strong matches to both owners and to the
brokers of their open deals; saved searches alert their owners), which the listing domain
must not import: the application wires them in at start-up (``app.publication``) and every
request reads them from its application. Listeners run in the request's transaction, so a
publication and its notifications are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.kinds import Listing


class PublicationListener(Protocol):
    async def __call__(self, session: AsyncSession, listing: Listing) -> None: ...


@dataclass(frozen=True)
class Publication:
    listeners: Sequence[PublicationListener]

    async def announce(self, session: AsyncSession, listing: Listing) -> None:
        """Tell every listener that this listing has just become public."""
        for listener in self.listeners:
            await listener(session, listing)


def get_publication(request: Request) -> Publication:
    publication: Publication = request.app.state.publication
    return publication


PublicationDep = Annotated[Publication, Depends(get_publication)]
