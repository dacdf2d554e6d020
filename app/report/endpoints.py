"""Official exports: the indicators, the transaction list and the ministry's statistics form,
as XLSX or CSV. Each export shows exactly what its viewer may see through the API."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.auth.dependencies import CurrentUser, StaffUser
from app.core.db import SessionDep
from app.indicator.endpoints import PeriodDep, PublicViewDep
from app.indicator.schemas import IndicatorReport
from app.indicator.service import IndicatorService
from app.models.vocabulary import IndicatorMeasure, TransactionStatus
from app.organization.repository import OrganizationRepository
from app.reference.countries import country_name
from app.reference.labels import label
from app.report.ministry import MinistryReport
from app.report.tables import CellKind, Column, Table, to_csv, to_xlsx
from app.transaction.repository import TransactionFilters, TransactionRepository
from app.transaction.service import present_all

router = APIRouter(prefix="/reports", tags=["reports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


def _file(tables: list[Table], fmt: ExportFormat, name: str) -> Response:
    if fmt is ExportFormat.xlsx:
        body, media_type = to_xlsx(tables), XLSX
    else:
        body, media_type = to_csv(tables), "text/csv; charset=utf-8"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/indicators", summary="The indicators with targets and gaps, as XLSX or CSV")
async def export_indicators(
    session: SessionDep,
    public: PublicViewDep,
    period: PeriodDep,
    format: ExportFormat = ExportFormat.xlsx,
    verified_only: bool = False,
) -> Response:
    service = IndicatorService(session)
    by_value = await service.report(
        period, IndicatorMeasure.value, verified_only=verified_only, public=public
    )
    by_count = await service.report(
        period, IndicatorMeasure.count, verified_only=verified_only, public=public
    )
    tables = [_indicator_table(by_value), _indicator_table(by_count)]
    return _file(tables, format, f"chi-tieu-thi-truong-khcn-{period.label().replace('/', '-')}")


# Under the count measure the value indicators count transactions: their rows say so.
_COUNT_NAMES = {
    "transaction_value": "Số giao dịch hàng hóa KH&CN",
    "transaction_value_growth": "Tốc độ tăng số giao dịch",
}


def _indicator_table(report: IndicatorReport) -> Table:
    by_value = report.measure is IndicatorMeasure.value
    money: CellKind = "vnd" if by_value else "int"
    heading = "theo giá trị" if by_value else "theo số lượng"
    table = Table(
        f"Chỉ tiêu thị trường KH&CN kỳ {report.period} ({heading}, phương pháp "
        f"{report.method_version})",
        [
            Column("Mã"),
            Column("Chỉ tiêu"),
            Column("Tổng", money),
            Column("Tỷ lệ", "fraction"),
            Column("Tử số", money),
            Column("Mẫu số", money),
            Column("Tăng bình quân/năm từ năm gốc", "fraction"),
            Column("Năm gốc", "int"),
            Column("Mục tiêu", "fraction"),
            Column("Năm mục tiêu", "int"),
            Column("Chênh lệch so với mục tiêu", "fraction"),
        ],
    )
    for item in report.indicators:
        table.rows.append(
            [
                item.code,
                item.name if by_value else _COUNT_NAMES.get(item.code, item.name),
                item.value if item.unit != "fraction" else None,
                item.value if item.unit == "fraction" else None,
                item.numerator,
                item.denominator,
                # The growth target is compared with the average growth: the gap stands
                # beside the figure it was computed from.
                item.average_growth,
                item.base_year,
                item.target,
                item.target_year,
                item.gap,
            ]
        )
    return table


@router.get("/transactions", summary="The transaction list as XLSX or CSV (what you may see)")
async def export_transactions(
    session: SessionDep,
    viewer: CurrentUser,
    format: ExportFormat = ExportFormat.xlsx,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    status: TransactionStatus | None = None,
) -> Response:
    rows = await TransactionRepository(session).all_visible(
        viewer, TransactionFilters(year=year, status=status)
    )
    # Whoever may see a record knows its parties: the department, the parties, the broker.
    names = await OrganizationRepository(session).names(
        {row.supplier_id for row in rows} | {row.recipient_id for row in rows}
    )
    table = Table(
        "Danh sách giao dịch hàng hóa KH&CN",
        [
            Column("Số", "int"),
            Column("Nội dung"),
            Column("Ngày ký", "date"),
            Column("Bên giao"),
            Column("Loại hình, quốc gia bên giao"),
            Column("Bên nhận"),
            Column("Loại hình, quốc gia bên nhận"),
            Column("Loại giao dịch"),
            Column("Chiều"),
            Column("Trạng thái"),
            Column("Giá trị (đồng)", "vnd"),
            Column("Xác minh"),
            Column("Hạn đăng ký", "date"),
            Column("Số giấy chứng nhận đăng ký"),
        ],
    )
    for item in present_all(rows, viewer, date.today()):
        table.rows.append(
            [
                item.id,
                item.subject,
                item.signed_on,
                names.get(item.supplier_id, ""),
                f"{label(item.supplier_type)}, {country_name(item.supplier_country)}",
                names.get(item.recipient_id, ""),
                f"{label(item.recipient_type)}, {country_name(item.recipient_country)}",
                label(item.category),
                label(item.direction),
                label(item.status),
                item.value_vnd,
                label(item.verification),
                item.registration_deadline,
                item.registration_certificate_no or "",
            ]
        )
    return _file([table], format, f"giao-dich-khcn-{year or 'tat-ca'}")


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
    return _file(tables, format, f"thong-ke-chuyen-giao-cong-nghe-{year}")
