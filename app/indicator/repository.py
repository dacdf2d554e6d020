"""The aggregate queries behind the indicators: conditional sums and counts in the database,
never rows loaded into Python."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, case, extract, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import True_

from app.indicator.disclosure import Contribution
from app.indicator.method import Ratio
from app.models import Plan, PlanTarget
from app.models import Transaction as T
from app.models.vocabulary import TransactionVerification
from app.transaction.classification import in_statistics


@dataclass
class Totals:
    """Per named predicate: the sum of values and the number of transactions."""

    value: dict[str, int] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)

    def add(self, other: Totals) -> None:
        for name, amount in other.value.items():
            self.value[name] = self.value.get(name, 0) + amount
        for name, number in other.count.items():
            self.count[name] = self.count.get(name, 0) + number


def predicates(ratios: Mapping[str, Ratio]) -> dict[str, ColumnElement[bool]]:
    """Each distinct predicate once, named "<code>.numerator" / "<code>.denominator"."""
    named: dict[str, ColumnElement[bool]] = {}
    for code, ratio in ratios.items():
        named[f"{code}.numerator"] = ratio.numerator
        named[f"{code}.denominator"] = ratio.denominator
    return named


def distinct_predicates(
    named: Mapping[str, ColumnElement[bool]],
) -> tuple[dict[str, ColumnElement[bool]], dict[str, str]]:
    """Each predicate once, keyed by its SQL, and the SQL key of each name."""
    distinct: dict[str, ColumnElement[bool]] = {}
    column_of: dict[str, str] = {}
    for name, predicate in named.items():
        sql = str(predicate.compile(compile_kwargs={"literal_binds": True}))
        distinct.setdefault(sql, predicate)
        column_of[name] = sql
    return distinct, column_of


class IndicatorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def totals(
        self,
        named: Mapping[str, ColumnElement[bool]],
        period_condition: ColumnElement[bool],
        *,
        verified_only: bool,
        group_by: ColumnElement[Any] | None = None,
    ) -> dict[Any, Totals]:
        """One query: for each group, Σ value and count of the rows matching each predicate.

        Predicates shared by several indicators are computed once, and "every transaction"
        is a plain SUM/COUNT (no CASE), which keeps the query cheap on a million rows."""
        distinct, column_of = distinct_predicates(named)
        labels = {sql: f"p{index}" for index, sql in enumerate(distinct)}
        columns: list[ColumnElement[Any]] = []
        for sql, predicate in distinct.items():
            label = labels[sql]
            if isinstance(predicate, True_):
                columns.append(func.coalesce(func.sum(T.value_vnd), 0).label(f"v{label}"))
                columns.append(func.count().label(f"c{label}"))
                continue
            columns.append(
                func.coalesce(func.sum(case((predicate, T.value_vnd), else_=0)), 0).label(
                    f"v{label}"
                )
            )
            columns.append(func.count(case((predicate, 1))).label(f"c{label}"))
        key = group_by if group_by is not None else T.signed_year
        query = (
            select(key.label("k"), *columns)
            .where(in_statistics(verified_only=verified_only), period_condition)
            .group_by(key)
        )
        result: dict[Any, Totals] = {}
        for row in (await self.session.execute(query)).mappings():
            totals = Totals()
            for name in named:
                label = labels[column_of[name]]
                totals.value[name] = int(row[f"v{label}"])
                totals.count[name] = int(row[f"c{label}"])
            result[row["k"]] = totals
        return result

    async def fingerprints(self, years: Collection[int]) -> dict[int, tuple[Any, ...]]:
        """Per year, what changes whenever a contract of that year is added, edited or removed."""
        query = (
            select(
                T.signed_year,
                func.count(),
                func.sum(T.id),
                func.sum(T.value_vnd),
                func.max(T.updated_at),
            )
            .where(T.signed_year.in_(sorted(years)))
            .group_by(T.signed_year)
        )
        return {row[0]: tuple(row[1:]) for row in (await self.session.execute(query)).all()}

    async def contributions(
        self,
        predicates: Sequence[ColumnElement[bool]],
        years: Collection[int],
        dimensions: Sequence[ColumnElement[Any]] = (),
    ) -> list[Contribution]:
        """Σ value and count per year, month, verification, predicate memberships, breakdown
        groups and pair of parties: what the disclosure audit needs, aggregated in the database."""
        verified = T.verification == TransactionVerification.verified
        keys: list[ColumnElement[Any]] = [
            T.signed_year.label("year"),
            extract("month", T.signed_on).label("month"),
            case((verified, 1), else_=0).label("verified"),
            *(case((p, 1), else_=0).label(f"p{i}") for i, p in enumerate(predicates)),
            *(d.label(f"d{i}") for i, d in enumerate(dimensions)),
            T.supplier_id.label("supplier"),
            T.recipient_id.label("recipient"),
        ]
        query = (
            select(*keys, func.sum(T.value_vnd).label("value"), func.count().label("n"))
            .where(in_statistics(verified_only=False), T.signed_year.in_(sorted(years)))
            .group_by(*(literal_column(str(k.key)) for k in keys))
        )
        return [
            Contribution(
                year=row.year,
                month=int(row.month),
                verified=bool(row.verified),
                memberships=tuple(bool(row[f"p{i}"]) for i in range(len(predicates))),
                groups=tuple(row[f"d{i}"] for i in range(len(dimensions))),
                supplier_id=row.supplier,
                recipient_id=row.recipient,
                value=int(row.value),
                contracts=int(row.n),
            )
            for row in (await self.session.execute(query)).mappings()
        ]

    # Plans and their targets
    async def active_plan(self) -> Plan | None:
        return await self.session.scalar(
            select(Plan).where(Plan.is_active.is_(True)).order_by(Plan.id).limit(1)
        )

    async def get_plan(self, plan_id: int) -> Plan | None:
        return await self.session.get(Plan, plan_id)

    async def get_plan_by_code(self, code: str) -> Plan | None:
        return await self.session.scalar(select(Plan).where(Plan.code == code))

    async def list_plans(self) -> list[Plan]:
        return list(await self.session.scalars(select(Plan).order_by(Plan.id)))

    async def targets(self, plan_id: int) -> list[PlanTarget]:
        rows = await self.session.scalars(
            select(PlanTarget)
            .where(PlanTarget.plan_id == plan_id)
            .order_by(PlanTarget.indicator_code, PlanTarget.year)
        )
        return list(rows)

    async def get_target(self, plan_id: int, code: str, year: int) -> PlanTarget | None:
        return await self.session.scalar(
            select(PlanTarget).where(
                PlanTarget.plan_id == plan_id,
                PlanTarget.indicator_code == code,
                PlanTarget.year == year,
            )
        )

    async def deactivate_other_plans(self, plan_id: int) -> None:
        for plan in await self.list_plans():
            if plan.id != plan_id:
                plan.is_active = False
        await self.session.flush()
