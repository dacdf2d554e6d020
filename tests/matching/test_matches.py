"""GET /demands/{id}/matches and /offers/{id}/matches through the app and its tantivy index;
strong matches notified when a listing is published."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.listing.search_documents import build_search_document
from app.models import Deal, Demand, Offer, Organization
from app.models.vocabulary import (
    ListingLanguage,
    ListingStatus,
    OrganizationType,
    PlatformRole,
    PriceMode,
)
from app.search.engines.base import SearchEngine
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer

SECRET_BUDGET = 4_321_000_000
SECRET_PRICE = 1_234_000_000


async def index(engine: SearchEngine, *listings: Offer | Demand) -> None:
    await engine.apply([build_search_document(listing) for listing in listings], [])


async def paper_world(session: AsyncSession) -> dict[str, Organization | Offer | Demand]:
    """A Vietnamese demand, an English offer that answers it, an unrelated offer, and an
    offer of the demand's own organisation."""
    buyer = await make_organization(session, name="Công ty Giấy Phong Khê")
    supplier = await make_organization(session, name="Aqua Engineering GmbH", country="DE")
    other = await make_organization(session, name="Công ty Robot Kinh Bắc")
    demand = await make_demand(
        session,
        buyer,
        title="Cần công nghệ xử lý nước thải giấy tái chế",
        problem="Nước thải nhà máy giấy tái chế có COD cao, cần xử lý đạt QCVN.",
        keywords=["xử lý nước thải", "giấy tái chế"],
        field_code="20701",
        min_trl=6,
        budget_max_vnd=SECRET_BUDGET,
        budget_confidential=True,
    )
    english = await make_offer(
        session,
        supplier,
        language=ListingLanguage.en,
        title="Wastewater treatment for recycled paper mills",
        description="Anaerobic and aerobic wastewater treatment for paper recycling plants.",
        keywords=["wastewater treatment", "paper recycling"],
        field_code="20701",
        trl=8,
        origin_country="DE",
        price_mode=PriceMode.fixed,
        price_min_vnd=SECRET_PRICE,
    )
    unrelated = await make_offer(
        session,
        other,
        title="Robot hàn hồ quang sáu trục",
        description="Cell robot hàn cho khung thép.",
        keywords=["robot hàn"],
        field_code="20202",
        trl=8,
    )
    own = await make_offer(
        session,
        buyer,
        title="Công nghệ xử lý nước thải giấy tái chế của chính chúng tôi",
        field_code="20701",
    )
    return {
        "buyer": buyer,
        "supplier": supplier,
        "demand": demand,
        "english": english,
        "unrelated": unrelated,
        "own": own,
    }


async def test_english_offer_answers_vietnamese_demand_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["english"], world["unrelated"], world["own"])  # type: ignore[arg-type]

    response = await client.get(f"/api/v1/demands/{world['demand'].id}/matches")

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    ids = [item["listing"]["id"] for item in items]
    assert ids[0] == world["english"].id
    assert world["own"].id not in ids  # never the organisation's own listings
    best = items[0]
    assert best["listing"]["type"] == "offer"
    assert 0 < best["score"] <= 1
    reasons = {reason["code"]: reason["text"] for reason in best["reasons"]}
    assert {"terms", "field", "trl"} <= reasons.keys()
    assert "xử lý nước thải" in reasons["terms"]
    assert "TRL 8" in reasons["trl"] and "TRL 6" in reasons["trl"]
    assert world["unrelated"].id not in ids  # a welding robot is no good match

    english = await client.get(f"/api/v1/demands/{world['demand'].id}/matches?lang=en")
    best_en = english.json()["items"][0]
    assert best_en["score"] == best["score"]
    texts = {reason["code"]: reason["text"] for reason in best_en["reasons"]}
    assert "wastewater treatment" in texts["terms"] and "20701" in texts["field"]
    # Only English: no Vietnamese word (nor its letters) in an English reason.
    assert all(text.isascii() for text in texts.values()), texts
    assert (
        await client.get(f"/api/v1/demands/{world['demand'].id}/matches?lang=fr")
    ).status_code == 422


async def test_offer_side_lists_demands(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["demand"])  # type: ignore[arg-type]

    response = await client.get(f"/api/v1/offers/{world['english'].id}/matches")

    items = response.json()["items"]
    assert [(item["listing"]["type"], item["listing"]["id"]) for item in items] == [
        ("demand", world["demand"].id)
    ]


async def test_confidential_budget_and_hidden_price_never_in_reasons(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["english"])  # type: ignore[arg-type]
    path = f"/api/v1/demands/{world['demand'].id}/matches"
    stranger = await make_user(session, organization=await make_organization(session))
    buyer = await make_user(session, organization=world["buyer"])  # type: ignore[arg-type]

    def codes(response: httpx.Response) -> set[str]:
        assert SECRET_BUDGET_TEXT not in response.text
        return {r["code"] for item in response.json()["items"] for r in item["reasons"]}

    # The budget is confidential: the public and other organisations learn nothing about it.
    assert "budget" not in codes(await client.get(path))
    assert "budget" not in codes(
        await client.get(path, headers=await auth_headers(client, stranger))
    )
    # The buyer knows its budget and the offer's public price: it may read "within budget".
    assert "budget" in codes(await client.get(path, headers=await auth_headers(client, buyer)))

    # Once the supplier hides its price, not even the buyer learns how it compares.
    offer = world["english"]
    assert isinstance(offer, Offer)
    offer.price_hidden = True
    await session.flush()
    buyer_view = await client.get(path, headers=await auth_headers(client, buyer))
    assert "budget" not in codes(buyer_view)
    assert str(SECRET_PRICE) not in buyer_view.text
    staff = await make_user(session, platform_role=PlatformRole.department)
    assert "budget" in codes(await client.get(path, headers=await auth_headers(client, staff)))


SECRET_BUDGET_TEXT = str(SECRET_BUDGET)


async def test_only_visible_listings_are_matched_or_matchable(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["english"])  # type: ignore[arg-type]
    offer = world["english"]
    assert isinstance(offer, Offer)
    offer.status = ListingStatus.withdrawn  # the index has not caught up yet
    await session.flush()
    response = await client.get(f"/api/v1/demands/{world['demand'].id}/matches")
    assert response.json()["items"] == []
    assert response.json()["message"].startswith("Chưa có kết quả phù hợp")

    draft = await make_demand(session, world["buyer"], status=ListingStatus.draft)  # type: ignore[arg-type]
    assert (await client.get(f"/api/v1/demands/{draft.id}/matches")).status_code == 404
    owner = await make_user(session, organization=world["buyer"])  # type: ignore[arg-type]
    own_view = await client.get(
        f"/api/v1/demands/{draft.id}/matches", headers=await auth_headers(client, owner)
    )
    assert own_view.status_code == 200
    assert (await client.get("/api/v1/offers/999999/matches")).status_code == 404
    bad = await client.get(f"/api/v1/demands/{world['demand'].id}/matches?limit=500")
    assert bad.status_code == 422


async def test_publishing_notifies_both_owners_of_strong_matches_only(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["english"], world["unrelated"])  # type: ignore[arg-type]
    demand = await make_demand(
        session,
        world["buyer"],  # type: ignore[arg-type]
        status=ListingStatus.draft,
        title="Cần công nghệ xử lý nước thải giấy tái chế công suất 500 m³",
        keywords=["xử lý nước thải", "giấy tái chế"],
        field_code="20701",
        min_trl=6,
    )
    # A broker already runs a deal on the English offer: it hears of the match too.
    broker_org = await make_organization(session, type=OrganizationType.intermediary)
    session.add(
        Deal(
            title="Môi giới công nghệ xử lý nước thải",
            offer_id=world["english"].id,
            supplier_id=world["supplier"].id,
            recipient_id=world["buyer"].id,
            broker_organization_id=broker_org.id,
        )
    )
    await session.flush()
    staff = await make_user(session, platform_role=PlatformRole.department)
    response = await client.post(
        f"/api/v1/demands/{demand.id}/publish", headers=await auth_headers(client, staff)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"

    def match_titles(response: httpx.Response) -> list[str]:
        return [n["title"] for n in response.json()["items"] if n["kind"] == "match_found"]

    supplier = await make_user(session, organization=world["supplier"])  # type: ignore[arg-type]
    supplier_inbox = match_titles(
        await client.get("/api/v1/notifications", headers=await auth_headers(client, supplier))
    )
    assert len(supplier_inbox) == 1 and demand.title in supplier_inbox[0]
    buyer = await make_user(session, organization=world["buyer"])  # type: ignore[arg-type]
    buyer_inbox = match_titles(
        await client.get("/api/v1/notifications", headers=await auth_headers(client, buyer))
    )
    assert len(buyer_inbox) == 1 and "Wastewater treatment" in buyer_inbox[0]
    robots = await make_user(session, organization=world["unrelated"].organization)  # type: ignore[union-attr]
    robot_inbox = await client.get(
        "/api/v1/notifications", headers=await auth_headers(client, robots)
    )
    assert match_titles(robot_inbox) == []
    broker = await make_user(session, organization=broker_org)
    broker_inbox = match_titles(
        await client.get("/api/v1/notifications", headers=await auth_headers(client, broker))
    )
    assert len(broker_inbox) == 1


async def test_one_score_per_pair_in_the_notification_the_list_and_for_every_viewer(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    await index(index_engine, world["english"], world["unrelated"])  # type: ignore[arg-type]
    demand = await make_demand(
        session,
        world["buyer"],  # type: ignore[arg-type]
        status=ListingStatus.draft,
        title="Cần công nghệ xử lý nước thải giấy tái chế công suất 500 m³",
        keywords=["xử lý nước thải", "giấy tái chế"],
        field_code="20701",
        min_trl=6,
        budget_max_vnd=SECRET_BUDGET,
    )
    staff = await make_user(session, platform_role=PlatformRole.department)
    published = await client.post(
        f"/api/v1/demands/{demand.id}/publish", headers=await auth_headers(client, staff)
    )
    assert published.status_code == 200, published.text
    buyer = await make_user(session, organization=world["buyer"])  # type: ignore[arg-type]
    headers = await auth_headers(client, buyer)
    inbox = (await client.get("/api/v1/notifications", headers=headers)).json()["items"]
    (notified,) = [n["title"] for n in inbox if n["kind"] == "match_found"]

    path = f"/api/v1/demands/{demand.id}/matches"
    scores = set()
    for viewer_headers in ({}, headers, await auth_headers(client, staff)):
        items = (await client.get(path, headers=viewer_headers)).json()["items"]
        scores.add(items[0]["score"])
    # Another offer published meanwhile changes nothing about this pair.
    other = await make_offer(
        session,
        world["unrelated"].organization,  # type: ignore[union-attr]
        title="Công nghệ xử lý nước thải giấy bằng tuyển nổi",
        keywords=["xử lý nước thải"],
        field_code="20701",
        trl=9,
    )
    await index(index_engine, other)
    items = (await client.get(path, headers=headers)).json()["items"]
    scores.add(next(i["score"] for i in items if i["listing"]["id"] == world["english"].id))
    (score,) = scores
    # Written the Vietnamese way ("98 %"), the notification's language.
    assert f"({round(score * 100)} %)" in notified


async def test_no_good_match_rather_than_unrelated_listings(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    mill = await make_offer(
        session,
        world["supplier"],  # type: ignore[arg-type]
        title="Cụm xay xát gạo 2 tấn/giờ",
        keywords=["máy xay xát", "gạo"],
        field_code="20701",
        trl=9,
    )
    await index(index_engine, world["english"], world["unrelated"], mill)  # type: ignore[arg-type]
    lonely = await make_demand(
        session,
        world["buyer"],  # type: ignore[arg-type]
        title="Cần thiết bị đo độ ẩm gỗ cầm tay",
        keywords=["đo độ ẩm", "gỗ"],
        field_code="20701",
    )
    body = (await client.get(f"/api/v1/demands/{lonely.id}/matches?lang=en")).json()
    assert body["items"] == []
    assert body["message"].startswith("No good match yet")


async def test_freshness_is_a_reason_only_when_the_listing_is_fresh(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    offer = world["english"]
    assert isinstance(offer, Offer)
    path = f"/api/v1/demands/{world['demand'].id}/matches?lang=en"
    for days, fresh in ((350, False), (10, True)):
        offer.published_at = utcnow() - timedelta(days=days)
        await session.flush()
        await index(index_engine, offer)
        reasons = (await client.get(path)).json()["items"][0]["reasons"]
        texts = [r["text"] for r in reasons if r["code"] == "fresh"]
        assert texts == ([f"Recently published ({days} days ago)"] if fresh else [])
