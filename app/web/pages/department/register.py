"""The transaction register for the department: filters, the drill-down behind each
indicator figure, verification, exclusion from the statistics with a reason, the Art. 31
registration deadlines and the overdue list, the export of what is listed, and each entry's
audit trail. The same services, queries and permissions as /api/v1/transactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import current_locale
from app.core.i18n import gettext as _
from app.core.pagination import PageParams
from app.indicator.method import INDICATOR_CODES, INDICATORS
from app.indicator.period import Period
from app.indicator.schemas import DrillPart
from app.indicator.service import IndicatorService
from app.models import Transaction, User
from app.models.vocabulary import (
    TransactionCategory,
    TransactionDirection,
    TransactionStatus,
    TransactionVerification,
)
from app.organization.repository import OrganizationRepository
from app.report.exports import ExportFormat, file_response, transaction_table
from app.transaction.repository import TransactionFilters, TransactionRepository
from app.transaction.schemas import ExclusionBody, TransactionRead
from app.transaction.service import TransactionService, present, present_all
from app.web.forms import FormState, read_form, validate
from app.web.pages.department.people import action_words, actor_names, local_time
from app.web.session import StaffPageUser, undo
from app.web.templating import render

router = APIRouter()

PER_PAGE = 50
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_SUBJECT = 200


@dataclass
class RegisterQuery:
    """The register's filters as read from the address: the valid ones apply, each invalid
    one is named beside its field and left out."""

    filters: TransactionFilters
    form: FormState
    indicator: str | None = None
    part: DrillPart = DrillPart.numerator
    drill_year: int | None = None
    verified_only: bool = False
    page: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    def address(self, **changes: Any) -> dict[str, Any]:
        """The query string that shows the same list (with some values changed)."""
        values = {name: value for name, value in self.form.values.items() if value}
        values.update({name: value for name, value in changes.items() if value is not None})
        return values


def _enum(form: FormState, name: str, vocabulary: type[StrEnum]) -> Any:
    raw = form.value(name)
    if not raw:
        return None
    if raw in {member.value for member in vocabulary}:
        return vocabulary(raw)
    form.fail(_("Choose one of the options."), name)
    return None


def _year(form: FormState, name: str) -> int | None:
    raw = str(form.value(name)).strip()
    if not raw:
        return None
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    form.fail(_("Enter a year such as 2025."), name)
    return None


def _subject(form: FormState) -> str | None:
    words = str(form.value("subject")).strip()
    if len(words) > MAX_SUBJECT:
        form.fail(_("Too long: at most %(count)s characters.") % {"count": MAX_SUBJECT}, "subject")
        return None
    return words or None


def read_query(params: Mapping[str, str]) -> RegisterQuery:
    form = FormState(values={name: value for name, value in params.items() if name != "page"})
    verification = _enum(form, "verification", TransactionVerification)
    excluded = {"yes": True, "no": False}.get(str(form.value("excluded")))
    if form.value("excluded") and excluded is None:
        form.fail(_("Choose one of the options."), "excluded")
    year = _year(form, "year")
    indicator = str(form.value("indicator")) or None
    if indicator is not None and indicator not in INDICATOR_CODES:
        form.fail(_("Choose one of the options."), "indicator")
        indicator = None
    part = _enum(form, "part", DrillPart) or DrillPart.numerator
    filters = TransactionFilters(
        # The drill-down's period is the indicator's: its denominator may be another year.
        year=None if indicator else year,
        status=_enum(form, "status", TransactionStatus),
        category=_enum(form, "category", TransactionCategory),
        direction=_enum(form, "direction", TransactionDirection),
        verification=verification,
        excluded=excluded,
        subject=_subject(form),
    )
    page = params.get("page", "1")
    return RegisterQuery(
        filters=filters,
        form=form,
        indicator=indicator,
        part=part,
        drill_year=year or date.today().year,
        verified_only=form.value("verified_only") in ("1", "true", "on"),
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
    )


async def drill_conditions(session: AsyncSession, query: RegisterQuery) -> list[Any]:
    """The indicator's own expression for the figure's part and year: the rows listed are
    exactly the rows the figure sums."""
    if query.indicator is None or query.drill_year is None:
        return []
    return await IndicatorService(session).drill_conditions(
        query.indicator,
        query.part,
        Period(query.drill_year, query.drill_year),
        verified_only=query.verified_only,
    )


async def party_names(session: AsyncSession, rows: Sequence[TransactionRead]) -> dict[int, str]:
    ids = {row.supplier_id for row in rows} | {row.recipient_id for row in rows}
    return await OrganizationRepository(session).names(ids)


def indicator_title(code: str | None) -> str:
    for definition in INDICATORS:
        if definition.code == code:
            return definition.name_vi if current_locale() == "vi" else definition.name_en
    return ""


def _choices() -> dict[str, Any]:
    return {
        "statuses": list(TransactionStatus),
        "categories": list(TransactionCategory),
        "directions": list(TransactionDirection),
        "verifications": list(TransactionVerification),
        "formats": list(ExportFormat),
    }


@router.get("/department/transactions", name="department_register")
async def register_page(
    request: Request, officer: StaffPageUser, session: SessionDep
) -> HTMLResponse:
    query = read_query(request.query_params)
    conditions: list[ColumnElement[bool]] = await drill_conditions(session, query)
    page = PageParams(page=query.page, per_page=PER_PAGE)
    rows, total = await TransactionRepository(session).list_visible(
        officer, page, query.filters, *conditions
    )
    items = present_all(rows, officer, date.today())
    return render(
        request,
        "department/register.html",
        {
            "query": query,
            "indicator_title": indicator_title(query.indicator),
            "form": query.form,
            "items": items,
            "names": await party_names(session, items),
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            **_choices(),
        },
        status_code=400 if query.form.errors else 200,
    )


@router.get("/department/transactions/export", name="department_register_export")
async def register_export(
    request: Request, officer: StaffPageUser, session: SessionDep
) -> Response:
    """The listed transactions (every page), with the parties' names."""
    query = read_query(request.query_params)
    conditions = await drill_conditions(session, query)
    table = await transaction_table(session, officer, query.filters, *conditions)
    chosen = str(query.form.value("format"))
    fmt = ExportFormat(chosen) if chosen in {f.value for f in ExportFormat} else ExportFormat.xlsx
    year = query.drill_year if query.form.value("year") else "tat-ca"
    return file_response([table], fmt, f"giao-dich-khcn-{year}")


@router.get("/department/transactions/overdue", name="department_overdue")
async def overdue_page(
    request: Request, officer: StaffPageUser, session: SessionDep, page: int = 1
) -> HTMLResponse:
    today = date.today()
    params = PageParams(page=max(page, 1), per_page=PER_PAGE)
    rows, total = await TransactionRepository(session).overdue_registrations(today, params)
    items = present_all(rows, officer, today)
    return render(
        request,
        "department/overdue.html",
        {
            "items": items,
            "names": await party_names(session, items),
            "total": total,
            "page": params,
            "pages": max(1, -(-total // PER_PAGE)),
            "today": today,
        },
    )


# --- one entry: verification, exclusion, audit trail -----------------------------------------


async def _entry_page(
    request: Request,
    session: SessionDep,
    officer: User,
    transaction: Transaction,
    form: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    item = present(transaction, officer, date.today())
    history = await TransactionService(session).history(transaction.id, officer)
    names = await party_names(session, [item])
    if transaction.intermediary_id:
        names |= await OrganizationRepository(session).names({transaction.intermediary_id})
    return render(
        request,
        "department/transaction.html",
        {
            "item": item,
            "names": names,
            "history": history,
            "actors": await actor_names(session, [event.actor_id for event in history]),
            "action_words": action_words(),
            "local_time": local_time,
            "form": form or FormState(),
            "done": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


@router.get("/department/transactions/{transaction_id}", name="department_transaction")
async def transaction_page(
    request: Request, transaction_id: int, officer: StaffPageUser, session: SessionDep
) -> HTMLResponse:
    transaction = await TransactionService(session).get_visible(transaction_id, officer)
    return await _entry_page(request, session, officer, transaction)


@router.post("/department/transactions/{transaction_id}/verification")
async def verify(
    request: Request, transaction_id: int, officer: StaffPageUser, session: SessionDep
) -> Response:
    form = await read_form(request)
    verified = form.value("verified") != "0"
    await TransactionService(session).set_verification(transaction_id, verified, officer)
    done = "verified" if verified else "unverified"
    return RedirectResponse(
        f"/department/transactions/{transaction_id}?done={done}", status_code=303
    )


@router.post("/department/transactions/{transaction_id}/exclusion")
async def exclude(
    request: Request, transaction_id: int, officer: StaffPageUser, session: SessionDep
) -> Response:
    service = TransactionService(session)
    transaction = await service.get_visible(transaction_id, officer)
    form = await read_form(request)
    excluded = form.value("excluded") != "0"
    reason = str(form.value("reason")).strip()
    body = None
    if excluded and not reason:
        form.fail(_("Say why the transaction is left out of the statistics."), "reason")
    else:
        body = validate(ExclusionBody, {"excluded": excluded, "reason": reason or None}, form)
    if body is None:
        if "reason" not in form.errors and form.errors:
            form.fail(form.errors.pop(next(iter(form.errors))), "reason")
        return await _entry_page(request, session, officer, transaction, form, 400)
    try:
        await service.set_exclusion(transaction_id, body, officer)
    except AppError as exc:
        await undo(request, session)
        form.fail(exc.detail, "reason")
        return await _entry_page(request, session, officer, transaction, form, 400)
    done = "excluded" if excluded else "included"
    return RedirectResponse(
        f"/department/transactions/{transaction_id}?done={done}", status_code=303
    )
