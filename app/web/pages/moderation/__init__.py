"""The department's moderation: the queue of listings awaiting review (publish, or reject
with a reason the owner reads) and the verification of organisations. The same services
and permissions as the API (the department and administrators)."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages.moderation import organizations, queue

router = APIRouter()
for _module in (queue, organizations):
    router.include_router(_module.router)
