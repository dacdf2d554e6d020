"""Saved searches: POST/GET /saved-searches, DELETE /saved-searches/{id} (your own only)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.errors import Conflict
from app.core.i18n import N_
from app.core.validation import Id
from app.saved_search import service
from app.saved_search.schemas import SavedSearchCreate, SavedSearchRead

router = APIRouter(prefix="/saved-searches", tags=["saved searches"])


@router.post(
    "",
    response_model=SavedSearchRead,
    status_code=status.HTTP_201_CREATED,
    summary="Save a search: new matching listings alert you in the app and in a daily e-mail",
)
async def save_search(
    body: SavedSearchCreate, user: CurrentUser, session: SessionDep
) -> SavedSearchRead:
    if len(await service.mine(session, user)) >= service.MAX_SAVED_PER_USER:
        raise Conflict(
            N_("You have %(MAX_SAVED_PER_USER)s saved searches; delete one to add another."),
            MAX_SAVED_PER_USER=service.MAX_SAVED_PER_USER,
        )
    return SavedSearchRead.model_validate(await service.create(session, body, user))


@router.get("", response_model=list[SavedSearchRead], summary="Your saved searches")
async def my_saved_searches(user: CurrentUser, session: SessionDep) -> list[SavedSearchRead]:
    return [SavedSearchRead.model_validate(s) for s in await service.mine(session, user)]


@router.delete(
    "/{saved_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a saved search"
)
async def delete_saved_search(saved_id: Id, user: CurrentUser, session: SessionDep) -> Response:
    await service.delete(session, saved_id, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
