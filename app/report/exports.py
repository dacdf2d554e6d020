"""The tables behind the official exports, built once for the API and the department's pages:
the indicators with their targets, the transaction list, and the file each is sent as.

Each export shows exactly what its viewer may see through the API: contract values through
the register's presenter, the statistics through the indicator service's disclosure view."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from fastapi import Response
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from app.indicator.disclosure import PublicView
from app.indicator.period import Period
from app.indicator.schemas import IndicatorReport
from app.indicator.service import IndicatorService
from app.models import User
from app.models.vocabulary import IndicatorMeasure
from app.organization.repository import OrganizationRepository
from app.reference.countries import country_name
from app.reference.labels import label
from app.report.tables import CellKind, Column, Table, to_csv, to_xlsx
from app.transaction.repository import TransactionFilters, TransactionRepository
from app.transaction.service import present_all

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


def file_response(tables: list[Table], fmt: ExportFormat, name: str) -> Response:
    if fmt is ExportFormat.xlsx:
        body, media_type = to_xlsx(tables), XLSX
    else:
        body, media_type = to_csv(tables), "text/csv; charset=utf-8"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


async def indicator_tables(
    session: AsyncSession, period: Period, *, verified_only: bool, public: PublicView | None
) -> list[Table]:
    """The indicators by value, then by count."""
    service = IndicatorService(session)
    tables = []
    for measure in (IndicatorMeasure.value, IndicatorMeasure.count):
        report = await service.report(period, measure, verified_only=verified_only, public=public)
        tables.append(indicator_table(report))
    return tables


def indicators_file_name(period: Period) -> str:
    return f"chi-tieu-thi-truong-khcn-{period.label().replace('/', '-')}"


# Under the count measure the value indicators count transactions: their rows say so.
_COUNT_NAMES = {
    "transaction_value": "Số giao dịch hàng hóa KH&CN",
    "transaction_value_growth": "Tốc độ tăng số giao dịch",
}


def indicator_table(report: IndicatorReport) -> Table:
    by_value = report.measure is IndicatorMeasure.value
    money: CellKind = "vnd" if by_value else "int"
    heading = "theo giá trị" if by_value else "theo số lượng"
    table = Table(
        f"Chỉ tiêu thị trường KH&CN kỳ {report.period} ({heading}, phương pháp "
        f"{report.method_version}"
        f"{', chỉ giao dịch đã xác minh' if report.verified_only else ''})",
        [
            Column("Mã"),
            Column("Chỉ tiêu"),
            Column("Tổng" if by_value else "Số giao dịch", money),
            Column("Tỷ lệ", "fraction"),
            Column("Tử số" if by_value else "Tử số (số giao dịch)", money),
            Column("Mẫu số" if by_value else "Mẫu số (số giao dịch)", money),
            Column("Tăng bình quân/năm từ năm gốc", "fraction"),
            Column("Năm gốc", "int"),
            Column("Mục tiêu", "fraction"),
            Column("Năm mục tiêu", "int"),
            Column("So với mục tiêu"),
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
                # beside the figure it was computed from, and the row names that figure.
                item.average_growth,
                item.base_year,
                item.target,
                item.target_year,
                _BASIS_WORDS.get(item.target_basis or "", ""),
                item.gap,
            ]
        )
    return table


_BASIS_WORDS = {"value": "Tỷ lệ", "average_growth": "Tăng bình quân/năm từ năm gốc"}


async def transaction_table(
    session: AsyncSession,
    viewer: User,
    filters: TransactionFilters | None = None,
    *conditions: ColumnElement[bool],
) -> Table:
    """Every transaction the viewer may see (and the filters select), with the parties' names:
    whoever may see a record knows its parties (the department, the parties, the broker)."""
    rows = await TransactionRepository(session).all_visible(viewer, filters, *conditions)
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
            Column("Loại khỏi thống kê"),
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
                _exclusion(item.excluded_from_statistics, item.exclusion_reason),
                item.registration_deadline,
                item.registration_certificate_no or "",
            ]
        )
    return table


def _exclusion(excluded: bool, reason: str | None) -> str:
    return f"Có: {reason}" if excluded and reason else ("Có" if excluded else "")
