"""Bulk import of research results: upload a CSV or XLSX, read the dry-run report row by
row, then import. The uploaded file is kept (under a random name, for its uploader only)
between the two steps, so the import runs on exactly the file that was checked."""

from __future__ import annotations

import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.core.config import Settings
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError, Invalid
from app.core.i18n import N_, translate
from app.core.i18n import gettext as _
from app.core.storage import get_storage
from app.listing.importer import ImportReport, ResearchResultImport
from app.models import User
from app.organization.repository import OrganizationRepository
from app.web.forms import form_text
from app.web.session import MemberUser, undo
from app.web.templating import render

router = APIRouter()

_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


def _key(user: User, upload_id: str) -> str:
    return f"imports/{user.id}/{upload_id}.upload"


def _page(
    request: Request,
    *,
    report: ImportReport | None = None,
    upload_id: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {"report": report, "upload_id": upload_id, "error": error}
    return render(request, "workspace/import.html", context, status_code=status_code)


@router.get("/workspace/import", name="site_import")
async def import_page(request: Request, user: MemberUser) -> HTMLResponse:
    return _page(request)


async def _run(
    session: SessionDep, settings: Settings, user: User, data: bytes, *, dry_run: bool
) -> ImportReport:
    organization = (
        await OrganizationRepository(session).get(user.organization_id)
        if user.organization_id
        else None
    )
    if organization is None:
        raise Invalid(N_("Your account belongs to no organisation."))
    return await ResearchResultImport(session, organization, user).run(
        data, dry_run=dry_run, skip_bad_rows=True, max_rows=settings.listing.max_import_rows
    )


@router.post("/workspace/import", name="site_import_check")
async def check_file(
    request: Request, user: MemberUser, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, error=_("Choose a CSV or XLSX file."), status_code=400)
    data = await upload.read(settings.listing.max_import_bytes + 1)
    if len(data) > settings.listing.max_import_bytes:
        message = _("The file is larger than %(size)s bytes; split it.")
        return _page(request, error=message % {"size": settings.listing.max_import_bytes})
    try:
        report = await _run(session, settings, user, data, dry_run=True)
    except AppError as exc:
        await undo(request, session)
        return _page(request, error=translate(exc.detail), status_code=exc.status_code)
    upload_id = uuid.uuid4().hex
    await get_storage(settings).save(_key(user, upload_id), data)
    return _page(request, report=report, upload_id=upload_id)


@router.post("/workspace/import/run", name="site_import_run")
async def run_import(
    request: Request, user: MemberUser, session: SessionDep, settings: SettingsDep
) -> Response:
    upload_id = await form_text(request, "upload_id")
    storage = get_storage(settings)
    if not _UPLOAD_ID.match(upload_id):
        return _page(request, error=_("Upload the file again."), status_code=400)
    try:
        data = await storage.read(_key(user, upload_id))
    except FileNotFoundError:
        return _page(request, error=_("Upload the file again."), status_code=400)
    try:
        report = await _run(session, settings, user, data, dry_run=False)
    except AppError as exc:
        await undo(request, session)
        return _page(request, error=translate(exc.detail), status_code=exc.status_code)
    await session.commit()
    await storage.delete(_key(user, upload_id))
    return _page(request, report=report)
