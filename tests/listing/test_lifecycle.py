"""Every transition of a listing's life cycle with its permissions, for offers and demands alike."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.listing.service import ACTIONS
from app.models import Demand, ListingTransition, Notification, Offer, SearchOutbox
from app.models.vocabulary import ListingStatus, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer

S = ListingStatus
TYPES = ("offer", "demand")
TARGET = {
    "submit": S.pending_review,
    "publish": S.published,
    "reject": S.rejected,
    "renew": S.published,
    "withdraw": S.withdrawn,
    "archive": S.archived,
}


async def _listing(session: AsyncSession, listing_type: str, organization, status: S):  # type: ignore[no-untyped-def]
    make = make_offer if listing_type == "offer" else make_demand
    return await make(session, organization, status=status)


async def _outbox_rows(session: AsyncSession, listing_type: str, listing_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(SearchOutbox)
        .where(SearchOutbox.entity_type == listing_type, SearchOutbox.entity_id == listing_id)
    )
    return count or 0


@pytest.mark.parametrize("listing_type", TYPES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("source", list(S))
async def test_department_may_do_each_action_from_exactly_its_source_states(
    client: httpx.AsyncClient,
    session: AsyncSession,
    listing_type: str,
    action: str,
    source: S,
) -> None:
    organization = await make_organization(session)
    listing = await _listing(session, listing_type, organization, source)
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.post(
        f"/api/v1/{listing_type}s/{listing.id}/{action}",
        json={"reason": "Thông tin chưa đủ rõ"},
        headers=await auth_headers(client, officer),
    )
    await session.refresh(listing)
    if source in ACTIONS[action].sources:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == TARGET[action]
        assert listing.status is TARGET[action]
        trail = (
            await session.scalars(
                select(ListingTransition).where(
                    ListingTransition.listing_type == listing_type,
                    ListingTransition.listing_id == listing.id,
                )
            )
        ).all()
        assert [(t.from_status, t.to_status, t.actor_id) for t in trail] == [
            (source, TARGET[action], officer.id)
        ]
    else:
        assert response.status_code == 409, response.text
        assert "possible from" in response.json()["detail"]
        assert listing.status is source


@pytest.mark.parametrize("listing_type", TYPES)
@pytest.mark.parametrize(
    ("action", "source"),
    [
        ("submit", S.draft),
        ("submit", S.rejected),
        ("renew", S.published),
        ("renew", S.expired),
        ("withdraw", S.published),
        ("archive", S.draft),
    ],
)
async def test_owner_members_submit_renew_withdraw_and_archive(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str, action: str, source: S
) -> None:
    organization = await make_organization(session)
    listing = await _listing(session, listing_type, organization, source)
    member = await make_user(session, organization=organization)
    response = await client.post(
        f"/api/v1/{listing_type}s/{listing.id}/{action}",
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == TARGET[action]


@pytest.mark.parametrize("listing_type", TYPES)
@pytest.mark.parametrize("action", ["publish", "reject"])
async def test_owner_cannot_publish_or_reject(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str, action: str
) -> None:
    organization = await make_organization(session)
    listing = await _listing(session, listing_type, organization, S.pending_review)
    owner = await make_user(session, organization=organization)
    response = await client.post(
        f"/api/v1/{listing_type}s/{listing.id}/{action}",
        json={"reason": "tự duyệt"},
        headers=await auth_headers(client, owner),
    )
    assert response.status_code == 403
    await session.refresh(listing)
    assert listing.status is S.pending_review


@pytest.mark.parametrize("listing_type", TYPES)
@pytest.mark.parametrize("action", list(ACTIONS))
async def test_outsiders_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str, action: str
) -> None:
    organization = await make_organization(session)
    published = await _listing(session, listing_type, organization, S.published)
    draft = await _listing(session, listing_type, organization, S.draft)
    outsider = await make_user(session, organization=await make_organization(session))
    headers = await auth_headers(client, outsider)
    url = f"/api/v1/{listing_type}s"
    # A published listing is visible, so changing it is forbidden; a draft does not exist
    # for outsiders; without an account nothing happens at all.
    on_published = await client.post(f"{url}/{published.id}/{action}", headers=headers)
    assert on_published.status_code == 403
    assert (await client.post(f"{url}/{draft.id}/{action}", headers=headers)).status_code == 404
    assert (await client.post(f"{url}/{published.id}/{action}")).status_code == 401
    for listing, status in ((published, S.published), (draft, S.draft)):
        await session.refresh(listing)
        assert listing.status is status


@pytest.mark.parametrize("listing_type", TYPES)
async def test_full_life_through_the_api_with_trail_outbox_and_notifications(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str
) -> None:
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    officer = await make_user(session, platform_role=PlatformRole.department)
    owner_h = await auth_headers(client, owner)
    officer_h = await auth_headers(client, officer)
    url = f"/api/v1/{listing_type}s"
    body = {"title": "Dây chuyền sấy vải thiều bằng bơm nhiệt", "field_code": "40101"}
    body["description"] = "Sấy vải thiều giữ màu và vitamin, tiết kiệm 40% năng lượng."
    created = await client.post(url, json=body, headers=owner_h)
    assert created.status_code == 201, created.text
    listing_id = created.json()["id"]
    assert created.json()["status"] == "draft"

    submitted = await client.post(f"{url}/{listing_id}/submit", headers=owner_h)
    assert submitted.json()["status"] == "pending_review"
    queue = await client.get("/api/v1/moderation/queue", headers=officer_h)
    assert (listing_type, listing_id) in [(i["type"], i["id"]) for i in queue.json()["items"]]
    assert (await client.get("/api/v1/moderation/queue", headers=owner_h)).status_code == 403

    rejected = await client.post(
        f"{url}/{listing_id}/reject",
        json={"reason": "Bổ sung số liệu thử nghiệm"},
        headers=officer_h,
    )
    assert rejected.json()["rejection_reason"] == "Bổ sung số liệu thử nghiệm"
    notes = (await client.get("/api/v1/notifications", headers=owner_h)).json()["items"]
    assert notes[0]["kind"] == "listing_rejected"
    assert "Bổ sung số liệu thử nghiệm" in notes[0]["body"]

    await client.post(f"{url}/{listing_id}/submit", headers=owner_h)
    before = utcnow()
    published = await client.post(f"{url}/{listing_id}/publish", headers=officer_h)
    assert published.json()["status"] == "published"
    expires = published.json()["expires_at"]
    assert expires[:4] == str((before + timedelta(days=365)).year)
    assert await _outbox_rows(session, listing_type, listing_id) == 1
    notes = (await client.get("/api/v1/notifications", headers=owner_h)).json()["items"]
    assert notes[0]["kind"] == "listing_published"

    # Everyone sees it now.
    assert (await client.get(f"{url}/{listing_id}")).status_code == 200
    withdrawn = await client.post(f"{url}/{listing_id}/withdraw", headers=owner_h)
    assert withdrawn.json()["status"] == "withdrawn"
    assert await _outbox_rows(session, listing_type, listing_id) == 2
    assert (await client.get(f"{url}/{listing_id}")).status_code == 404
    archived = await client.post(f"{url}/{listing_id}/archive", headers=owner_h)
    assert archived.json()["status"] == "archived"

    trail = (await client.get(f"{url}/{listing_id}/transitions", headers=owner_h)).json()
    assert [(t["from_status"], t["to_status"]) for t in trail] == [
        (None, "draft"),
        ("draft", "pending_review"),
        ("pending_review", "rejected"),
        ("rejected", "pending_review"),
        ("pending_review", "published"),
        ("published", "withdrawn"),
        ("withdrawn", "archived"),
    ]
    assert trail[2]["actor_id"] == officer.id and trail[2]["reason"] == "Bổ sung số liệu thử nghiệm"


@pytest.mark.parametrize("listing_type", TYPES)
async def test_department_publishes_directly_from_draft_and_creates_for_any_organisation(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str
) -> None:
    organization = await make_organization(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    url = f"/api/v1/{listing_type}s"
    created = await client.post(
        url,
        json={
            "organization_id": organization.id,
            "title": "Quy trình tái chế giấy làng nghề Phong Khê",
            "description": "Tái chế giấy phế liệu, thu hồi bột giấy, tuần hoàn nước.",
            "field_code": "2",
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["organization"]["id"] == organization.id
    published = await client.post(f"{url}/{created.json()['id']}/publish", headers=headers)
    assert published.json()["status"] == "published"


@pytest.mark.parametrize("listing_type", TYPES)
async def test_member_cannot_create_for_another_organisation(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str
) -> None:
    member = await make_user(session, organization=await make_organization(session))
    other = await make_organization(session)
    response = await client.post(
        f"/api/v1/{listing_type}s",
        json={"organization_id": other.id, "title": "Thử tạo hộ"},
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 403
    model = Offer if listing_type == "offer" else Demand
    assert (
        await session.scalar(
            select(func.count()).select_from(model).where(model.organization_id == other.id)
        )
        == 0
    )


@pytest.mark.parametrize("listing_type", TYPES)
async def test_incomplete_listing_cannot_be_submitted(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str
) -> None:
    organization = await make_organization(session)
    listing = await _listing(session, listing_type, organization, S.draft)
    listing.field_code = None
    await session.flush()
    member = await make_user(session, organization=organization)
    response = await client.post(
        f"/api/v1/{listing_type}s/{listing.id}/submit", headers=await auth_headers(client, member)
    )
    assert response.status_code == 422
    assert "field_code" in response.json()["detail"]


async def test_unverified_organisation_cannot_submit(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session, verified=False)
    offer = await make_offer(session, organization, status=S.draft)
    member = await make_user(session, organization=organization)
    response = await client.post(
        f"/api/v1/offers/{offer.id}/submit", headers=await auth_headers(client, member)
    )
    assert response.status_code == 409
    assert "not verified" in response.json()["detail"]


async def test_rejection_needs_a_reason(client: httpx.AsyncClient, session: AsyncSession) -> None:
    offer = await make_offer(session, await make_organization(session), status=S.pending_review)
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.post(
        f"/api/v1/offers/{offer.id}/reject", headers=await auth_headers(client, officer)
    )
    assert response.status_code == 422
    await session.refresh(offer)
    assert offer.status is S.pending_review
    assert await session.scalar(select(func.count()).select_from(Notification)) == 0
