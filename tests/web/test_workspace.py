"""The member's workspace over the real app and database: the organisation, the guided
offer and demand forms with their life cycle, version conflicts, screening, attachments,
interests and contacts, imports, saved searches, deals and notifications."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.search_documents import build_search_document
from app.matching import scoring
from app.models import (
    Deal,
    DealTask,
    Demand,
    Interest,
    Notification,
    Offer,
    Organization,
    SavedSearch,
    User,
)
from app.models.vocabulary import (
    ListingStatus,
    MembershipRole,
    NotificationKind,
    OrganizationType,
    VerificationStatus,
)
from app.search.engines.base import SearchEngine
from tests.factories import make_organization, make_user
from tests.listing.factories import make_demand, make_offer
from tests.web.helpers import post_form, sign_in, token_in

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
async def search_engine(app: FastAPI) -> AsyncIterator[SearchEngine]:
    engine: SearchEngine = app.state.search_engine
    await engine.clear()
    # Listings' terms are cached by (kind, id, version); each test's rolled-back rows hand
    # their ids to the next test's, so the cache must start empty.
    scoring._TERMS_CACHE.clear()
    yield engine
    await engine.clear()


async def member(
    session: AsyncSession, client: httpx.AsyncClient, **organization: Any
) -> tuple[Organization, User]:
    org = await make_organization(session, **organization)
    user = await make_user(session, organization=org, membership_role=MembershipRole.owner)
    await sign_in(client, user.email)
    return org, user


def input_value(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" type="[a-z]+" value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


async def test_workspace_pages_are_for_members(client: httpx.AsyncClient) -> None:
    for path in ("/workspace", "/workspace/listings", "/workspace/interests", "/workspace/import"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/sign-in?next=")


async def test_my_organisation_is_edited_and_shows_its_verification(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client, name="Cơ sở Đúc đồng", verified=False)
    page = await client.get("/workspace/organization")
    assert page.status_code == 200
    assert "Chờ xác minh" in page.text
    assert 'name="tax_code"' in page.text  # identity is still the owner's to correct

    bad = await post_form(
        client,
        "/workspace/organization",
        "/workspace/organization",
        {"name": "Cơ sở Đúc đồng Đại Bái", "website": "not a site", "contact_phone": "0222 3"},
    )
    assert bad.status_code == 400
    assert 'value="Cơ sở Đúc đồng Đại Bái"' in bad.text
    assert 'id="f-website-error"' in bad.text and 'id="f-contact_phone-error"' in bad.text
    await session.refresh(org)
    assert org.name == "Cơ sở Đúc đồng"

    good = await post_form(
        client,
        "/workspace/organization",
        "/workspace/organization",
        {
            "name": "Cơ sở Đúc đồng Đại Bái",
            "type": "enterprise",
            "tax_code": "0100109106",
            "country": "VN",
            "contact_email": "lienhe@daibai.vn",
        },
    )
    assert good.status_code == 303, re.findall(r'field-error"[^>]*>([^<]*)', good.text)
    await session.refresh(org)
    assert (org.name, org.tax_code, org.contact_email) == (
        "Cơ sở Đúc đồng Đại Bái",
        "0100109106",
        "lienhe@daibai.vn",
    )

    org.verification_status = VerificationStatus.verified
    await session.flush()
    verified = await client.get("/workspace/organization")
    assert "Đã xác minh" in verified.text
    assert 'name="tax_code"' not in verified.text


async def test_a_demand_with_a_confidential_budget_goes_from_draft_to_review(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _org, user = await member(session, client, name="HTX Vải thiều")
    missing = await post_form(
        client,
        "/workspace/listings/demand/new",
        "/workspace/listings/demand/new",
        {"problem": "Vải hỏng nhanh", "budget_max_vnd": "1.500.000.000", "then": "draft"},
    )
    assert missing.status_code == 400
    assert 'id="f-title-error"' in missing.text
    assert input_value(missing.text, "budget_max_vnd") == "1.500.000.000"

    created = await post_form(
        client,
        "/workspace/listings/demand/new",
        "/workspace/listings/demand/new",
        {
            "title": "Cần máy sấy vải thiều",
            "problem": "Vải hỏng nhanh sau thu hoạch.",
            "field_code": "20305",
            "keywords": "máy sấy, vải thiều",
            "min_trl": "6",
            "budget_max_vnd": "1.500.000.000",
            "budget_confidential": "true",
            "preferred_forms": ["independent_contract", "equipment_sale"],
            "then": "draft",
        },
    )
    assert created.status_code == 303, created.text
    demand = await session.scalar(select(Demand).where(Demand.title == "Cần máy sấy vải thiều"))
    assert demand is not None
    assert demand.status is ListingStatus.draft
    assert demand.budget_max_vnd == 1_500_000_000 and demand.budget_confidential
    assert demand.keywords == ["máy sấy", "vải thiều"]
    assert demand.preferred_forms == ["independent_contract", "equipment_sale"]
    assert demand.created_by_id == user.id

    page = await client.get(created.headers["location"])
    assert "Bản nháp" in page.text and "1.500.000.000" in page.text
    mine = await client.get("/workspace/listings")
    assert mine.status_code == 200
    assert f'href="/workspace/listings/demand/{demand.id}"' in mine.text

    submitted = await post_form(
        client, page.url.path, f"/workspace/listings/demand/{demand.id}/do/submit", {}
    )
    assert submitted.status_code == 303
    await session.refresh(demand)
    assert demand.status is ListingStatus.pending_review

    # Another member never reads the amount.
    demand.status = ListingStatus.published
    demand.expires_at = demand.submitted_at + timedelta(days=30)
    await session.flush()
    async with httpx.AsyncClient(
        transport=client._transport, base_url="http://testserver"
    ) as other:
        outsider = await make_user(session, organization=await make_organization(session))
        await sign_in(other, outsider.email)
        public = await other.get(f"/demands/{demand.id}")
        assert public.status_code == 200
        assert "1.500.000.000" not in public.text


async def test_an_unverified_organisation_cannot_submit_and_is_told_why(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client, verified=False)
    response = await post_form(
        client,
        "/workspace/listings/offer/new",
        "/workspace/listings/offer/new",
        {
            "title": "Lò đúc đồng tiết kiệm than",
            "description": "Lò đúc.",
            "field_code": "2",
            "language": "vi",
            "kind": "technology",
            "origin_country": "VN",
            "price_mode": "negotiable",
            "then": "submit",
        },
    )
    assert response.status_code == 400
    assert "verified" in response.text or "xác minh" in response.text
    assert 'value="Lò đúc đồng tiết kiệm than"' in response.text
    assert await session.scalar(select(Offer).where(Offer.organization_id == org.id)) is None


async def test_a_version_conflict_is_shown_and_nothing_typed_is_lost(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client)
    offer = await make_offer(session, org, status=ListingStatus.draft, title="Máy ép gạch")
    edit = await client.get(f"/workspace/listings/offer/{offer.id}/edit")
    assert edit.status_code == 200
    assert 'name="version" value="1"' in edit.text

    offer.title = "Máy ép gạch không nung"  # a colleague saved meanwhile
    offer.version += 1
    await session.flush()

    form = {
        "csrf_token": token_in(edit.text),
        "version": "1",
        "title": "Máy ép gạch bê tông",
        "description": "Ép gạch 10 viên một lần.",
        "field_code": "207",
        "language": "vi",
        "kind": "technology",
        "origin_country": "VN",
        "price_mode": "negotiable",
    }
    action = f"/workspace/listings/offer/{offer.id}/edit"
    conflict = await client.post(action, data=form)
    assert conflict.status_code == 409
    assert 'value="Máy ép gạch bê tông"' in conflict.text  # what was typed
    assert "Máy ép gạch không nung" in conflict.text  # what is saved now
    assert 'name="version" value="2"' in conflict.text
    await session.refresh(offer)
    assert offer.title == "Máy ép gạch không nung"

    again = await client.post(action, data=form | {"version": "2"})
    assert again.status_code == 303
    await session.refresh(offer)
    assert offer.title == "Máy ép gạch bê tông" and offer.description == "Ép gạch 10 viên một lần."


async def test_screening_results_name_the_list_item_and_the_reason(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client)
    offer = await make_offer(
        session,
        org,
        status=ListingStatus.draft,
        title="Dây chuyền sản xuất tấm lợp amiăng",
    )
    page = await client.get(f"/workspace/listings/offer/{offer.id}")
    response = await post_form(
        client, page.url.path, f"/workspace/listings/offer/{offer.id}/do/submit", {}
    )
    assert response.status_code == 303
    shown = await client.get(f"/workspace/listings/offer/{offer.id}")
    assert "PLII-A-01" in shown.text
    assert "amiăng" in shown.text


async def test_confirm_still_available_then_withdraw(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client)
    offer = await make_offer(session, org)
    offer.expires_at = offer.published_at + timedelta(days=10)
    await session.flush()
    before = offer.expires_at
    page = await client.get(f"/workspace/listings/offer/{offer.id}")
    assert f"/workspace/listings/offer/{offer.id}/do/renew" in page.text
    renewed = await post_form(
        client, page.url.path, f"/workspace/listings/offer/{offer.id}/do/renew", {}
    )
    assert renewed.status_code == 303
    await session.refresh(offer)
    assert offer.expires_at > before + timedelta(days=100)

    withdrawn = await post_form(
        client, page.url.path, f"/workspace/listings/offer/{offer.id}/do/withdraw", {}
    )
    assert withdrawn.status_code == 303
    await session.refresh(offer)
    assert offer.status is ListingStatus.withdrawn
    again = await post_form(
        client, page.url.path, f"/workspace/listings/offer/{offer.id}/do/withdraw", {}
    )
    assert again.status_code == 409  # shown on the page, not a crash


async def test_attachments_are_added_downloaded_refused_and_deleted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client)
    offer = await make_offer(session, org, status=ListingStatus.draft)
    path = f"/workspace/listings/offer/{offer.id}"
    token = token_in((await client.get(path)).text)
    added = await client.post(
        f"{path}/attachments",
        data={"csrf_token": token},
        files={"file": ("ảnh máy.png", io.BytesIO(PNG), "image/png")},
    )
    assert added.status_code == 303
    page = await client.get(path)
    link = re.search(rf'href="({path}/attachments/(\d+))"', page.text)
    assert link and "ảnh máy.png" in page.text
    download = await client.get(link.group(1))
    assert download.status_code == 200 and download.content == PNG

    refused = await client.post(
        f"{path}/attachments",
        data={"csrf_token": token},
        files={"file": ("virus.png", io.BytesIO(b"MZ not an image"), "image/png")},
    )
    assert refused.status_code == 422
    assert "virus.png" not in refused.text

    deleted = await client.post(f"{link.group(1)}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    assert (await client.get(link.group(1))).status_code == 404


async def test_other_members_cannot_manage_my_listing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_organization(session)
    offer = await make_offer(session, owner)
    await member(session, client)
    assert (await client.get(f"/workspace/listings/offer/{offer.id}/edit")).status_code == 403
    draft = await make_offer(session, owner, status=ListingStatus.draft)
    assert (await client.get(f"/workspace/listings/offer/{draft.id}")).status_code == 404


async def test_accepting_an_interest_shows_each_side_the_others_contacts(
    client: httpx.AsyncClient, app: FastAPI, session: AsyncSession
) -> None:
    institute = await make_organization(session, type=OrganizationType.research_institute)
    owner = await make_user(session, organization=institute, email="vien@example.vn")
    offer = await make_offer(session, institute, contact_user=owner)
    _requester_org, requester = await member(session, client, name="HTX Lục Ngạn")
    sent = await post_form(
        client,
        f"/offers/{offer.id}",
        f"/offers/{offer.id}/interest",
        {"intended_use": "Sấy 20 tấn vải mỗi ngày trong vụ."},
    )
    assert sent.status_code == 303
    mine = await client.get("/workspace/interests?box=sent")
    assert offer.title in mine.text
    assert requester.email not in mine.text

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as answering:
        await sign_in(answering, owner.email)
        received = await answering.get("/workspace/interests")
        assert "HTX Lục Ngạn" in received.text
        assert requester.email not in received.text
        interest = await session.scalar(select(Interest))
        assert interest is not None
        no_reason = await post_form(
            answering,
            "/workspace/interests",
            f"/workspace/interests/{interest.id}/decline",
            {"reason": ""},
        )
        assert no_reason.status_code == 422
        assert 'aria-invalid="true"' in no_reason.text
        accepted = await post_form(
            answering,
            "/workspace/interests",
            f"/workspace/interests/{interest.id}/accept",
            {},
        )
        assert accepted.status_code == 303
        after = await answering.get("/workspace/interests")
        assert requester.email in after.text

    theirs = await client.get("/workspace/interests?box=sent")
    assert "vien@example.vn" in theirs.text


async def test_import_reads_row_by_row_then_imports_the_good_rows(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client, type=OrganizationType.research_institute)
    csv = (
        "external_ref,title,description,field_code,trl\n"
        "R-1,Giống lúa chịu mặn,Chịu mặn 4 phần nghìn.,4,6\n"
        "R-2,Phân bón vi sinh,Từ phế phụ phẩm.,99999,5\n"
        "R-3,Chế phẩm bảo quản vải,Kéo dài 20 ngày.,4,7\n"
    ).encode()
    page = await client.get("/workspace/import")
    checked = await client.post(
        "/workspace/import",
        data={"csrf_token": token_in(page.text)},
        files={"file": ("ket-qua.csv", io.BytesIO(csv), "text/csv")},
    )
    assert checked.status_code == 200
    rows = re.findall(r'<tr class="outcome-(\w+)">', checked.text)
    assert rows == ["created", "invalid", "created"]
    assert "field_code" in checked.text
    assert await session.scalar(select(Offer).where(Offer.organization_id == org.id)) is None
    upload_id = re.search(r'name="upload_id" value="([0-9a-f]{32})"', checked.text)
    assert upload_id

    imported = await client.post(
        "/workspace/import/run",
        data={"csrf_token": token_in(checked.text), "upload_id": upload_id.group(1)},
    )
    assert imported.status_code == 200
    offers = (await session.scalars(select(Offer).where(Offer.organization_id == org.id))).all()
    assert sorted(offer.external_ref or "" for offer in offers) == ["R-1", "R-3"]
    assert all(offer.status is ListingStatus.draft for offer in offers)

    replay = await client.post(
        "/workspace/import/run",
        data={"csrf_token": token_in(checked.text), "upload_id": upload_id.group(1)},
    )
    assert replay.status_code == 400  # the kept file is used once


async def test_matches_of_my_listing_come_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, search_engine: SearchEngine
) -> None:
    org, _user = await member(session, client)
    demand = await make_demand(
        session,
        org,
        title="Cần máy sấy nông sản bằng bơm nhiệt",
        field_code="20305",
    )
    maker = await make_organization(session, name="Cơ khí Hà Bắc")
    dryer = await make_offer(
        session, maker, title="Máy sấy nông sản bằng bơm nhiệt", field_code="20305", trl=8
    )
    await search_engine.apply([build_search_document(dryer), build_search_document(demand)], [])
    page = await client.get(f"/workspace/listings/demand/{demand.id}/matches")
    assert page.status_code == 200
    assert f'href="/offers/{dryer.id}"' in page.text
    assert re.search(r'<ul class="reasons">\s*<li>', page.text)


async def test_saved_searches_deals_and_notifications(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org, _user = await member(session, client)
    empty = await post_form(
        client, "/workspace/saved-searches", "/workspace/saved-searches", {"name": "Máy sấy"}
    )
    assert empty.status_code == 400 and 'value="Máy sấy"' in empty.text
    saved = await post_form(
        client,
        "/workspace/saved-searches",
        "/workspace/saved-searches",
        {"name": "Máy sấy", "q": "may say", "type": "offer"},
    )
    assert saved.status_code == 303
    assert await session.scalar(select(SavedSearch.query)) == "may say"

    broker = await make_organization(session, type=OrganizationType.intermediary)
    partner = await make_organization(session)
    deal = Deal(
        title="Chuyển giao máy sấy",
        supplier_id=partner.id,
        recipient_id=org.id,
        broker_organization_id=broker.id,
    )
    session.add(deal)
    await session.flush()
    session.add(DealTask(deal_id=deal.id, title="Gửi hồ sơ kỹ thuật", due_on=date.today()))
    notification = Notification(
        kind=NotificationKind.interest_received,
        title="Quan tâm mới",
        body="Có tổ chức quan tâm.",
        link="/api/v1/interests/7",
        recipient_organization_id=org.id,
    )
    session.add(notification)
    await session.flush()

    deals = await client.get("/workspace/deals")
    assert "Chuyển giao máy sấy" in deals.text and "Gửi hồ sơ kỹ thuật" in deals.text
    assert "Mới" in deals.text

    header = await client.get("/workspace")
    assert '<span class="badge">1</span>' in header.text
    opened = await post_form(
        client,
        "/workspace/notifications",
        f"/workspace/notifications/{notification.id}/open",
        {},
    )
    assert opened.status_code == 303
    assert opened.headers["location"] == "/workspace/interests?box=received#i7"
    assert 'class="badge"' not in (await client.get("/workspace")).text


async def test_workspace_forms_refuse_a_post_without_its_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await member(session, client)
    await client.get("/workspace/listings/demand/new")
    refused = await client.post(
        "/workspace/listings/demand/new",
        data={"title": "Cần lò đốt", "problem": "x", "field_code": "2", "then": "draft"},
    )
    assert refused.status_code == 403
    assert await session.scalar(select(Demand).where(Demand.title == "Cần lò đốt")) is None


async def test_the_workspace_speaks_english_when_asked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await member(session, client)
    english = {"Accept-Language": "en"}
    form = await client.get("/workspace/listings/offer/new", headers=english)
    assert '<html lang="en">' in form.text
    assert "Save and submit for review" in form.text
    # The law's terms in English, with the Vietnamese words of the law beside them.
    assert 'Exclusive right to use <span class="law-term" lang="vi">' in form.text
    assert "Lưu và gửi duyệt" not in form.text
    vietnamese = await client.get("/workspace/listings/offer/new")
    assert "Lưu và gửi duyệt" in vietnamese.text
    assert "Quyền sử dụng độc quyền" in vietnamese.text
