"""The restricted and prohibited technology lists that screening reads: the items with
their source and date, a form to add or change one (the version read is sent back, so a
concurrent edit is refused, not lost), removal, and the audit trail. The same
TechnologyListService as the API."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.errors import AppError, Conflict
from app.core.i18n import translate
from app.core.pagination import PageParams
from app.models import TechnologyListEvent, TechnologyListItem, User
from app.models.vocabulary import ScreeningDirection, TechnologyListKind
from app.technology_list.repository import TechnologyListRepository
from app.technology_list.schemas import TechnologyListItemCreate, TechnologyListItemUpdate
from app.technology_list.service import RECORDED_FIELDS, TechnologyListService
from app.web.forms import FormState, read_form, validate
from app.web.pages.department.people import local_time
from app.web.session import AdminPageUser, undo
from app.web.templating import render

router = APIRouter()

_BASE = "/admin/technology-lists"
# The lists are short (tens of items): one page shows them all.
_ALL = PageParams(page=1, per_page=500)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@router.get(_BASE, name="site_admin_technology_lists")
async def lists_page(
    request: Request,
    admin: AdminPageUser,
    session: SessionDep,
    kind: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    done: str | None = None,
) -> HTMLResponse:
    list_kind = (
        TechnologyListKind(kind) if kind and kind in TechnologyListKind.__members__ else None
    )
    repository = TechnologyListRepository(session)
    items, total = await repository.list_items(_ALL, list_kind=list_kind, text=(q or "").strip())
    context = {
        "items": items,
        "total": total,
        "filters": {"kind": list_kind.value if list_kind else "", "q": (q or "").strip()},
        "kinds": list(TechnologyListKind),
        "events": (events := (await repository.events())[:20]),
        "actors": await _actor_names(session, events),
        "done": done if done in ("created", "changed", "deleted") else None,
        "local_time": local_time,
    }
    return render(request, "admin/technology_lists.html", context)


async def _actor_names(
    session: SessionDep, events: Sequence[TechnologyListEvent]
) -> dict[int, str]:
    """Who made each change, by name (the trail keeps the account's id)."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {row.id: row.full_name for row in rows}


def _form_values(form: FormState) -> dict[str, Any]:
    """The form as the API's body: keywords one per line, directions as a list, a date
    typed dd/mm/yyyy or picked as yyyy-mm-dd."""
    directions = form.value("directions")
    keywords = str(form.value("keywords"))
    day = str(form.value("source_date")).strip()
    match = _DAY_MONTH_YEAR.match(day)
    if match:
        day = f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    values: dict[str, Any] = {
        name: str(form.value(name)).strip()
        for name in ("code", "list_kind", "list_title", "sector", "name", "source")
    }
    values["directions"] = directions if isinstance(directions, list) else [directions]
    values["directions"] = [direction for direction in values["directions"] if direction]
    values["keywords"] = [line.strip() for line in keywords.splitlines() if line.strip()]
    values["source_date"] = day
    return {name: value for name, value in values.items() if value not in ("", [])}


def _values_of(item: TechnologyListItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "list_kind": str(item.list_kind),
        "directions": list(item.directions),
        "list_title": item.list_title,
        "sector": item.sector,
        "name": item.name,
        "keywords": "\n".join(item.keywords),
        "source": item.source,
        "source_date": item.source_date.isoformat(),
        "version": str(item.version),
    }


async def _item_page(
    request: Request,
    session: SessionDep,
    form: FormState,
    item: TechnologyListItem | None,
    *,
    saved: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "item": item,
        "form": form,
        "saved": saved,
        "kinds": list(TechnologyListKind),
        "directions": list(ScreeningDirection),
        "events": (
            events := await TechnologyListRepository(session).events(item.id) if item else []
        ),
        "actors": await _actor_names(session, events),
        "local_time": local_time,
    }
    return render(request, "admin/technology_item.html", context, status_code=status_code)


@router.get(_BASE + "/new", name="site_admin_new_technology_item")
async def new_item_page(request: Request, admin: AdminPageUser, session: SessionDep) -> Response:
    return await _item_page(request, session, FormState(), None)


@router.post(_BASE + "/new")
async def new_item_submit(request: Request, admin: AdminPageUser, session: SessionDep) -> Response:
    form = await read_form(request)
    data = validate(TechnologyListItemCreate, _form_values(form), form)
    if data is not None:
        try:
            item = await TechnologyListService(session).create(data, admin=admin)
        except AppError as exc:
            await undo(request, session)
            _fail(form, exc)
        else:
            return RedirectResponse(f"{_BASE}/{item.id}?saved=1", status_code=303)
    return await _item_page(request, session, form, None, status_code=400)


@router.get(_BASE + "/{item_id}", name="site_admin_technology_item")
async def item_page(
    request: Request, item_id: int, admin: AdminPageUser, session: SessionDep, saved: bool = False
) -> Response:
    item = await TechnologyListService(session).get(item_id)
    return await _item_page(request, session, FormState(values=_values_of(item)), item, saved=saved)


@router.post(_BASE + "/{item_id}")
async def item_submit(
    request: Request, item_id: int, admin: AdminPageUser, session: SessionDep
) -> Response:
    service = TechnologyListService(session)
    item = await service.get(item_id)
    form = await read_form(request)
    # Every field is sent; an emptied one is refused by the schema as missing.
    values = {name: None for name in RECORDED_FIELDS} | _form_values(form)
    data = validate(
        TechnologyListItemUpdate, values | {"version": form.value("version") or None}, form
    )
    for name in RECORDED_FIELDS:
        if values[name] is None:
            form.errors.setdefault(name, translate("This field is required."))
    if data is not None and form.ok:
        try:
            await service.update(item_id, data, admin=admin)
        except AppError as exc:
            await undo(request, session)
            _fail(form, exc)
        else:
            return RedirectResponse(f"{_BASE}/{item_id}?saved=1", status_code=303)
    await session.refresh(item)
    return await _item_page(request, session, form, item, status_code=400)


@router.post(_BASE + "/{item_id}/delete", name="site_admin_delete_technology_item")
async def item_delete(
    request: Request, item_id: int, admin: AdminPageUser, session: SessionDep
) -> Response:
    service = TechnologyListService(session)
    item = await service.get(item_id)
    form = await read_form(request)
    version = str(form.value("version"))
    try:
        await service.delete(item_id, int(version) if version.isdigit() else -1, admin=admin)
    except AppError as exc:
        await undo(request, session)
        await session.refresh(item)
        form = FormState(values=_values_of(item))
        _fail(form, exc)
        return await _item_page(request, session, form, item, status_code=exc.status_code)
    return RedirectResponse(f"{_BASE}?done=deleted", status_code=303)


def _fail(form: FormState, exc: AppError) -> None:
    """A service error beside the field it names ("source_date: ..."), or on the form."""
    detail = exc.detail
    field, _, rest = detail.partition(": ")
    if field in RECORDED_FIELDS and rest:
        form.fail(rest, field)
    elif isinstance(exc, Conflict) and "%(code)s" in exc.message:  # the code is taken
        form.fail(detail, "code")
    else:
        form.fail(detail)
