"""Recording the transaction of a signed deal: the register's draft, drafted at
contract_signed from the deal and its offer (field, IP type, transfer form, value), which
the broker who ran the deal completes until a party confirms it (the register's rule,
app/transaction/auth.py `may_complete_draft`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import AppError, NotFound
from app.core.i18n import N_, current_locale, format_number, translate
from app.core.validation import Id
from app.deal.service import DealService
from app.models import Deal, Transaction
from app.models.vocabulary import (
    IPType,
    TransactionCategory,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.transaction.auth import may_complete_draft, may_see_value
from app.transaction.schemas import TransactionUpdate
from app.transaction.service import TransactionService
from app.web.forms import FormState, nest, read_form, validate
from app.web.pages.desk.access import Broker, BrokerUser
from app.web.pages.desk.inputs import as_list, digits_only
from app.web.pages.workspace.listing_form import field_options
from app.web.session import undo
from app.web.templating import render

router = APIRouter()

# The draft's fields the broker completes, as the form names them.
EDITABLE = (
    "subject",
    "category",
    "field_code",
    "ip_type",
    "transfer_right",
    "transfer_form",
    "signed_on",
    "registration_certificate_no",
    "registration_certificate_on",
    "ip_recordal_no",
    "ip_recordal_on",
)


async def _records(session: SessionDep, broker: Broker, deal_id: int) -> tuple[Deal, Transaction]:
    deal = await DealService(session).get_run(deal_id, broker.user)
    if deal.transaction_id is None:
        raise NotFound(
            N_("This deal has no register entry yet: it is drafted when the contract is signed.")
        )
    transaction = await TransactionService(session).get_visible(deal.transaction_id, broker.user)
    return deal, transaction


def _current_values(transaction: Transaction, shows_value: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in EDITABLE:
        value = getattr(transaction, name)
        values[name] = "" if value is None else str(value)
    values["transfer_methods"] = list(transaction.transfer_methods or [])
    values["uses_state_funds"] = "true" if transaction.uses_state_funds else ""
    value = transaction.value_vnd if shows_value else None
    values["value_vnd"] = "" if value is None else format_number(value, current_locale())
    return values


async def _page(
    request: Request,
    deal: Deal,
    transaction: Transaction,
    broker: Broker,
    form: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    shows_value = may_see_value(broker.user, transaction)
    context = {
        "deal": deal,
        "transaction": transaction,
        "editable": may_complete_draft(broker.user, transaction),
        "shows_value": shows_value,
        "form": form or FormState(values=_current_values(transaction, shows_value)),
        "field_options": field_options(),
        "categories": list(TransactionCategory),
        "ip_types": list(IPType),
        "rights": list(TransferRight),
        "transfer_forms": list(TransferForm),
        "methods": list(TransferMethod),
        "saved": request.query_params.get("saved", ""),
    }
    return render(request, "desk/transaction.html", context, status_code=status_code)


@router.get("/desk/deals/{deal_id}/transaction", name="site_desk_transaction")
async def transaction_page(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> HTMLResponse:
    deal, transaction = await _records(session, broker, deal_id)
    return await _page(request, deal, transaction, broker)


@router.post("/desk/deals/{deal_id}/transaction")
async def save_transaction(
    request: Request, deal_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    deal, transaction = await _records(session, broker, deal_id)
    form = await read_form(request)
    values = nest(
        {name: form.value(name) for name in (*EDITABLE, "value_vnd")}
        | {"value_vnd": digits_only(form.value("value_vnd"))}
    )
    # Unticked boxes are not sent: an empty group or box means none / no.
    values["transfer_methods"] = as_list(form.value("transfer_methods"))
    values["uses_state_funds"] = form.value("uses_state_funds") == "true"
    status_code = 422
    data = validate(TransactionUpdate, values, form)
    if data is not None:
        try:
            await TransactionService(session).update(transaction.id, data, broker.user)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
            status_code = exc.status_code
        else:
            return RedirectResponse(f"/desk/deals/{deal.id}/transaction?saved=1", 303)
    deal, transaction = await _records(session, broker, deal_id)
    return await _page(request, deal, transaction, broker, form, status_code)
