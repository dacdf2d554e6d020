"""Editing the technology lists: administrators only, every change recorded with who made
it, when, and the values before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_
from app.core.roles import is_admin
from app.core.validation import refuse_nulls
from app.models import TechnologyListEvent, TechnologyListItem, User
from app.technology_list.repository import TechnologyListRepository
from app.technology_list.schemas import TechnologyListItemCreate, TechnologyListItemUpdate

# What an event records of an item (its id and bookkeeping columns aside).
RECORDED_FIELDS = (
    "code",
    "list_kind",
    "directions",
    "list_title",
    "sector",
    "name",
    "keywords",
    "source",
    "source_date",
)


class TechnologyListService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.items = TechnologyListRepository(session)

    async def get(self, item_id: int) -> TechnologyListItem:
        item = await self.items.get(item_id)
        if item is None:
            raise NotFound(N_("Item %(id)s of the technology lists does not exist."), id=item_id)
        return item

    async def create(self, data: TechnologyListItemCreate, *, admin: User) -> TechnologyListItem:
        _require_admin(admin)
        _check_source_date(data.source_date)
        await self._check_code_free(data.code)
        item = TechnologyListItem(
            **data.model_dump(mode="json")
            | {
                "source_date": data.source_date,
                "updated_by_id": admin.id,
            }
        )
        self.session.add(item)
        await self.session.flush()
        self._record(item, admin, "created", {"item": _snapshot(item)})
        await self.session.flush()
        return item

    async def update(
        self, item_id: int, data: TechnologyListItemUpdate, *, admin: User
    ) -> TechnologyListItem:
        _require_admin(admin)
        item = await self.get(item_id)
        _check_version(item, data.version)
        changes = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
        refuse_nulls(changes, TechnologyListItem)
        if data.source_date is not None:
            _check_source_date(data.source_date)
            changes["source_date"] = data.source_date
        if "code" in changes and changes["code"] != item.code:
            await self._check_code_free(changes["code"])
        before = _snapshot(item)
        for name, value in changes.items():
            setattr(item, name, value)
        after = _snapshot(item)
        changed = {
            name: [before[name], after[name]] for name in after if before[name] != after[name]
        }
        if not changed:
            return item
        item.updated_by_id = admin.id
        await self._flush_guarded()
        self._record(item, admin, "changed", changed)
        await self.session.flush()
        return item

    async def delete(self, item_id: int, version: int, *, admin: User) -> None:
        _require_admin(admin)
        item = await self.get(item_id)
        _check_version(item, version)
        self._record(item, admin, "deleted", {"item": _snapshot(item)})
        await self.session.delete(item)
        await self._flush_guarded()

    async def _check_code_free(self, code: str) -> None:
        if await self.items.get_by_code(code) is not None:
            raise Conflict(
                N_("An item with the code %(code)s already exists; choose another code."),
                code=code,
            )

    def _record(
        self, item: TechnologyListItem, admin: User, action: str, changes: dict[str, Any]
    ) -> None:
        self.session.add(
            TechnologyListEvent(
                item_id=item.id,
                code=item.code,
                at=utcnow(),
                actor_id=admin.id,
                action=action,
                changes=changes,
            )
        )

    async def _flush_guarded(self) -> None:
        try:
            await self.session.flush()
        except StaleDataError as exc:
            raise Conflict(STALE) from exc


def _require_admin(user: User) -> None:
    if not is_admin(user):
        raise Forbidden(N_("Only an administrator may do this."))


def _check_version(item: TechnologyListItem, version: int) -> None:
    if item.version != version:
        raise Conflict(STALE)


STALE = N_("This item was changed by someone else since you read it; reload it and try again.")


def _check_source_date(source_date: date) -> None:
    """A source is dated when it was issued or published: never in the future."""
    if source_date > utcnow().date():
        raise Invalid(N_("source_date: the source's date cannot be in the future."))


def _snapshot(item: TechnologyListItem) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in RECORDED_FIELDS:
        value = getattr(item, name)
        values[name] = (
            value.isoformat()
            if isinstance(value, date)
            else (str(value) if name == "list_kind" else value)
        )
    return values
