"""Price benchmarks disclose no contract: five distinct parties at least behind each figure,
none holding most of its value."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import TransactionCategory, TransactionStatus
from tests.factories import make_organization
from tests.transaction.factories import make_transaction


async def test_only_groups_of_five_parties_or_more_are_shown(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    day = date(2024, 5, 5)
    for millions in (113, 234, 376, 441, 987):
        await make_transaction(
            session,
            await make_organization(session),
            await make_organization(session),
            millions=millions,
            field_code="201",
            signed_on=day,
        )
    for millions in (50, 60, 70, 80):  # only four services, two parties: withheld
        await make_transaction(
            session,
            seller,
            buyer,
            millions=millions,
            field_code="201",
            category=TransactionCategory.st_service,
            signed_on=day,
        )
    await make_transaction(  # cancelled: not counted, would make five services
        session,
        seller,
        buyer,
        field_code="2",
        category=TransactionCategory.st_service,
        status=TransactionStatus.cancelled,
        signed_on=day,
    )
    response = await client.get(
        "/api/v1/transactions/benchmarks", params={"from": 2024, "to": 2024}
    )
    assert response.status_code == 200
    rows = {(r["field_code"], r["category"]): r for r in response.json()}
    assert ("2", "st_service") not in rows
    row = rows[("2", "technology_transfer")]
    assert row["transactions"] == 5
    # Quartiles of 113, 234, 376, 441, 987 (millions), rounded to two significant figures
    # so that no figure is any one contract's price.
    assert row["lower_quartile_vnd"] == 230_000_000
    assert row["median_vnd"] == 380_000_000
    assert row["upper_quartile_vnd"] == 440_000_000


async def test_many_contracts_between_two_parties_publish_no_benchmark(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    for millions in (100, 200, 300, 400, 500, 600):
        await make_transaction(
            session, seller, buyer, millions=millions, field_code="3", signed_on=date(2024, 1, 9)
        )
    one_buyer = await make_organization(session)
    for millions in (100, 200, 300, 400, 500, 600):  # six sellers, one dominant buyer
        await make_transaction(
            session,
            await make_organization(session),
            one_buyer,
            millions=millions,
            field_code="4",
            signed_on=date(2024, 1, 9),
        )
    response = await client.get(
        "/api/v1/transactions/benchmarks", params={"from": 2024, "to": 2024}
    )
    assert response.status_code == 200
    assert response.json() == []
