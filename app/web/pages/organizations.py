"""An organisation's public profile with its public listings."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.clock import utcnow
from app.core.db import SessionDep
from app.core.pagination import PageParams
from app.listing.presenter import present
from app.listing.repository import ListingFilters, ListingRepository
from app.organization.schemas import OrganizationPublic
from app.organization.service import OrganizationService
from app.web.session import PageUser
from app.web.templating import render

router = APIRouter()

LISTINGS_SHOWN = 50


@router.get("/organizations/{organization_id}", name="site_organization")
async def organization_page(
    organization_id: int, request: Request, viewer: PageUser, session: SessionDep
) -> HTMLResponse:
    organization = await OrganizationService(session).get_visible(organization_id, viewer)
    page = PageParams(page=1, per_page=LISTINGS_SHOWN)
    # Filtering by owner leaves out the organisation's anonymous listings for outsiders.
    filters = ListingFilters(organization_id=organization.id)
    listings = {}
    for listing_type in ("offer", "demand"):
        rows, total = await ListingRepository(session, listing_type).list_visible(
            page, viewer, utcnow(), filters
        )
        listings[listing_type] = ([present(row, viewer) for row in rows], total)
    return render(
        request,
        "public/organization.html",
        {"organization": OrganizationPublic.model_validate(organization), "listings": listings},
    )
