"""The local mailbox: on the embedded default with no SMTP server configured, the platform's
e-mail is delivered to a Maildir folder instead of failing; administrators read it here
(the same reader as GET /api/v1/notifications/mailbox)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.core.dependencies import SettingsDep
from app.notification.mailbox import list_mail, read_mail
from app.web.pages.department.people import local_time
from app.web.session import AdminPageUser
from app.web.templating import render

router = APIRouter()

_BASE = "/admin/mailbox"
PER_PAGE = 30


@router.get(_BASE, name="site_admin_mailbox")
async def mailbox_page(
    request: Request,
    admin: AdminPageUser,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    offset = (page - 1) * PER_PAGE
    mails, total = await asyncio.to_thread(list_mail, settings.mailbox_dir, offset, PER_PAGE)
    context = {
        "mails": mails,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "smtp_configured": bool(settings.mail.smtp_host),
        "local_time": local_time,
    }
    return render(request, "admin/mailbox.html", context)


@router.get(_BASE + "/{key}", name="site_admin_mail")
async def mail_page(
    request: Request, key: str, admin: AdminPageUser, settings: SettingsDep
) -> HTMLResponse:
    mail = await asyncio.to_thread(read_mail, settings.mailbox_dir, key)
    return render(request, "admin/mail.html", {"mail": mail, "local_time": local_time})
