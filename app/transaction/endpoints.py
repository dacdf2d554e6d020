from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Header, Query, Response, UploadFile, status

from app.auth.dependencies import CurrentUser, StaffUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.disclosure import DisclosureRule
from app.core.pagination import Page, PageDep
from app.core.storage import get_storage
from app.core.validation import Id
from app.models.vocabulary import (
    TransactionCategory,
    TransactionDirection,
    TransactionDocumentKind,
    TransactionStatus,
    TransactionVerification,
)
from app.transaction.documents import DocumentService
from app.transaction.repository import TransactionFilters, TransactionRepository
from app.transaction.schemas import (
    DocumentRead,
    ExclusionBody,
    PriceBenchmark,
    TransactionCreate,
    TransactionEventRead,
    TransactionRead,
    TransactionUpdate,
    VerificationBody,
)
from app.transaction.service import TransactionService, present, present_all

router = APIRouter(prefix="/transactions", tags=["transactions"])

Year = Annotated[int, Query(ge=1990, le=2100)]


@router.post(
    "",
    response_model=TransactionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a transaction; a retry with the same Idempotency-Key returns the original",
)
async def create_transaction(
    body: TransactionCreate,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> TransactionRead:
    transaction, status_code, replayed = await TransactionService(session).create_idempotent(
        body, user, idempotency_key
    )
    response.status_code = status_code
    if replayed:
        response.headers["Idempotency-Replayed"] = "true"
    return present(transaction, user, date.today())


@router.get(
    "",
    response_model=Page[TransactionRead],
    summary="The register: parties see their own transactions, the department sees all",
)
async def list_transactions(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    year: Year | None = None,
    status: TransactionStatus | None = None,
    category: TransactionCategory | None = None,
    direction: TransactionDirection | None = None,
    organization_id: Id | None = None,
    verification: TransactionVerification | None = None,
    excluded: bool | None = None,
    subject: Annotated[
        str | None, Query(max_length=200, description="Words of the subject, case aside")
    ] = None,
) -> Page[TransactionRead]:
    filters = TransactionFilters(
        year=year,
        status=status,
        category=category,
        direction=direction,
        organization_id=organization_id,
        verification=verification,
        excluded=excluded,
        subject=subject,
    )
    rows, total = await TransactionRepository(session).list_visible(user, page, filters)
    return Page.of(present_all(rows, user, date.today()), total, page)


@router.get(
    "/registrations/overdue",
    response_model=Page[TransactionRead],
    summary="Contracts past the 90-day Art. 31 registration deadline (department)",
)
async def overdue_registrations(
    officer: StaffUser, session: SessionDep, page: PageDep
) -> Page[TransactionRead]:
    today = date.today()
    rows, total = await TransactionRepository(session).overdue_registrations(today, page)
    return Page.of(present_all(rows, officer, today), total, page)


@router.get(
    "/benchmarks",
    response_model=list[PriceBenchmark],
    summary="Price ranges by S&T field and category; only where at least 5 distinct parties "
    "stand behind and none holds most of the value",
)
async def price_benchmarks(
    session: SessionDep,
    settings: SettingsDep,
    from_year: Annotated[int, Query(alias="from", ge=1990, le=2100)] = 2021,
    to_year: Annotated[int, Query(alias="to", ge=1990, le=2100)] = 2100,
) -> list[PriceBenchmark]:
    rule = DisclosureRule(settings.disclosure.benchmark_min_parties, settings.disclosure.dominance)
    return await TransactionService(session).price_benchmarks(from_year, to_year, rule)


@router.get("/{transaction_id}", response_model=TransactionRead, summary="One transaction")
async def read_transaction(
    transaction_id: Id, user: CurrentUser, session: SessionDep
) -> TransactionRead:
    transaction = await TransactionService(session).get_visible(transaction_id, user)
    return present(transaction, user, date.today())


@router.patch(
    "/{transaction_id}",
    response_model=TransactionRead,
    summary="Correct a transaction or move its status (parties until verified; department)",
)
async def update_transaction(
    transaction_id: Id, body: TransactionUpdate, user: CurrentUser, session: SessionDep
) -> TransactionRead:
    transaction = await TransactionService(session).update(transaction_id, body, user)
    return present(transaction, user, date.today())


@router.get(
    "/{transaction_id}/history",
    response_model=list[TransactionEventRead],
    summary="The audit trail: who recorded, corrected, confirmed, verified or excluded it",
)
async def transaction_history(
    transaction_id: int, user: CurrentUser, session: SessionDep
) -> list[TransactionEventRead]:
    return await TransactionService(session).history(transaction_id, user)


@router.post(
    "/{transaction_id}/verification",
    response_model=TransactionRead,
    summary="Mark a transaction verified by the department (or back to self-reported)",
)
async def verify_transaction(
    transaction_id: Id, body: VerificationBody, officer: StaffUser, session: SessionDep
) -> TransactionRead:
    transaction = await TransactionService(session).set_verification(
        transaction_id, body.verified, officer
    )
    return present(transaction, officer, date.today())


@router.post(
    "/{transaction_id}/exclusion",
    response_model=TransactionRead,
    summary="Leave a transaction out of the statistics, with a reason (department)",
)
async def exclude_transaction(
    transaction_id: Id, body: ExclusionBody, officer: StaffUser, session: SessionDep
) -> TransactionRead:
    transaction = await TransactionService(session).set_exclusion(transaction_id, body, officer)
    return present(transaction, officer, date.today())


def _documents(session: SessionDep, settings: SettingsDep) -> DocumentService:
    return DocumentService(session, get_storage(settings))


@router.get(
    "/{transaction_id}/documents",
    response_model=list[DocumentRead],
    summary="Documents of a transaction (its parties and the department)",
)
async def list_documents(
    transaction_id: Id, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> list[DocumentRead]:
    documents = await _documents(session, settings).list(transaction_id, user)
    return [DocumentRead.model_validate(d) for d in documents]


@router.post(
    "/{transaction_id}/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Attach a document (PDF, image, DOCX, XLSX; up to 10 MB)",
)
async def add_document(
    transaction_id: Id,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    kind: Annotated[TransactionDocumentKind, Form()],
    title: Annotated[str, Form(max_length=300)],
    number: Annotated[str | None, Form(max_length=100)] = None,
    issued_on: Annotated[date | None, Form()] = None,
) -> DocumentRead:
    document = await _documents(session, settings).add(
        transaction_id,
        user,
        upload=file,
        kind=kind,
        title=title,
        number=number,
        issued_on=issued_on,
    )
    return DocumentRead.model_validate(document)


@router.get(
    "/{transaction_id}/documents/{document_id}",
    response_class=Response,
    summary="Download a document",
)
async def download_document(
    transaction_id: Id,
    document_id: Id,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    document, content = await _documents(session, settings).get(transaction_id, document_id, user)
    return Response(
        content=content,
        media_type=document.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(document.filename)}",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
