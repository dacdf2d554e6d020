"""The `q` filter of GET /offers and /demands: part of a title, typed with or without accents."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_organization
from tests.listing.factories import make_demand, make_offer


async def titles(client: httpx.AsyncClient, path: str, q: str) -> list[str]:
    response = await client.get(f"/api/v1/{path}", params={"q": q})
    assert response.status_code == 200, response.text
    return sorted(item["title"] for item in response.json()["items"])


@pytest.mark.parametrize(
    "q", ["xử lý nước", "xu ly nuoc", "XỬ LÍ NƯỚC", "Xu Li Nuoc", "  xử   lý nước  "]
)
async def test_any_spelling_of_the_words_finds_the_offer(
    client: httpx.AsyncClient, session: AsyncSession, q: str
) -> None:
    organization = await make_organization(session)
    await make_offer(session, organization, title="Hệ thống xử lý nước thải làng nghề giấy")
    await make_offer(session, organization, title="Robot hàn hồ quang")
    await session.commit()
    assert await titles(client, "offers", q) == ["Hệ thống xử lý nước thải làng nghề giấy"]


async def test_an_offers_english_title_is_searched_too(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    await make_offer(
        session, organization, title="Robot hàn hồ quang", title_en="Arc welding robot"
    )
    await session.commit()
    assert await titles(client, "offers", "welding") == ["Robot hàn hồ quang"]


async def test_demands_are_filtered_the_same_way(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    await make_demand(session, organization, title="Cần công nghệ sấy vải thiều")
    await make_demand(session, organization, title="Cần robot hàn")
    await session.commit()
    assert await titles(client, "demands", "say vai thieu") == ["Cần công nghệ sấy vải thiều"]


async def test_wildcards_are_plain_characters(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    await make_offer(session, organization, title="Giảm 30% điện năng lò sấy")
    await make_offer(session, organization, title="Máy nén khí")
    await session.commit()
    assert await titles(client, "offers", "30%") == ["Giảm 30% điện năng lò sấy"]
    assert await titles(client, "offers", "_") == []
    # Only words count: punctuation alone filters nothing out.
    assert len(await titles(client, "offers", "%")) == 2


async def test_an_edited_title_is_found_by_its_new_words(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, title="Máy nén khí")
    await session.commit()
    offer.title = "Máy sấy nông sản"
    await session.commit()
    assert await titles(client, "offers", "may say") == ["Máy sấy nông sản"]
    assert await titles(client, "offers", "nen khi") == []
