"""The department's moderation and the administrator in Chromium: the department rejects a
listing with a reason and its owner reads the reason; an administrator grants the broker
role, after which the account reaches what only brokers may, and reads the local mailbox.
Each page is checked with axe, and screenshots are kept."""

from __future__ import annotations

import re
import secrets

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
ADMIN = "admin@demo.techex.vn"
DEPARTMENT = "sokhcn@demo.techex.vn"
OWNER = "doanhnghiep@demo.techex.vn"
BROKER = "moigioi@demo.techex.vn"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def _fits(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling at 360 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width  # type: ignore[index]


def _api(base_url: str, email: str, password: str = DEMO_PASSWORD) -> httpx.Client:
    tokens = httpx.post(
        f"{base_url}/api/v1/auth/token", data={"username": email, "password": password}
    )
    assert tokens.status_code == 200, tokens.text
    return httpx.Client(
        base_url=f"{base_url}/api/v1",
        headers={"Authorization": f"Bearer {tokens.json()['access_token']}"},
    )


def _sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/sign-in")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account-nav .who")).to_be_visible()


def test_the_department_rejects_a_listing_and_the_owner_reads_the_reason(
    page: Page, browser: Browser, journey: Journey, live_server: str
) -> None:
    title = f"Tấm lợp fibro xi măng Đại Bái {secrets.token_hex(2)}"
    with _api(live_server, OWNER) as owner:
        created = owner.post(
            "/offers",
            json={
                "title": title,
                "description": "Dây chuyền tấm lợp dùng sợi amiăng trắng, 2 triệu m²/năm.",
                "field_code": "207",
            },
        )
        assert created.status_code == 201, created.text
        offer_id = created.json()["id"]
        submitted = owner.post(f"/offers/{offer_id}/submit")
        assert submitted.json()["status"] == "pending_review", submitted.text

    _sign_in(page, DEPARTMENT)
    page.locator(".site-nav").get_by_role("link", name="Sở KH&CN").click()
    page.locator(".workspace-nav").get_by_role("link", name="Tin chờ duyệt").click()
    expect(page).to_have_url(re.compile(r"/department/moderation$"))
    item = page.locator("article", has=page.get_by_role("heading", name=title))
    expect(item).to_contain_text("amiăng")  # the matched words of the screening hit
    expect(item).to_contain_text("Hạn chế chuyển giao")
    journey.check("queue")
    page.set_viewport_size(PHONE)
    _fits(page)
    journey.check("queue-phone")
    page.set_viewport_size(DESKTOP)

    item.get_by_role("button", name=re.compile("^Từ chối")).click()
    expect(page.locator(f"#f-reason-offer-{offer_id}-error")).to_be_visible()
    journey.check("reason-required")

    reason = "Thay amiăng bằng sợi xenlulô theo Nghị định 76/2018, rồi gửi lại."
    item = page.locator("article", has=page.get_by_role("heading", name=title))
    item.locator(f"textarea[name='reason-offer-{offer_id}']").fill(reason)
    item.get_by_role("button", name=re.compile("^Từ chối")).click()
    expect(page.locator(".notice")).to_contain_text("Đã từ chối")
    expect(page.get_by_role("heading", name=title)).to_have_count(0)
    journey.check("rejected")

    owner_context = browser.new_context(base_url=live_server, viewport=PHONE, locale="vi-VN")
    try:
        owner_page = owner_context.new_page()
        owner_journey = Journey(journey.name + "-owner", owner_page, journey.axe)
        _sign_in(owner_page, OWNER)
        owner_page.goto(f"/workspace/listings/offer/{offer_id}")
        expect(owner_page.locator("dl.facts")).to_contain_text(reason)
        expect(owner_page.locator("dl.facts")).to_contain_text("Bị từ chối")
        owner_journey.check("owner-reads-reason")
    finally:
        owner_context.close()


def test_an_administrator_grants_the_broker_role(
    page: Page, browser: Browser, journey: Journey, live_server: str
) -> None:
    email = f"moigioi-moi-{secrets.token_hex(3)}@example.vn"
    password = "san-giao-dich-bac-ninh-2026"
    with _api(live_server, ADMIN) as admin:
        broker = admin.get("/users", params={"email": BROKER}).json()["items"][0]
        created = admin.post(
            "/users",
            json={
                "email": email,
                "password": password,
                "full_name": "Đinh Thị Mai",
                "organization_id": broker["organization_id"],
            },
        )
        assert created.status_code == 201, created.text
    with _api(live_server, email, password) as newcomer:
        assert newcomer.get("/deals/desk/tasks").status_code == 403

    _sign_in(page, ADMIN)
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.locator(".link-list").get_by_role("link", name="Người dùng và vai trò").click()
    page.fill('input[name="email"]', email)
    page.get_by_role("button", name="Lọc").click()
    journey.check("users")
    page.set_viewport_size(PHONE)
    _fits(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Đinh Thị Mai").click()
    journey.check("user")
    page.get_by_label("Môi giới").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".notice")).to_contain_text("Đã lưu")
    expect(page.locator("dl.facts")).to_contain_text("Môi giới")
    journey.check("broker-granted")

    with _api(live_server, email, password) as newcomer:
        assert newcomer.get("/deals/desk/tasks").status_code == 200

    # With no SMTP server configured, the platform's e-mail is kept in the local mailbox.
    page.locator(".workspace-nav").get_by_role("link", name="Hộp thư").click()
    expect(page.get_by_role("heading", name="Hộp thư", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Chưa cấu hình máy chủ thư")
    journey.check("mailbox")

    # The broker's desk pages open to the new broker in the browser too.
    broker_context = browser.new_context(base_url=live_server, viewport=PHONE, locale="vi-VN")
    try:
        broker_page = broker_context.new_page()
        _sign_in(broker_page, email, password)
        response = broker_page.goto("/desk")
        assert response is not None and response.status == 200
        Journey(journey.name + "-broker", broker_page, journey.axe).check("desk")
    finally:
        broker_context.close()
