"""The member's workspace: the organisation, its offers and demands, interests, matches,
imports, deals, saved searches and notifications. The same services and permissions as
the API; every page is for signed-in members only."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages.workspace import (
    activity,
    imports,
    interests,
    listings,
    organization,
)

router = APIRouter()
for _module in (organization, listings, interests, imports, activity):
    router.include_router(_module.router)
