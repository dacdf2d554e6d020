"""The technology lists: read by the department and administrators, edited by
administrators; screening of listings and challenges reads the same rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.dependencies import AdminUser, StaffUser
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.models.vocabulary import TechnologyListKind
from app.technology_list.repository import TechnologyListRepository
from app.technology_list.schemas import (
    TechnologyListEventRead,
    TechnologyListItemCreate,
    TechnologyListItemRead,
    TechnologyListItemUpdate,
)
from app.technology_list.service import TechnologyListService

router = APIRouter(prefix="/technology-lists", tags=["technology lists"])


@router.get(
    "/items",
    response_model=Page[TechnologyListItemRead],
    summary="Items of the restricted and prohibited lists (department, admins)",
)
async def list_items(
    _: StaffUser,
    session: SessionDep,
    page: PageDep,
    list_kind: TechnologyListKind | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the code or name")] = None,
) -> Page[TechnologyListItemRead]:
    rows, total = await TechnologyListRepository(session).list_items(
        page, list_kind=list_kind, text=q
    )
    return Page.of([TechnologyListItemRead.model_validate(r) for r in rows], total, page)


@router.post(
    "/items",
    response_model=TechnologyListItemRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an item, with its source and the source's date (admins)",
)
async def create_item(
    body: TechnologyListItemCreate, admin: AdminUser, session: SessionDep
) -> TechnologyListItemRead:
    item = await TechnologyListService(session).create(body, admin=admin)
    return TechnologyListItemRead.model_validate(item)


@router.get(
    "/items/{item_id}",
    response_model=TechnologyListItemRead,
    summary="One item (department, admins)",
)
async def read_item(item_id: Id, _: StaffUser, session: SessionDep) -> TechnologyListItemRead:
    return TechnologyListItemRead.model_validate(await TechnologyListService(session).get(item_id))


@router.patch(
    "/items/{item_id}",
    response_model=TechnologyListItemRead,
    summary="Change an item; send the `version` you read (stale: 409) (admins)",
)
async def update_item(
    item_id: Id, body: TechnologyListItemUpdate, admin: AdminUser, session: SessionDep
) -> TechnologyListItemRead:
    item = await TechnologyListService(session).update(item_id, body, admin=admin)
    return TechnologyListItemRead.model_validate(item)


@router.delete(
    "/items/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an item; send the `version` you read (admins)",
)
async def delete_item(item_id: Id, version: int, admin: AdminUser, session: SessionDep) -> None:
    await TechnologyListService(session).delete(item_id, version, admin=admin)


@router.get(
    "/history",
    response_model=list[TechnologyListEventRead],
    summary="The audit trail of the lists, newest first (department, admins)",
)
async def history(
    _: StaffUser, session: SessionDep, item_id: Id | None = None
) -> list[TechnologyListEventRead]:
    rows = await TechnologyListRepository(session).events(item_id)
    return [TechnologyListEventRead.model_validate(r) for r in rows]
