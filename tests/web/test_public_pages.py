"""The public pages over the real app, database and tantivy index: search with facets,
offer and demand pages, organisation profiles, the indicators; what users typed is escaped
everywhere and confidential figures never reach a page."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Demand, Interest, Offer
from app.models.vocabulary import IPStatus, IPType, TransferForm, TransferRight
from app.search.engines.base import SearchEngine
from tests.factories import make_organization, make_user
from tests.listing.factories import make_demand, make_offer
from tests.matching.test_matches import index
from tests.web.helpers import post_form, sign_in

HOSTILE = "<script>alert(1)</script>\u202eTệp\u200b\u200dxấu"
SECRET_PRICE = 7_654_000_000
SECRET_BUDGET = 4_321_000_000


async def dryer_world(session: AsyncSession, engine: SearchEngine) -> dict[str, Offer | Demand]:
    maker = await make_organization(session, name="Công ty Cơ khí Hà Bắc")
    institute = await make_organization(
        session, name="Viện Cơ điện Nông nghiệp", type="research_institute"
    )
    dryer = await make_offer(
        session,
        maker,
        title="Máy sấy nông sản bằng bơm nhiệt",
        description="Sấy vải, nhãn ở 50 °C, tiết kiệm 40 % điện.",
        field_code="20305",
        trl=8,
        ip_type=IPType.utility_solution,
        ip_status=IPStatus.granted,
        ip_number="2-0002345",
        transfer_rights=[TransferRight.right_to_use_non_exclusive],
        transfer_forms=[TransferForm.independent_contract],
        price_hidden=True,
        price_min_vnd=SECRET_PRICE,
        price_max_vnd=SECRET_PRICE,
    )
    seeds = await make_offer(
        session, institute, title="Giống lúa chịu mặn BN-12", field_code="4", trl=6
    )
    hidden_owner = await make_offer(
        session, institute, title="Máy sấy thóc ẩn danh", field_code="20305", anonymous=True
    )
    cooperative = await make_organization(session, name="Hợp tác xã Vải thiều Lục Ngạn")
    demand = await make_demand(
        session,
        cooperative,
        title="Cần máy sấy vải thiều bằng bơm nhiệt",
        field_code="20305",
        budget_confidential=True,
        budget_min_vnd=SECRET_BUDGET,
        budget_max_vnd=SECRET_BUDGET,
    )
    await index(engine, dryer, seeds, hidden_owner, demand)
    return {"dryer": dryer, "seeds": seeds, "anonymous": hidden_owner, "demand": demand}


async def test_search_without_diacritics_with_labelled_facets_and_filters(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await dryer_world(session, index_engine)
    page = await client.get("/search", params={"q": "may say nong san"})
    assert page.status_code == 200
    html = page.text
    assert f'href="/offers/{world["dryer"].id}"' in html
    assert "<mark>" in html
    assert f'href="/offers/{world["seeds"].id}"' not in html
    # Facets carry labels and counts, never bare codes.
    assert 'Khoa học kỹ thuật và công nghệ</a> <span class="count">(' in html
    field_link = re.search(r'href="(/search\?q=may\+say\+nong\+san&amp;field_code=2)"', html)
    assert field_link

    filtered = await client.get(field_link.group(1).replace("&amp;", "&"))
    assert 'aria-current="true"' in filtered.text
    assert f'href="/offers/{world["dryer"].id}"' in filtered.text

    english = await client.get(
        "/search", params={"q": "may say"}, headers={"Accept-Language": "en"}
    )
    assert re.search(r"\d+ results?</h2>", english.text)


async def test_search_that_finds_nothing_helps_and_odd_addresses_do_not_break(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    await dryer_world(session, index_engine)
    nothing = await client.get("/search", params={"q": "tàu vũ trụ", "type": "offer"})
    assert nothing.status_code == 200
    assert "Không có kết quả phù hợp." in nothing.text
    assert "Tìm lại không dùng bộ lọc" in nothing.text
    for params in (
        {"trl_min": "abc", "page": "99999999"},
        {"field_code": "<script>", "sort": "sideways"},
        {"trl_min": "9", "trl_max": "2", "origin_country": "vn"},
    ):
        response = await client.get("/search", params=params)
        assert response.status_code == 200, params
        assert "<script>" not in response.text


async def test_an_offer_page_shows_every_public_field_and_hides_the_price(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await dryer_world(session, index_engine)
    html = (await client.get(f"/offers/{world['dryer'].id}")).text
    assert "<h1>Máy sấy nông sản bằng bơm nhiệt</h1>" in html
    assert "Công ty Cơ khí Hà Bắc" in html
    assert "Mức 8/9: Hệ thống hoàn chỉnh đã được thử nghiệm và chứng nhận" in html
    assert "Giải pháp hữu ích" in html and "2-0002345" in html
    assert "Quyền sử dụng không độc quyền" in html
    assert "Hợp đồng chuyển giao công nghệ độc lập" in html
    assert "Chỉ công bố cho các bên của thương vụ" in html
    assert "7.654.000.000" not in html
    assert "Đăng nhập để gửi quan tâm" in html
    assert "Nhu cầu mà công nghệ này có thể đáp ứng" in html

    english = (
        await client.get(f"/offers/{world['dryer'].id}", headers={"Accept-Language": "en"})
    ).text
    assert "Level 8 of 9" in english
    assert 'Utility solution <span class="law-term" lang="vi">(Giải pháp hữu ích)</span>' in english


async def test_anonymous_owners_and_confidential_budgets_stay_hidden(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await dryer_world(session, index_engine)
    anonymous = (await client.get(f"/offers/{world['anonymous'].id}")).text
    assert "Viện Cơ điện Nông nghiệp" not in anonymous
    assert "Ẩn danh" in anonymous
    demand = (await client.get(f"/demands/{world['demand'].id}")).text
    assert "Bảo mật" in demand
    assert "4.321.000.000" not in demand

    institute = (await client.get(f"/organizations/{world['seeds'].organization_id}")).text
    assert "Giống lúa chịu mặn BN-12" in institute
    assert "Máy sấy thóc ẩn danh" not in institute


async def test_listings_and_organisations_that_are_not_public_are_not_found(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pending = await make_organization(session, verified=False)
    draft = await make_offer(session, pending, status="draft")
    for path in (f"/organizations/{pending.id}", f"/offers/{draft.id}", "/offers/not-a-number"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy trang" in response.text


async def test_a_member_expresses_interest_from_the_offer_page(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await dryer_world(session, index_engine)
    buyer = await make_user(session, organization=await make_organization(session))
    await sign_in(client, buyer.email)
    path = f"/offers/{world['dryer'].id}"

    too_short = await post_form(client, path, f"{path}/interest", {"intended_use": "sấy"})
    assert too_short.status_code == 400
    assert 'id="f-intended_use-error">Quá ngắn: tối thiểu 10 ký tự.' in too_short.text
    assert ">sấy</textarea>" in too_short.text

    sent = await post_form(
        client,
        path,
        f"{path}/interest",
        {"intended_use": "Lắp cho hợp tác xã sấy vải 20 tấn/ngày", "capacity": "", "questions": ""},
    )
    assert sent.status_code == 303
    assert "Đã gửi quan tâm" in (await client.get(sent.headers["location"])).text
    stored = (
        await session.scalars(select(Interest).where(Interest.offer_id == world["dryer"].id))
    ).all()
    assert [interest.requester_user_id for interest in stored] == [buyer.id]

    again = await post_form(
        client, path, f"{path}/interest", {"intended_use": "Lắp cho hợp tác xã lần thứ hai"}
    )
    assert again.status_code == 400
    assert "error-summary" in again.text


async def test_a_hostile_title_is_shown_as_text_everywhere(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    owner = await make_organization(session, name=HOSTILE)
    offer = await make_offer(session, owner, title=f"Máy sấy {HOSTILE}")
    await index(index_engine, offer)
    for path in ("/", "/search?q=may+say", f"/offers/{offer.id}", f"/organizations/{owner.id}"):
        html = (await client.get(path)).text
        assert "<script>alert(1)" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


async def test_the_indicator_page_draws_its_charts_on_the_server(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/indicators", params={"year": "2025"})
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and 'role="img"' in html
    assert "Chỉ tiêu năm 2025 so với mục tiêu kế hoạch" in html
    assert "Tỷ trọng giao dịch tài sản trí tuệ" in html
    assert "tối thiểu 15,0 % (2025)" in html
    assert not re.search(r'(src|href)="https?://', html)
    assert (await client.get("/indicators", params={"year": "1066"})).status_code == 200
