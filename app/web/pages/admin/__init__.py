"""The administrator's pages: accounts and their platform roles, the restricted and
prohibited technology lists, and the local mailbox. Administrators only, as in the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.pages.admin import mailbox, technology_lists, users
from app.web.session import AdminPageUser
from app.web.templating import render

router = APIRouter()


@router.get("/admin", name="site_admin")
async def admin_home(request: Request, admin: AdminPageUser) -> HTMLResponse:
    return render(request, "admin/home.html")


for _module in (users, technology_lists, mailbox):
    router.include_router(_module.router)
