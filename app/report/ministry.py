"""The technology-transfer statistics report, shaped like the ministry's form: number and
value of technology contracts by recipient ownership, form, partner, method, S&T field and
supplier country."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Transaction as T
from app.models.vocabulary import (
    OrganizationType,
    Ownership,
    TransactionDirection,
    TransferForm,
    TransferMethod,
)
from app.reference.countries import country_name
from app.reference.fields import load_fields
from app.reference.labels import label
from app.report.tables import Column, Table
from app.transaction.classification import KNOWLEDGE_SUPPLIER_TYPES, in_statistics, is_technology

COLUMNS = [Column("Chỉ tiêu"), Column("Số hợp đồng", "int"), Column("Giá trị (đồng)", "vnd")]


def _ownership_group() -> ColumnElement[Any]:
    return case(
        (T.recipient_type != OrganizationType.enterprise, "other"),
        (T.recipient_ownership == Ownership.state, "state"),
        (T.recipient_ownership == Ownership.fdi, "fdi"),
        else_="non_state",
    )


def _partner_group() -> ColumnElement[Any]:
    enterprise_recipient = T.recipient_type == OrganizationType.enterprise
    return case(
        (T.direction == TransactionDirection.inbound, "inbound"),
        (T.direction == TransactionDirection.outbound, "outbound"),
        (and_(T.supplier_type == OrganizationType.enterprise, enterprise_recipient), "enterprises"),
        (and_(T.supplier_type.in_(KNOWLEDGE_SUPPLIER_TYPES), enterprise_recipient), "institutes"),
        else_="other",
    )


_OWNERSHIP_LABELS = {
    "state": "Bên nhận là doanh nghiệp nhà nước",
    "non_state": "Bên nhận là doanh nghiệp ngoài nhà nước",
    "fdi": "Bên nhận là doanh nghiệp có vốn đầu tư nước ngoài",
    "other": "Bên nhận khác (viện, trường, tổ chức, cá nhân...)",
}
_PARTNER_LABELS = {
    "inbound": "Chuyển giao từ nước ngoài vào Việt Nam",
    "outbound": "Chuyển giao từ Việt Nam ra nước ngoài",
    "enterprises": "Giữa các doanh nghiệp trong nước",
    "institutes": "Từ viện nghiên cứu, trường đại học, tổ chức KH&CN cho doanh nghiệp",
    "other": "Khác",
}


class MinistryReport:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def tables(self, year: int) -> list[Table]:
        scope = and_(in_statistics(verified_only=False), is_technology(), T.signed_year == year)
        total = await self._total(scope)
        by_ownership = await self._grouped(scope, _ownership_group())
        by_form = await self._grouped(scope, T.transfer_form.expression)
        by_partner = await self._grouped(scope, _partner_group())
        by_field = await self._grouped(scope, func.substr(T.field_code, 1, 1))
        by_country = await self._grouped(scope, T.supplier_country.expression)
        fields = load_fields()
        return [
            Table(
                f"Tổng số hợp đồng chuyển giao công nghệ năm {year}", COLUMNS, [["Tổng", *total]]
            ),
            Table(
                "Theo loại hình bên nhận",
                COLUMNS,
                _rows(by_ownership, lambda k: _OWNERSHIP_LABELS[k], order=list(_OWNERSHIP_LABELS)),
            ),
            Table(
                "Theo hình thức chuyển giao (Điều 5)",
                COLUMNS,
                _rows(by_form, lambda k: label(TransferForm(k)) if k else "Chưa khai báo"),
            ),
            Table(
                "Theo đối tác",
                COLUMNS,
                _rows(by_partner, lambda k: _PARTNER_LABELS[k], order=list(_PARTNER_LABELS)),
            ),
            Table("Theo phương thức chuyển giao (Điều 6)", COLUMNS, await self._by_method(scope)),
            Table(
                "Theo lĩnh vực KH&CN",
                COLUMNS,
                _rows(by_field, lambda k: fields[k].name if k in fields else "Chưa khai báo"),
            ),
            Table("Theo quốc gia bên giao", COLUMNS, _rows(by_country, country_name)),
        ]

    async def _total(self, scope: ColumnElement[bool]) -> tuple[int, int]:
        number, value = (
            await self.session.execute(
                select(func.count(), func.coalesce(func.sum(T.value_vnd), 0)).where(scope)
            )
        ).one()
        return int(number), int(value)

    async def _grouped(
        self, scope: ColumnElement[bool], key: ColumnElement[Any]
    ) -> dict[Any, tuple[int, int]]:
        rows = await self.session.execute(
            select(key.label("k"), func.count(), func.coalesce(func.sum(T.value_vnd), 0))
            .where(scope)
            .group_by(key)
        )
        return {k: (int(n), int(v)) for k, n, v in rows.all()}

    async def _by_method(self, scope: ColumnElement[bool]) -> list[list[Any]]:
        """A contract may use several methods; it is counted under each."""
        methods_text = cast(T.transfer_methods, String)
        columns: list[ColumnElement[Any]] = []
        for method in TransferMethod:
            uses = methods_text.like(f'%"{method.value}"%')
            columns.append(func.count(case((uses, 1))))
            columns.append(func.coalesce(func.sum(case((uses, T.value_vnd), else_=0)), 0))
        row = (await self.session.execute(select(*columns).where(scope))).one()
        return [
            [label(method), int(row[2 * i]), int(row[2 * i + 1])]
            for i, method in enumerate(TransferMethod)
        ]


def _rows(
    grouped: dict[Any, tuple[int, int]],
    name: Any,
    order: list[str] | None = None,
) -> list[list[Any]]:
    keys = order if order is not None else sorted(grouped, key=lambda k: str(k or ""))
    return [[name(k), *grouped.get(k, (0, 0))] for k in keys]
