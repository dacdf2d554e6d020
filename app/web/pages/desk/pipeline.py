"""The pipeline: the organisation's deals on a board by stage, each moved with a form (a
select and a button: keyboard and no-JavaScript friendly). A move that needs details (the
signed contract, the reason a deal was lost) goes through the deal's move page, which shows
them pre-filled and keeps what was typed when something is wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import current_locale, format_number, translate
from app.core.i18n import gettext as _
from app.core.validation import Id
from app.deal.schemas import StageChange
from app.deal.service import CLOSED_STAGES, OPEN_STAGES, DealService
from app.listing.presenter import present
from app.models import Deal, Offer
from app.models.vocabulary import DealStage, TransactionCategory, TransferMethod
from app.organization.repository import OrganizationRepository
from app.web.forms import FormState, nest, read_form, validate
from app.web.pages.desk.access import Broker, BrokerUser
from app.web.pages.desk.inputs import as_list, digits_only, local_time
from app.web.session import undo
from app.web.templating import render

router = APIRouter()

BOARD_STAGES = (*OPEN_STAGES, DealStage.closed_won, DealStage.closed_lost)
# Moves that need more than the stage: the move page asks for them.
DETAILED_STAGES = frozenset({DealStage.contract_signed, DealStage.closed_lost})


def next_stages(deal: Deal) -> list[DealStage]:
    """Where the deal may go from here (the service's rule: forward, won once signed, or
    lost with a reason)."""
    if deal.stage in CLOSED_STAGES:
        return []
    later = list(OPEN_STAGES[OPEN_STAGES.index(deal.stage) + 1 :])
    if deal.stage is DealStage.contract_signed:
        later.append(DealStage.closed_won)
    return [*later, DealStage.closed_lost]


@router.get("/desk", name="site_desk")
async def board(request: Request, broker: BrokerUser, session: SessionDep) -> HTMLResponse:
    rows = await session.scalars(
        select(Deal)
        .where(Deal.broker_organization_id == broker.organization.id)
        .order_by(Deal.updated_at.desc(), Deal.id.desc())
    )
    deals = rows.all()
    names = await OrganizationRepository(session).names(
        {deal.supplier_id for deal in deals} | {deal.recipient_id for deal in deals}
    )
    columns = [
        {
            "stage": stage,
            "deals": [
                {"deal": deal, "next": next_stages(deal), "names": names}
                for deal in deals
                if deal.stage is stage
            ],
        }
        for stage in BOARD_STAGES
    ]
    moved = request.query_params.get("moved", "")
    return render(
        request, "desk/board.html", {"columns": columns, "moved": moved, "local_time": local_time}
    )


# --- moving a deal ------------------------------------------------------------------------


async def _signing_defaults(session: SessionDep, broker: Broker, deal: Deal) -> dict[str, Any]:
    """The contract's details as far as they are known: the offer's terms (a single transfer
    form or right; several leave the choice to the broker), its agreed methods, the valuation
    or the offer's visible price as the value, today as the signing date."""
    values: dict[str, Any] = {"signed_on": date.today().isoformat()}
    offer = await session.get(Offer, deal.offer_id) if deal.offer_id else None
    if offer is not None:
        shown = present(offer, broker.user)
        values["field_code"] = offer.field_code or ""
        values["ip_type"] = str(offer.ip_type or "")
        if len(offer.transfer_forms) == 1:
            values["transfer_form"] = offer.transfer_forms[0]
        if len(offer.transfer_rights) == 1:
            values["transfer_right"] = offer.transfer_rights[0]
        values["transfer_methods"] = list(offer.transfer_methods)
        price = getattr(shown, "price_min_vnd", None)
        if price is not None:
            values["value_vnd"] = format_number(price, current_locale())
    if deal.valuation_value_vnd is not None:
        values["value_vnd"] = format_number(deal.valuation_value_vnd, current_locale())
    return values


async def _move_page(
    request: Request,
    session: SessionDep,
    broker: Broker,
    deal: Deal,
    form: FormState,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "deal": deal,
        "form": form,
        "stages": next_stages(deal),
        "categories": list(TransactionCategory),
        "methods": list(TransferMethod),
    }
    return render(request, "desk/move.html", context, status_code=status_code)


@router.get("/desk/deals/{deal_id}/stage", name="site_desk_move")
async def move_page(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep, stage: str = ""
) -> HTMLResponse:
    deal = await DealService(session).get_run(deal_id, broker.user)
    form = FormState(values={"stage": stage, **await _signing_defaults(session, broker, deal)})
    return await _move_page(request, session, broker, deal, form)


@router.post("/desk/deals/{deal_id}/stage", name="site_desk_change_stage")
async def change_stage(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    service = DealService(session)
    deal = await service.get_run(deal_id, broker.user)
    form = await read_form(request)
    stage = str(form.value("stage"))
    # From the board, a move that needs details opens the move page with them pre-filled.
    if stage in DETAILED_STAGES and not form.value("details"):
        return RedirectResponse(f"/desk/deals/{deal.id}/stage?stage={stage}", 303)
    values = nest({**form.values, "value_vnd": digits_only(form.value("value_vnd"))})
    for control in ("details", "next"):
        values.pop(control, None)
    values["transfer_methods"] = as_list(form.value("transfer_methods"))
    status_code = 422
    change = validate(StageChange, values, form)
    if change is not None:
        try:
            await service.change_stage(deal.id, change, broker.user)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
            status_code = exc.status_code
        else:
            target = form.value("next") or "/desk"
            return RedirectResponse(_safe_local(str(target), deal.id), 303)
    if not form.value("details"):
        form.fail(_("This move needs more details: fill them in below."))
    deal = await service.get_run(deal_id, broker.user)
    return await _move_page(request, session, broker, deal, form, status_code)


def _safe_local(target: str, deal_id: int) -> str:
    """Back where the form came from, only within the desk."""
    if target.startswith("/desk") and "//" not in target:
        return f"{target}{'&' if '?' in target else '?'}moved={deal_id}"
    return f"/desk?moved={deal_id}"
