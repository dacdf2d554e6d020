"""The department's moderation pages and the administrator's pages over the real app and
database: the same permissions as the API, errors beside the field with what was typed,
and the owner reading the reason of a rejection."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.models import TechnologyListEvent, TechnologyListItem
from app.models.vocabulary import (
    ListingStatus,
    MembershipRole,
    PlatformRole,
    VerificationStatus,
)
from tests.factories import make_organization, make_user
from tests.listing.factories import make_offer
from tests.web.helpers import post_form, sign_in, token_in

QUEUE = "/department/moderation"


def other_client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50001))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_staff_pages_follow_the_api_roles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await client.get(QUEUE)).status_code == 303  # to the sign-in page
    organization = await make_organization(session)
    member = await make_user(session, organization=organization)
    await sign_in(client, member.email)
    for path in (QUEUE, "/department/organizations", "/admin", "/admin/users", "/admin/mailbox"):
        assert (await client.get(path)).status_code == 403, path
    assert "/department/moderation" not in (await client.get("/workspace")).text


async def test_department_rejects_with_a_reason_and_the_owner_reads_it(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    owner = await make_user(
        session, organization=organization, membership_role=MembershipRole.owner
    )
    offer = await make_offer(
        session,
        organization,
        status=ListingStatus.pending_review,
        title="Tấm lợp fibro xi măng",
        description="Tấm lợp sử dụng amiăng trắng.",
        screening_hits=[
            {
                "list_kind": "restricted",
                "direction": "domestic",
                "list_title": "Phụ lục II, mục A",
                "sector": "Xây dựng",
                "code": "PLII-A-01",
                "name": "Công nghệ sản xuất tấm lợp, vật liệu sử dụng amiăng",
                "keyword": "amiăng",
            }
        ],
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, officer.email)
    queue = await client.get(QUEUE)
    assert queue.status_code == 200
    assert "Tấm lợp fibro xi măng" in queue.text and "PLII-A-01" in queue.text
    assert "amiăng" in queue.text

    action = f"{QUEUE}/offer/{offer.id}/reject"
    field = f"reason-offer-{offer.id}"
    missing = await post_form(client, QUEUE, action, {field: "  "})
    assert missing.status_code == 400
    assert f'id="f-{field}-error"' in missing.text
    await session.refresh(offer)
    assert offer.status is ListingStatus.pending_review

    reason = "Thay amiăng bằng sợi xenlulô rồi gửi lại."
    done = await post_form(client, QUEUE, action, {field: reason})
    assert done.status_code == 303
    await session.refresh(offer)
    assert (offer.status, offer.rejection_reason) == (ListingStatus.rejected, reason)

    async with other_client(app) as owner_client:
        await sign_in(owner_client, owner.email)
        page = await owner_client.get(f"/workspace/listings/offer/{offer.id}")
        assert reason in page.text


async def test_department_publishes_from_the_queue(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, status=ListingStatus.pending_review)
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, officer.email)
    done = await post_form(client, QUEUE, f"{QUEUE}/offer/{offer.id}/publish", {})
    assert done.status_code == 303 and done.headers["location"].endswith("done=published")
    await session.refresh(offer)
    assert offer.status is ListingStatus.published


async def test_a_form_without_its_token_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, status=ListingStatus.pending_review)
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, officer.email)
    refused = await client.post(f"{QUEUE}/offer/{offer.id}/publish", data={})
    assert refused.status_code == 403
    await session.refresh(offer)
    assert offer.status is ListingStatus.pending_review


async def test_department_verifies_and_rejects_organisations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    waiting = await make_organization(session, name="HTX Gốm Phù Lãng", verified=False)
    doubtful = await make_organization(session, name="Công ty Mờ Ám", verified=False)
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, officer.email)
    page = await client.get("/department/organizations", params={"q": "Phù Lãng"})
    assert "HTX Gốm Phù Lãng" in page.text and "Công ty Mờ Ám" not in page.text

    base = "/department/organizations"
    field = f"note-{doubtful.id}"
    no_note = await post_form(client, base, f"{base}/{doubtful.id}/reject", {field: ""})
    assert no_note.status_code == 400 and f'id="f-{field}-error"' in no_note.text
    note = "Mã số thuế không khớp với đăng ký kinh doanh."
    rejected = await post_form(client, base, f"{base}/{doubtful.id}/reject", {field: note})
    assert rejected.status_code == 303
    verified = await post_form(client, base, f"{base}/{waiting.id}/verify", {})
    assert verified.status_code == 303
    await session.refresh(waiting)
    await session.refresh(doubtful)
    assert waiting.verification_status is VerificationStatus.verified
    assert (doubtful.verification_status, doubtful.verification_note) == (
        VerificationStatus.rejected,
        note,
    )


async def test_an_administrator_grants_and_revokes_the_broker_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    person = await make_user(session, email="moigioi@example.com")
    officer = await make_user(session, platform_role=PlatformRole.department)
    await sign_in(client, officer.email)
    assert (await client.get(f"/admin/users/{person.id}")).status_code == 403
    await client.post("/sign-out", data={"csrf_token": token_in((await client.get("/")).text)})

    await sign_in(client, admin.email)
    listed = await client.get("/admin/users", params={"email": "moigioi"})
    assert "moigioi@example.com" in listed.text
    page = f"/admin/users/{person.id}"
    granted = await post_form(client, page, page, {"platform_role": "broker", "is_active": "true"})
    assert granted.status_code == 303
    await session.refresh(person)
    assert person.platform_role is PlatformRole.broker
    revoked = await post_form(client, page, page, {"platform_role": "none", "is_active": "true"})
    assert revoked.status_code == 303
    await session.refresh(person)
    assert person.platform_role is None

    own = f"/admin/users/{admin.id}"
    refused = await post_form(client, own, own, {"platform_role": "broker", "is_active": "true"})
    assert refused.status_code == 400
    assert 'class="field-error"' in refused.text  # beside the role's choices
    await session.refresh(admin)
    assert admin.platform_role is PlatformRole.admin
    unchanged = await post_form(client, own, own, {"platform_role": "admin", "is_active": "true"})
    assert unchanged.status_code == 303


async def test_an_administrator_edits_the_technology_lists(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    await sign_in(client, admin.email)
    lists = await client.get("/admin/technology-lists")
    assert lists.status_code == 200 and "PLII-A-01" in lists.text

    new = "/admin/technology-lists/new"
    values = {
        "code": "SKHCN-01",
        "list_kind": "restricted",
        "directions": "domestic",
        "list_title": "Phụ lục II, mục A",
        "sector": "Hoá chất",
        "name": "Công nghệ mạ crôm lục giá",
        "keywords": "mạ crôm lục giá\ncrom luc gia",
        "source": "Công văn của Sở số 12",
        "source_date": "31/12/2999",
    }
    bad = await post_form(client, new, new, values)
    assert bad.status_code == 400
    assert 'id="f-source_date-error"' in bad.text
    assert 'value="SKHCN-01"' in bad.text and "crom luc gia" in bad.text
    assert (
        await session.scalar(
            select(TechnologyListItem).where(TechnologyListItem.code == "SKHCN-01")
        )
        is None
    )

    created = await post_form(client, new, new, values | {"source_date": "02/01/2025"})
    assert created.status_code == 303, created.text
    item = await session.scalar(
        select(TechnologyListItem).where(TechnologyListItem.code == "SKHCN-01")
    )
    assert item is not None and item.keywords == ["mạ crôm lục giá", "crom luc gia"]
    assert item.source_date.isoformat() == "2025-01-02"

    page = f"/admin/technology-lists/{item.id}"
    shown = await client.get(page)
    stale = await client.post(
        page,
        data={
            **values,
            "source_date": "2025-01-02",
            "version": "0",
            "csrf_token": token_in(shown.text),
        },
    )
    assert stale.status_code == 400
    assert "reload" in stale.text or "tải lại" in stale.text
    changed = await post_form(
        client,
        page,
        page,
        values | {"source_date": "2025-01-02", "sector": "Mạ điện", "version": str(item.version)},
    )
    assert changed.status_code == 303
    events = (
        await session.scalars(
            select(TechnologyListEvent).where(TechnologyListEvent.item_id == item.id)
        )
    ).all()
    assert sorted(event.action for event in events) == ["changed", "created"]


async def test_an_administrator_reads_the_local_mailbox(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    folder: Path = settings.mailbox_dir
    box = mailbox.Maildir(folder, create=True)
    message = EmailMessage()
    message["From"] = "noreply@techex.example"
    message["To"] = "owner@example.com"
    message["Subject"] = "Tin chào bán đã được đăng"
    message.set_content("Tin được hiển thị công khai.")
    key = box.add(message)
    try:
        admin = await make_user(session, platform_role=PlatformRole.admin)
        await sign_in(client, admin.email)
        listed = await client.get("/admin/mailbox")
        assert listed.status_code == 200 and "Tin chào bán đã được đăng" in listed.text
        one = await client.get(f"/admin/mailbox/{key}")
        assert "Tin được hiển thị công khai." in one.text and "owner@example.com" in one.text
        assert (await client.get("/admin/mailbox/no-such-key")).status_code == 404
    finally:
        box.remove(key)
