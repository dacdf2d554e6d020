"""All queries on the register; what a caller may list is decided here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, delete, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import rowcount
from app.core.pagination import PageParams
from app.core.roles import is_staff
from app.models import IdempotencyKey, Transaction, User
from app.models.vocabulary import (
    TransactionCategory,
    TransactionDirection,
    TransactionStatus,
    TransactionVerification,
)
from app.transaction.classification import in_statistics, is_technology
from app.transaction.rules import OWES_REGISTRATION, REGISTRATION_DAYS

T = Transaction


@dataclass(frozen=True)
class TransactionFilters:
    year: int | None = None
    status: TransactionStatus | None = None
    category: TransactionCategory | None = None
    direction: TransactionDirection | None = None
    organization_id: int | None = None
    verification: TransactionVerification | None = None
    excluded: bool | None = None
    # Words of the subject, as written (case aside): the register has no folded copy of it.
    subject: str | None = None


def visible_to(viewer: User | None) -> ColumnElement[bool]:
    """The department sees the whole register; an organisation sees the transactions it is a
    party to or recorded as intermediary; anonymous callers see none."""
    if is_staff(viewer):
        return true()
    if viewer is None or viewer.organization_id is None:
        return false()
    own = viewer.organization_id
    return or_(T.supplier_id == own, T.recipient_id == own, T.intermediary_id == own)


def requires_registration_sql() -> ColumnElement[bool]:
    return and_(
        is_technology(),
        or_(T.direction != TransactionDirection.domestic, T.uses_state_funds.is_(True)),
    )


class TransactionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, transaction_id: int) -> Transaction | None:
        return await self.session.get(Transaction, transaction_id)

    async def add(self, transaction: Transaction) -> Transaction:
        self.session.add(transaction)
        await self.session.flush()
        return transaction

    async def list_visible(
        self,
        viewer: User | None,
        page: PageParams,
        filters: TransactionFilters | None = None,
        *conditions: ColumnElement[bool],
    ) -> tuple[Sequence[Transaction], int]:
        query = self._visible_query(viewer, filters or TransactionFilters(), *conditions)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(T.signed_on.desc(), T.id.desc()).offset(page.offset).limit(page.per_page)
        )
        return rows.all(), total or 0

    async def all_visible(
        self,
        viewer: User | None,
        filters: TransactionFilters | None = None,
        *conditions: ColumnElement[bool],
        limit: int = 100_000,
    ) -> Sequence[Transaction]:
        """For exports: every visible row (bounded)."""
        query = self._visible_query(viewer, filters or TransactionFilters(), *conditions)
        rows = await self.session.scalars(query.order_by(T.signed_on, T.id).limit(limit))
        return rows.all()

    def _visible_query(
        self,
        viewer: User | None,
        filters: TransactionFilters,
        *conditions: ColumnElement[bool],
    ) -> Select[Transaction]:
        query: Select[Transaction] = select(T).where(visible_to(viewer), *conditions)
        if filters.year is not None:
            query = query.where(T.signed_year == filters.year)
        if filters.status is not None:
            query = query.where(T.status == filters.status)
        if filters.category is not None:
            query = query.where(T.category == filters.category)
        if filters.direction is not None:
            query = query.where(T.direction == filters.direction)
        if filters.organization_id is not None:
            own = filters.organization_id
            query = query.where(or_(T.supplier_id == own, T.recipient_id == own))
        if filters.verification is not None:
            query = query.where(T.verification == filters.verification)
        if filters.excluded is not None:
            query = query.where(T.excluded_from_statistics.is_(filters.excluded))
        if filters.subject:
            words = filters.subject.strip().lower()
            query = query.where(func.lower(T.subject).contains(words, autoescape=True))
        return query

    async def overdue_registrations(
        self, today: date, page: PageParams
    ) -> tuple[Sequence[Transaction], int]:
        """Art. 31 registrations past their 90 days (for the department)."""
        query = select(T).where(
            requires_registration_sql(),
            T.status.in_(OWES_REGISTRATION),
            T.registration_certificate_no.is_(None),
            T.signed_on < today - timedelta(days=REGISTRATION_DAYS),
        )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(T.signed_on, T.id).offset(page.offset).limit(page.per_page)
        )
        return rows.all(), total or 0

    async def values_for_benchmarks(
        self, first_year: int, last_year: int
    ) -> Sequence[tuple[str, TransactionCategory, int, int, int]]:
        """(level-1 field, category, supplier, recipient, value) of every counted transaction
        with a field."""
        field = func.substr(T.field_code, 1, 1)
        rows = await self.session.execute(
            select(field, T.category, T.supplier_id, T.recipient_id, T.value_vnd).where(
                in_statistics(verified_only=False),
                T.field_code.is_not(None),
                T.signed_year.between(first_year, last_year),
            )
        )
        return [(f, c, s, r, v) for f, c, s, r, v in rows.all()]

    # Idempotency keys
    async def get_idempotency_key(
        self, user_id: int, scope: str, key: str
    ) -> IdempotencyKey | None:
        return await self.session.scalar(
            select(IdempotencyKey).where(
                IdempotencyKey.user_id == user_id,
                IdempotencyKey.scope == scope,
                IdempotencyKey.key == key,
            )
        )

    async def forget_idempotency_keys_before(self, before: datetime) -> int:
        """Keys older than `before`: no client retries a request that long after."""
        result = await self.session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.created_at < before)
        )
        return rowcount(result)
