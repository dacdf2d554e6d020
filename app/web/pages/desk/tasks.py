"""Tasks due today and overdue, on the organisation's open deals (the broker's own or
nobody's), oldest first: the API's desk query."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.db import SessionDep
from app.deal.desk import due_tasks
from app.web.pages.desk.access import BrokerUser
from app.web.templating import render

router = APIRouter()


@router.get("/desk/tasks", name="site_desk_tasks")
async def tasks_page(request: Request, broker: BrokerUser, session: SessionDep) -> HTMLResponse:
    today = date.today()
    items = await due_tasks(session, broker.user, today)
    context = {
        "overdue": [item for item in items if item.is_overdue(today)],
        "today": [item for item in items if not item.is_overdue(today)],
        "done": request.query_params.get("done", ""),
    }
    return render(request, "desk/tasks.html", context)
