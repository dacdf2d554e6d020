"""My offers and demands: the list, the guided form (new and edit, with the version read so
that a concurrent change is shown rather than lost), the life-cycle actions, attachments,
screening results and matches. The same ListingService as the API, so the same rules."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from app.core.clock import utcnow
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError, Conflict, NotFound
from app.core.i18n import gettext as _
from app.core.i18n import translate
from app.core.pagination import PageParams
from app.core.storage import get_storage
from app.listing.attachments import AttachmentService, Upload
from app.listing.kinds import Listing, ListingType
from app.listing.presenter import present
from app.listing.publication import PublicationDep
from app.listing.repository import ListingFilters, ListingRepository
from app.listing.screening import PROHIBITED
from app.listing.service import ACTIONS, ListingService
from app.matching.service import find_matches
from app.models import User
from app.models.vocabulary import (
    AttachmentKind,
    IPStatus,
    IPType,
    ListingLanguage,
    OfferKind,
    PriceMode,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.reference.communes import load_communes
from app.search.service import SearchUnavailable
from app.web.forms import FormState, read_form
from app.web.pages.workspace import listing_form
from app.web.session import MemberUser, undo
from app.web.templating import render

router = APIRouter()

Kind = Literal["offer", "demand"]
OWNER_ACTIONS = ("submit", "renew", "withdraw", "archive")
_MY_LISTINGS = PageParams(page=1, per_page=100)
_BASE = "/workspace/listings"


def listing_url(listing_type: str, listing_id: int, tail: str = "") -> str:
    return f"{_BASE}/{listing_type}/{listing_id}{tail}"


def _service(session: SessionDep, listing_type: ListingType, settings: Settings) -> ListingService:
    return ListingService(session, listing_type, settings.listing)


@router.get(_BASE, name="site_my_listings")
async def my_listings(request: Request, user: MemberUser, session: SessionDep) -> HTMLResponse:
    lists: dict[str, Any] = {}
    for listing_type in ("offer", "demand"):
        rows, total = await ListingRepository(session, listing_type).list_visible(
            _MY_LISTINGS, user, utcnow(), ListingFilters(mine=True)
        )
        lists[listing_type] = {"rows": [present(row, user) for row in rows], "total": total}
    return render(request, "workspace/listings.html", {"lists": lists})


# --- the guided form ------------------------------------------------------------------------


def _form_context(listing_type: ListingType, form: FormState, **extra: Any) -> dict[str, Any]:
    return {
        "listing_type": listing_type,
        "form": form,
        "field_options": listing_form.field_options(),
        "communes": sorted(load_communes().values(), key=lambda commune: commune.name),
        "languages": list(ListingLanguage),
        "offer_kinds": list(OfferKind),
        "ip_types": list(IPType),
        "ip_statuses": list(IPStatus),
        "transfer_rights": list(TransferRight),
        "transfer_forms": list(TransferForm),
        "transfer_methods": list(TransferMethod),
        "price_modes": list(PriceMode),
        "listing": None,
        "version": None,
        "conflict": None,
        **extra,
    }


def _new_form(listing_type: ListingType) -> FormState:
    if listing_type == "offer":
        return FormState(
            values={
                "language": "vi",
                "kind": "technology",
                "origin_country": "VN",
                "price_mode": "negotiable",
            }
        )
    return FormState()


@router.get(_BASE + "/{listing_type}/new", name="site_new_listing")
async def new_listing_page(request: Request, listing_type: Kind, user: MemberUser) -> Response:
    context = _form_context(listing_type, _new_form(listing_type))
    return render(request, "workspace/listing_form.html", context)


@router.post(_BASE + "/{listing_type}/new")
async def new_listing_submit(
    request: Request,
    listing_type: Kind,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
    publication: PublicationDep,
) -> Response:
    form = await read_form(request)
    data = listing_form.check_new(listing_type, form)
    if data is not None:
        service = _service(session, listing_type, settings)
        try:
            listing = await service.create(data, user=user)
            if form.value("then") == "submit":
                await service.act(
                    listing.id, "submit", user=user, reason=None, publication=publication
                )
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
        else:
            return RedirectResponse(listing_url(listing_type, listing.id, "?saved=1"), 303)
    context = _form_context(listing_type, form)
    return render(request, "workspace/listing_form.html", context, status_code=400)


@router.get(_BASE + "/{listing_type}/{listing_id}/edit", name="site_edit_listing")
async def edit_listing_page(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    form = FormState(values=listing_form.values_of(listing, user))
    context = _form_context(listing_type, form, listing=listing, version=listing.version)
    return render(request, "workspace/listing_form.html", context)


@router.post(_BASE + "/{listing_type}/{listing_id}/edit")
async def edit_listing_submit(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service = _service(session, listing_type, settings)
    listing = await service.get_managed(listing_id, user)
    form = await read_form(request)
    data = listing_form.check_changes(listing_type, form, _version(form))
    if data is not None:
        try:
            await service.update(listing_id, data, user=user)
        except Conflict as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
            listing = await service.get_managed(listing_id, user)
            return _conflict_page(request, listing_type, form, listing, user)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
        else:
            return RedirectResponse(listing_url(listing_type, listing_id, "?saved=1"), 303)
    context = _form_context(listing_type, form, listing=listing, version=_version(form))
    return render(request, "workspace/listing_form.html", context, status_code=400)


def _conflict_page(
    request: Request, listing_type: ListingType, form: FormState, listing: Listing, user: User
) -> HTMLResponse:
    """The form as typed, with what is stored now beside each input that differs. It carries
    the current version: sending it again applies what this person typed, knowingly."""
    stored = listing_form.values_of(listing, user)
    context = _form_context(
        listing_type,
        form,
        listing=listing,
        version=listing.version,
        conflict=listing_form.changed_fields(form.values, stored),
        stored=stored,
    )
    return render(request, "workspace/listing_form.html", context, status_code=409)


def _version(form: FormState) -> int:
    text = form.value("version")
    return int(text) if isinstance(text, str) and text.isdigit() else 0


# --- one listing: status, screening, actions, attachments -----------------------------------


async def _manage_page(
    request: Request,
    session: SessionDep,
    settings: Settings,
    listing: Listing,
    user: User,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    attachments = await AttachmentService(session, get_storage(settings), settings.listing).list(
        listing
    )
    record = present(listing, user)
    context = {
        "listing": record,
        "actions": [name for name in OWNER_ACTIONS if listing.status in ACTIONS[name].sources],
        "attachments": attachments,
        "prohibited_kind": PROHIBITED,
        "error": error,
        "saved": request.query_params.get("saved") == "1",
        "done": request.query_params.get("done", ""),
    }
    return render(request, "workspace/listing.html", context, status_code=status_code)


@router.get(_BASE + "/{listing_type}/{listing_id}", name="site_my_listing")
async def listing_page(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    return await _manage_page(request, session, settings, listing, user)


@router.post(_BASE + "/{listing_type}/{listing_id}/do/{action}", name="site_listing_action")
async def listing_action(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    action: Literal["submit", "renew", "withdraw", "archive"],
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
    publication: PublicationDep,
) -> Response:
    service = _service(session, listing_type, settings)
    try:
        await service.act(listing_id, action, user=user, reason=None, publication=publication)
    except NotFound:
        raise
    except AppError as exc:
        await undo(request, session)
        listing = await service.get_managed(listing_id, user)
        return await _manage_page(
            request,
            session,
            settings,
            listing,
            user,
            error=translate(exc.detail),
            status_code=exc.status_code,
        )
    return RedirectResponse(listing_url(listing_type, listing_id, f"?done={action}"), 303)


@router.post(_BASE + "/{listing_type}/{listing_id}/attachments", name="site_add_attachment")
async def add_attachment(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _manage_page(
            request,
            session,
            settings,
            listing,
            user,
            error=_("Choose a file to upload."),
            status_code=400,
        )
    data = await upload.read(settings.listing.max_document_bytes + 1)
    service = AttachmentService(session, get_storage(settings), settings.listing)
    try:
        await service.add(listing, Upload(upload.filename, data), user=user)
    except AppError as exc:
        await undo(request, session)
        listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
        return await _manage_page(
            request,
            session,
            settings,
            listing,
            user,
            error=translate(exc.detail),
            status_code=exc.status_code,
        )
    return RedirectResponse(listing_url(listing_type, listing_id, "?done=attached#files"), 303)


@router.get(
    _BASE + "/{listing_type}/{listing_id}/attachments/{attachment_id}",
    name="site_attachment",
)
async def download_attachment(
    listing_type: Kind,
    listing_id: int,
    attachment_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    service = AttachmentService(session, get_storage(settings), settings.listing)
    attachment = await service.get(listing, attachment_id)
    disposition = "inline" if attachment.kind is AttachmentKind.image else "attachment"
    return Response(
        content=await service.storage.read(attachment.storage_key),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.post(_BASE + "/{listing_type}/{listing_id}/attachments/{attachment_id}/delete")
async def delete_attachment(
    listing_type: Kind,
    listing_id: int,
    attachment_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    await AttachmentService(session, get_storage(settings), settings.listing).delete(
        listing, attachment_id
    )
    return RedirectResponse(listing_url(listing_type, listing_id, "?done=deleted#files"), 303)


# --- matches --------------------------------------------------------------------------------


@router.get(_BASE + "/{listing_type}/{listing_id}/matches", name="site_my_matches")
async def matches_page(
    request: Request,
    listing_type: Kind,
    listing_id: int,
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    listing = await _service(session, listing_type, settings).get_managed(listing_id, user)
    unavailable = False
    try:
        matches = await find_matches(session, request.app.state.search_engine, listing, user)
    except SearchUnavailable:
        matches, unavailable = [], True
    context = {
        "listing": present(listing, user),
        "matches": [(present(match.listing, user), match.scored) for match in matches],
        "unavailable": unavailable,
    }
    return render(request, "workspace/matches.html", context)
