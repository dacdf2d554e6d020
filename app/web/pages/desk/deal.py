"""The deal page of the desk: parties and listings, tasks (add, mark done), the broker's
notes, the valuation request, the check-ins after signing and the history. Every form
posts to a route of its own and comes back here; one with errors shows the page again
with what was typed and the message beside the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.core.i18n import translate
from app.core.pagination import PageParams
from app.core.validation import Id
from app.deal.repository import DealRepository
from app.deal.schemas import (
    CheckinAnswer,
    NoteCreate,
    TaskCreate,
    ValuationAnswer,
    ValuationRequest,
)
from app.deal.service import DealService
from app.listing.presenter import present
from app.models import Demand, Offer, Organization, Transaction, User
from app.models.vocabulary import PlatformRole
from app.user.repository import UserRepository
from app.web.forms import FormState, nest, read_form, validate
from app.web.pages.desk.access import Broker, BrokerUser
from app.web.pages.desk.inputs import digits_only, local_time
from app.web.pages.desk.pipeline import next_stages
from app.web.session import undo
from app.web.templating import render

router = APIRouter()
# Brokers of one organisation offered as a task's assignee.
_COLLEAGUES = PageParams(page=1, per_page=100)


async def _deal_page(
    request: Request,
    session: SessionDep,
    broker: Broker,
    deal_id: Id,
    forms: dict[str, FormState] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    service = DealService(session)
    deal = await service.get_run(deal_id, broker.user)
    deals = DealRepository(session)
    history = await service.history(deal.id, broker.user)
    tasks = await deals.tasks(deal.id)
    colleagues, _total = await UserRepository(session).list(
        _COLLEAGUES, organization_id=broker.organization.id, platform_role=PlatformRole.broker
    )
    context = {
        "deal": deal,
        "supplier": await session.get(Organization, deal.supplier_id),
        "recipient": await session.get(Organization, deal.recipient_id),
        "offer": await _listing(session, Offer, deal.offer_id, broker.user),
        "demand": await _listing(session, Demand, deal.demand_id, broker.user),
        "tasks": tasks,
        "colleagues": [(str(user.id), user.full_name) for user in colleagues],
        "notes": await service.notes(deal.id, broker.user),
        "checkins": await deals.checkins(deal.id),
        "history": history,
        "people": await _names(session, history, tasks),
        "transaction": await session.get(Transaction, deal.transaction_id)
        if deal.transaction_id
        else None,
        "next_stages": next_stages(deal),
        "today": date.today(),
        "states": forms or {},
        "empty_form": FormState(),
        "done": request.query_params.get("done", ""),
        "action_words": action_words(),
        "local_time": local_time,
    }
    return render(request, "desk/deal.html", context, status_code=status_code)


async def _listing(
    session: SessionDep, model: type[Offer] | type[Demand], listing_id: int | None, user: User
) -> Any:
    listing: Offer | Demand | None = await session.get(model, listing_id) if listing_id else None
    return present(listing, user) if listing is not None else None


async def _names(session: SessionDep, history: list[Any], tasks: Any) -> dict[int, str]:
    """The names of the people in the history (the notes' authors among them) and of the
    tasks' assignees."""
    ids = {event.actor_id for event in history if event.actor_id is not None}
    ids |= {task.assignee_id for task in tasks if task.assignee_id is not None}
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows.all()}


def action_words() -> dict[str, str]:
    """The history's actions in words."""
    return {
        "created": _("Deal opened"),
        "stage_changed": _("Stage changed"),
        "task_added": _("Task added"),
        "task_done": _("Task done"),
        "task_reopened": _("Task reopened"),
        "note_added": _("Note added"),
        "valuation_requested": _("Valuation requested"),
        "valuation_answered": _("Valuation recorded"),
        "checkin_answered": _("Check-in answered"),
    }


@router.get("/desk/deals/{deal_id}", name="site_desk_deal")
async def deal_page(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> HTMLResponse:
    return await _deal_page(request, session, broker, deal_id)


async def _submit(
    request: Request,
    session: SessionDep,
    broker: Broker,
    deal_id: Id,
    form_name: str,
    model: type[BaseModel],
    values: dict[str, Any],
    form: FormState,
    action: Any,
) -> Response:
    """Validates the form against the API's schema and runs the service's action; back to
    the deal (at the form's section) when done, or the page again with the errors."""
    status_code = 422
    data = validate(model, values, form)
    if data is not None:
        try:
            await action(data)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
            status_code = exc.status_code
        else:
            return RedirectResponse(f"/desk/deals/{deal_id}?done={form_name}#{form_name}", 303)
    return await _deal_page(request, session, broker, deal_id, {form_name: form}, status_code)


@router.post("/desk/deals/{deal_id}/tasks", name="site_desk_add_task")
async def add_task(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    form = await read_form(request)
    values = nest(form.values)

    async def action(data: TaskCreate) -> None:
        await DealService(session).add_task(deal_id, data, broker.user)

    return await _submit(
        request, session, broker, deal_id, "tasks", TaskCreate, values, form, action
    )


@router.post("/desk/deals/{deal_id}/tasks/{task_id}/done", name="site_desk_task_done")
async def task_done(
    request: Request, deal_id: Id, task_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    form = await read_form(request)
    done = form.value("done") != "false"
    await DealService(session).set_task_done(deal_id, task_id, done, broker.user)
    if form.value("next") == "tasks":
        return RedirectResponse("/desk/tasks?done=1", 303)
    return RedirectResponse(f"/desk/deals/{deal_id}?done=task#tasks", 303)


@router.post("/desk/deals/{deal_id}/notes", name="site_desk_add_note")
async def add_note(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    form = await read_form(request)

    async def action(data: NoteCreate) -> None:
        await DealService(session).add_note(deal_id, data, broker.user)

    return await _submit(
        request, session, broker, deal_id, "notes", NoteCreate, nest(form.values), form, action
    )


@router.post("/desk/deals/{deal_id}/valuation", name="site_desk_request_valuation")
async def request_valuation(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    form = await read_form(request)

    async def action(data: ValuationRequest) -> None:
        await DealService(session).request_valuation(deal_id, data, broker.user)

    values = nest(form.values)
    return await _submit(
        request, session, broker, deal_id, "valuation", ValuationRequest, values, form, action
    )


@router.post("/desk/deals/{deal_id}/valuation/answer", name="site_desk_answer_valuation")
async def answer_valuation(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    form = await read_form(request)
    values = nest({**form.values, "value_vnd": digits_only(form.value("value_vnd"))})

    async def action(data: ValuationAnswer) -> None:
        await DealService(session).answer_valuation(deal_id, data, broker.user)

    return await _submit(
        request, session, broker, deal_id, "valuation", ValuationAnswer, values, form, action
    )


@router.post("/desk/deals/{deal_id}/checkins/{checkin_id}", name="site_desk_answer_checkin")
async def answer_checkin(
    request: Request, deal_id: Id, checkin_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    """Each agreed method answered yes or no (radio buttons named delivered.<method>)."""
    form = await read_form(request)
    values = nest(form.values)
    values["delivered"] = {
        method: answer == "yes" for method, answer in values.get("delivered", {}).items()
    }

    async def action(data: CheckinAnswer) -> None:
        await DealService(session).answer_checkin(deal_id, checkin_id, data, broker.user)

    name = f"checkin-{checkin_id}"
    return await _submit(
        request, session, broker, deal_id, name, CheckinAnswer, values, form, action
    )
