"""Official exports: the indicators, the transaction list and the ministry's statistics form,
as XLSX or CSV. Each export shows exactly what its viewer may see through the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.auth.dependencies import CurrentUser, StaffUser
from app.core.db import SessionDep
from app.indicator.endpoints import PeriodDep, PublicViewDep
from app.models.vocabulary import TransactionStatus
from app.report.exports import (
    ExportFormat,
    file_response,
    indicator_tables,
    indicators_file_name,
    transaction_table,
)
from app.report.ministry import MinistryReport
from app.transaction.repository import TransactionFilters

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/indicators", summary="The indicators with targets and gaps, as XLSX or CSV")
async def export_indicators(
    session: SessionDep,
    public: PublicViewDep,
    period: PeriodDep,
    format: ExportFormat = ExportFormat.xlsx,
    verified_only: bool = False,
) -> Response:
    tables = await indicator_tables(session, period, verified_only=verified_only, public=public)
    return file_response(tables, format, indicators_file_name(period))


@router.get("/transactions", summary="The transaction list as XLSX or CSV (what you may see)")
async def export_transactions(
    session: SessionDep,
    viewer: CurrentUser,
    format: ExportFormat = ExportFormat.xlsx,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    status: TransactionStatus | None = None,
) -> Response:
    table = await transaction_table(session, viewer, TransactionFilters(year=year, status=status))
    return file_response([table], format, f"giao-dich-khcn-{year or 'tat-ca'}")


@router.get(
    "/technology-transfer",
    summary="The ministry's technology-transfer statistics for a year (department)",
)
async def export_ministry_report(
    session: SessionDep,
    officer: StaffUser,
    year: Annotated[int, Query(ge=1990, le=2100)],
    format: ExportFormat = ExportFormat.xlsx,
) -> Response:
    tables = await MinistryReport(session).tables(year)
    return file_response(tables, format, f"thong-ke-chuyen-giao-cong-nghe-{year}")
