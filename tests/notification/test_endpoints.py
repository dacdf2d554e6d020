"""In-app notifications: each user sees their own and their organisation's, and marks them read."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import NotificationKind
from app.notification.service import notify
from tests.factories import auth_headers, make_organization, make_user


async def test_members_see_their_organisations_notifications_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours, theirs = await make_organization(session), await make_organization(session)
    member = await make_user(session, organization=ours)
    await notify(
        session,
        kind=NotificationKind.listing_published,
        organization_id=ours.id,
        title="Tin đã được đăng",
        body="Hiển thị đến 01/01/2028.",
        link="/api/v1/offers/1",
    )
    await notify(
        session,
        kind=NotificationKind.listing_rejected,
        organization_id=theirs.id,
        title="Không phải của bạn",
        body="Lý do bí mật",
    )
    personal = await notify(
        session,
        kind=NotificationKind.listing_expiring,
        user_id=member.id,
        title="Riêng bạn",
        body="...",
    )
    headers = await auth_headers(client, member)
    page = (await client.get("/api/v1/notifications", headers=headers)).json()
    assert page["total"] == 2
    assert "Lý do bí mật" not in str(page)

    read = await client.post(f"/api/v1/notifications/{personal.id}/read", headers=headers)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = await client.get("/api/v1/notifications", params={"unread": True}, headers=headers)
    assert [n["title"] for n in unread.json()["items"]] == ["Tin đã được đăng"]


async def test_cannot_mark_someone_elses_notification(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    other = await make_organization(session)
    note = await notify(
        session,
        kind=NotificationKind.listing_rejected,
        organization_id=other.id,
        title="x",
        body="y",
    )
    stranger = await make_user(session, organization=await make_organization(session))
    response = await client.post(
        f"/api/v1/notifications/{note.id}/read", headers=await auth_headers(client, stranger)
    )
    assert response.status_code == 404
    assert (await client.get("/api/v1/notifications")).status_code == 401
