"""The attacker: every public value figure of a generated register, then every linear attack.

The attacker knows which contracts stand behind each figure (the method card says which
predicate each indicator sums; here the test reads it with the app's own predicates, as an
attacker knowing the register's structure would) and nothing of their values. Each published
sum is an equation over the unknown values; each published share (num/den) another; a
contract's value is recovered exactly when its unit vector lies in the span of the equations.
That covers ratio × denominator, subtraction (year − quarters, total − groups) and differencing
(one year or one breakdown against another). The test also tries the three by name, so that a
failure says which one worked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import numpy as np
from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.indicator.dimensions import dimension
from app.indicator.method import INDICATORS, ratios
from app.indicator.period import Period
from app.indicator.schemas import Breakdown
from app.models import Organization
from app.models import Transaction as T
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    Ownership,
    PlatformRole,
    TransactionCategory,
    TransactionStatus,
    TransactionVerification,
)
from app.transaction.classification import in_statistics
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import make_transaction

YEARS = (2023, 2024, 2025)
COMMUNES = ("27127", "27130", "27133")
FIELDS = ("101", "201", "202", "301", "401", "501")
STATUSES = (TransactionStatus.signed, TransactionStatus.registered, TransactionStatus.completed)


async def generate_register(session: AsyncSession, seed: int = 149) -> int:
    """About 55 counted contracts a year among 30 parties, with thin cells on purpose."""
    rng = random.Random(seed)
    parties: list[Organization] = []
    for index in range(30):
        kind = rng.choice(
            [
                OrganizationType.enterprise,
                OrganizationType.enterprise,
                OrganizationType.research_institute,
                OrganizationType.university,
                OrganizationType.individual,
            ]
        )
        parties.append(
            await make_organization(
                session,
                type=kind,
                country=rng.choice(["VN", "VN", "VN", "JP", "CN", "KR"]) if index % 3 else "VN",
                ownership=rng.choice(list(Ownership)),
                commune_code=rng.choice(COMMUNES),
            )
        )
    count = 0
    for year in YEARS:
        for _ in range(55):
            supplier, recipient = rng.sample(parties, 2)
            if supplier.country != "VN" and recipient.country != "VN":
                recipient = rng.choice([p for p in parties if p.country == "VN"])
            category = rng.choice(list(TransactionCategory))
            ip_type = rng.choice(list(IPType)) if category.name.startswith("ip_") else None
            await make_transaction(
                session,
                supplier,
                recipient,
                category=category,
                ip_type=ip_type,
                millions=rng.randint(20, 2_000),
                signed_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                status=rng.choice(STATUSES),
                verified=rng.random() < 0.6,
                field_code=rng.choice(FIELDS),
            )
            count += 1
    return count


KINDS = {d.code: d.kind for d in INDICATORS}


async def active_countries(client: httpx.AsyncClient) -> list[str]:
    plans = (await client.get("/api/v1/plans")).json()
    countries: list[str] = next(p for p in plans if p["is_active"])["developed_countries"]
    return countries


@dataclass
class Knowledge:
    """What the attacker gathered: equations over the contracts' values."""

    ids: list[int]
    rows: list[np.ndarray] = field(default_factory=list)
    sums: list[tuple[frozenset[int], int]] = field(default_factory=list)
    figures: int = 0

    def add_sum(self, members: frozenset[int], value: int | None) -> None:
        if value is None or not members:
            return
        self.figures += 1
        self.sums.append((members, value))
        self.rows.append(self._vector(members))

    def add_ratio(self, top: frozenset[int], bottom: frozenset[int], ratio: float | None) -> None:
        if ratio is None or not bottom:
            return
        self.figures += 1
        self.rows.append(self._vector(top) - ratio * self._vector(bottom))

    def _vector(self, members: frozenset[int]) -> np.ndarray:
        vector = np.zeros(len(self.ids))
        for index, transaction_id in enumerate(self.ids):
            if transaction_id in members:
                vector[index] = 1.0
        return vector

    def recovered_by_span(self) -> set[int]:
        matrix = np.array(self.rows)
        _, singular, basis = np.linalg.svd(matrix, full_matrices=False)
        rank = int((singular > singular[0] * 1e-9).sum())
        norms = (basis[:rank] ** 2).sum(axis=0)
        return {self.ids[i] for i in np.nonzero(norms > 1 - 1e-6)[0]}


@dataclass(frozen=True)
class Known:
    """What the attacker knows of a contract besides its value."""

    id: int
    year: int
    quarter: int
    verified: bool
    parts: frozenset[str]  # "ip_share.numerator", ...
    groups: dict[Breakdown, Any]


async def structure(session: AsyncSession, countries: list[str]) -> list[Known]:
    """Each counted contract's period, verification, indicator parts and breakdown groups,
    read with the app's own predicates in one query."""
    parts = {
        f"{code}.{side}": getattr(ratio, side)
        for code, ratio in ratios(countries).items()
        for side in ("numerator", "denominator")
    }
    columns = [case((p, 1), else_=0).label(name) for name, p in parts.items()]
    groups = [dimension(by).label(by.value) for by in Breakdown]
    query = select(T.id, T.signed_on, T.verification, *columns, *groups).where(
        in_statistics(verified_only=False)
    )
    return [
        Known(
            id=row.id,
            year=row.signed_on.year,
            quarter=(row.signed_on.month - 1) // 3 + 1,
            verified=row.verification == TransactionVerification.verified,
            parts=frozenset(name for name in parts if row[name]),
            groups={by: row[by.value] for by in Breakdown},
        )
        for row in (await session.execute(query)).mappings()
    ]


def members_of(
    register: list[Known],
    period: Period,
    verified_only: bool,
    part: str,
    by: Breakdown | None = None,
    group: Any = None,
) -> frozenset[int]:
    return frozenset(
        k.id
        for k in register
        if k.year in period.years
        and (period.quarter is None or k.quarter == period.quarter)
        and (k.verified or not verified_only)
        and part in k.parts
        and (by is None or k.groups[by] == group)
    )


def add_indicator(
    knowledge: Knowledge,
    register: list[Known],
    period: Period,
    verified_only: bool,
    item: dict[str, Any],
    by: Breakdown | None = None,
    group: Any = None,
) -> None:
    code = item["code"]
    top = members_of(register, period, verified_only, f"{code}.numerator", by, group)
    bottom = members_of(register, period, verified_only, f"{code}.denominator", by, group)
    knowledge.add_sum(top, item["numerator"])
    if KINDS[code] == "share":
        knowledge.add_sum(bottom, item["denominator"])
        knowledge.add_ratio(top, bottom, item["value"])


async def gather(
    client: httpx.AsyncClient,
    register: list[Known],
    knowledge: Knowledge,
    years: tuple[int, ...] = YEARS,
) -> None:
    periods = [Period(y, y, q) for y in years for q in (None, 1, 2, 3, 4)]
    if years == YEARS:
        periods += [Period(2023, 2024), Period(2023, 2025), Period(2024, 2025)]
    for period in periods:
        for verified_only in (False, True):
            params: dict[str, Any] = {"verified_only": verified_only}
            if period.is_single_year:
                params["year"] = period.first_year
                if period.quarter:
                    params["quarter"] = period.quarter
            else:
                params.update({"from": period.first_year, "to": period.last_year})
            report = await client.get("/api/v1/indicators", params=params)
            assert report.status_code == 200, report.text
            for item in report.json()["indicators"]:
                if KINDS[item["code"]] == "growth":
                    add_growth(knowledge, register, period, verified_only, item)
                else:
                    add_indicator(knowledge, register, period, verified_only, item)
            if not period.is_single_year:
                continue
            for by in Breakdown:
                response = await client.get(
                    "/api/v1/indicators/breakdown", params={**params, "by": by.value}
                )
                assert response.status_code == 200, response.text
                for group in response.json()["groups"]:
                    for item in group["indicators"]:
                        add_indicator(
                            knowledge, register, period, verified_only, item, by, group["key"]
                        )


def add_growth(
    knowledge: Knowledge,
    register: list[Known],
    period: Period,
    verified_only: bool,
    growth: dict[str, Any],
) -> None:
    total = "transaction_value.numerator"
    if period.is_single_year:
        now = members_of(register, period, verified_only, total)
        earlier = Period(period.first_year - 1, period.first_year - 1, period.quarter)
    else:
        now = members_of(register, Period(period.last_year, period.last_year), verified_only, total)
        earlier = Period(period.first_year, period.first_year)
    before = members_of(register, earlier, verified_only, total)
    knowledge.add_sum(now, growth["numerator"])
    knowledge.add_sum(before, growth["denominator"])
    if growth["value"] is not None and period.is_single_year:
        knowledge.add_ratio(now, before, 1 + growth["value"])


def single_contracts_by_name(knowledge: Knowledge) -> list[str]:
    """Subtraction and differencing tried explicitly: a published sum minus published sums
    of disjoint subsets of it, leaving one contract."""
    found = []
    sums = knowledge.sums
    for whole, total in sums:
        parts = [(m, v) for m, v in sums if m < whole]
        for members, value in parts:
            rest = whole - members
            if len(rest) == 1:
                found.append(f"{sorted(rest)} = {total} − {value}")
        # The whole minus a family of disjoint published parts (quarters, groups).
        covered: set[int] = set()
        subtracted = 0
        for members, value in sorted(parts, key=lambda mv: -len(mv[0])):
            if not covered & members:
                covered |= members
                subtracted += value
        if len(whole - covered) == 1 and covered:
            found.append(f"{sorted(whole - covered)} = {total} − Σ parts")
    return found


async def test_no_public_figure_gives_away_a_single_contract(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    contracts = await generate_register(session)
    register = await structure(session, await active_countries(client))
    knowledge = Knowledge(sorted(k.id for k in register))
    await gather(client, register, knowledge)

    # The register is not trivially hidden: the yearly totals and many figures are public.
    assert contracts == 165
    assert knowledge.figures > 300
    for year in YEARS:
        report = (await client.get("/api/v1/indicators", params={"year": year})).json()
        assert report["indicators"][0]["value"] is not None
    # Ratio × denominator: a share is published only with both of its parts, so its product
    # is the published numerator; every published numerator has three contracts or more.
    assert all(len(members) >= 3 for members, _ in knowledge.sums)
    # Subtraction and differencing by name, then every linear combination at once.
    assert single_contracts_by_name(knowledge) == []
    assert knowledge.recovered_by_span() == set()


async def test_the_attacker_would_win_without_the_complementary_suppression(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The attack works: the department's figures (all shown) give contracts away."""
    await generate_register(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    client.headers.update(await auth_headers(client, officer))
    register = await structure(session, await active_countries(client))
    knowledge = Knowledge(sorted(k.id for k in register))
    await gather(client, register, knowledge, years=(2025,))
    assert len(knowledge.recovered_by_span()) > 10
    assert single_contracts_by_name(knowledge)
