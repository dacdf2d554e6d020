"""The member's workspace in Chromium: a new enterprise registers, posts a demand with a
confidential budget, submits it; the department verifies and publishes through its API; the
enterprise reads its matches and sends an interest, the offer's owner accepts it and both
sides see the contacts. An institute imports research results from an XLSX with a bad row.
Each page is checked with axe; the forms are used at 360 px too."""

from __future__ import annotations

import io
import re
import secrets

import httpx
from openpyxl import Workbook
from playwright.sync_api import BrowserContext, Page, expect

from app.reference.tax_code import check_digit
from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
DEPARTMENT = "sokhcn@demo.techex.vn"
INSTITUTE = "vien@demo.techex.vn"
HYDROPONICS_OFFER = "Quy trình sản xuất rau ăn lá thủy canh hồi lưu trong nhà màng"
PHONE = {"width": 360, "height": 780}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]


def _tax_code() -> str:
    while True:
        first_nine = "23" + "".join(secrets.choice("0123456789") for _ in range(7))
        digit = check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)


def _department(base_url: str) -> httpx.Client:
    tokens = httpx.post(
        f"{base_url}/api/v1/auth/token", data={"username": DEPARTMENT, "password": DEMO_PASSWORD}
    ).json()
    return httpx.Client(
        base_url=f"{base_url}/api/v1",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_an_enterprise_posts_a_demand_sends_an_interest_and_the_owner_accepts_it(
    page: Page, context: BrowserContext, journey: Journey, live_server: str
) -> None:
    name = f"Công ty TNHH Rau sạch Thuận Thành {secrets.token_hex(2)}"
    email = f"rausach-{secrets.token_hex(3)}@example.vn"
    page.goto("/register")
    page.fill('input[name="full_name"]', "Trần Văn Bình")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', "rau-sach-thuan-thanh-2026")
    page.fill('input[name="organization.name"]', name)
    page.select_option('select[name="organization.type"]', "enterprise")
    page.select_option('select[name="organization.ownership"]', "private")
    page.fill('input[name="organization.tax_code"]', _tax_code())
    journey.check("register")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/account\?registered=1$"))

    with _department(live_server) as department:
        found = department.get("/organizations", params={"q": name, "status": "pending"}).json()
        organization_id = found["items"][0]["id"]
        verified = department.post(
            f"/organizations/{organization_id}/verification", json={"status": "verified"}
        )
        assert verified.status_code == 200, verified.text

    page.goto("/workspace")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không gian làm việc")
    journey.check("workspace")
    page.get_by_role("link", name="Đăng nhu cầu").first.click()
    page.fill('input[name="title"]', "Cần công nghệ trồng rau thủy canh trong nhà màng")
    page.fill(
        'textarea[name="problem"]',
        "Mở rộng vùng rau an toàn 2 ha: cần quy trình rau ăn lá thủy canh hồi lưu trong nhà màng.",
    )
    page.select_option('select[name="field_code"]', "40104")
    page.fill('input[name="keywords"]', "rau thủy canh, nhà màng, rau an toàn")
    page.fill('input[name="budget_max_vnd"]', "1.500.000.000")
    page.get_by_label("Bảo mật ngân sách").check()
    page.get_by_label("Hợp đồng chuyển giao công nghệ độc lập").check()
    journey.check("demand-form")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.locator("main")).to_contain_text("Chờ duyệt")
    expect(page.locator("main")).to_contain_text("1.500.000.000")
    demand_id = int(re.search(r"/demand/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    journey.check("demand-submitted")

    with _department(live_server) as department:
        published = department.post(f"/demands/{demand_id}/publish")
        assert published.status_code == 200, published.text

    # Others never read the confidential budget.
    assert "1.500.000.000" not in httpx.get(f"{live_server}/demands/{demand_id}").text

    page.goto(f"/workspace/listings/demand/{demand_id}/matches")
    match = page.locator(".match-list > li").filter(has_text=HYDROPONICS_OFFER)
    expect(match.locator(".reasons li").first).to_be_visible()
    journey.check("matches")
    match.locator("a[href$='#interest-section']").click()
    page.fill(
        'textarea[name="intended_use"]',
        "Áp dụng cho 2 ha nhà màng tại Thuận Thành, cung cấp rau cho bếp ăn khu công nghiệp.",
    )
    page.locator("#interest-section button[type=submit]").click()
    expect(page.locator("#interest")).to_be_visible()
    journey.check("interest-sent")

    owner = context.browser.new_context(  # type: ignore[union-attr]
        base_url=live_server, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    try:
        owner_page = owner.new_page()
        owners_journey = Journey(f"{journey.name}-owner", owner_page, journey.axe)
        _sign_in(owner_page, INSTITUTE)
        owner_page.goto("/workspace/interests")
        received = owner_page.locator(".interest").filter(has_text=name)
        expect(received).to_contain_text("Chờ trả lời")
        expect(received.locator(".contact-card")).to_have_count(0)
        owners_journey.check("received")
        received.get_by_role("button", name=re.compile("Chấp nhận và chia sẻ liên hệ")).click()
        expect(owner_page.get_by_role("status")).to_contain_text("Đã chấp nhận")
        expect(received.locator(".contact-card")).to_contain_text(email)
        owners_journey.check("accepted")
    finally:
        owner.close()

    page.goto("/workspace/interests?box=sent")
    sent = page.locator(".interest").filter(has_text=HYDROPONICS_OFFER)
    expect(sent).to_contain_text("Được chấp nhận")
    expect(sent.locator(".contact-card a[href^='mailto:']")).to_be_visible()
    expect(page.locator(".notifications-link .badge")).to_be_visible()
    journey.check("contacts-revealed")

    page.set_viewport_size(PHONE)
    _fits(page)
    journey.check("interests-phone")
    page.goto(f"/workspace/listings/demand/{demand_id}/edit")
    _fits(page)
    journey.check("demand-form-phone")


def _workbook(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["external_ref", "title", "description", "field_code", "trl", "ip_type"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_institute_imports_research_results_after_reading_the_dry_run(
    page: Page, journey: Journey
) -> None:
    suffix = secrets.token_hex(2)
    data = _workbook(
        [
            [f"KQ-{suffix}-1", "Quy trình ủ phân hữu cơ từ rơm rạ", "Ủ 30 ngày.", "40104", "6", ""],
            [
                f"KQ-{suffix}-2",
                "Chế phẩm vi sinh xử lý mùi chuồng trại",
                "Giảm mùi.",
                "4",
                "12",
                "",
            ],
            [f"KQ-{suffix}-3", "Giống nấm rơm năng suất cao", "Tăng 20 %.", "40104", "5", ""],
        ]
    )
    _sign_in(page, INSTITUTE)
    page.goto("/workspace/import")
    journey.check("import-form")
    page.set_input_files(
        'input[name="file"]',
        files=[
            {
                "name": "ket-qua-nghien-cuu.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ],
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    report = page.locator("table.import-report tbody tr")
    expect(report).to_have_count(3)
    expect(report.nth(1)).to_contain_text("Dòng lỗi, không được nhập")
    expect(report.nth(1)).to_contain_text("trl")
    expect(report.nth(0)).to_contain_text("Tin chào bán mới (bản nháp)")
    journey.check("dry-run-report")

    page.get_by_role("button", name="Nhập 2 dòng hợp lệ, bỏ qua các dòng lỗi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập: 2 mới")
    journey.check("imported")
    page.get_by_role("link", name="Xem tin chào bán của tôi").click()
    expect(page.locator("main")).to_contain_text("Quy trình ủ phân hữu cơ từ rơm rạ")
    expect(page.locator("main")).not_to_contain_text("Chế phẩm vi sinh xử lý mùi chuồng trại")

    page.set_viewport_size(PHONE)
    page.goto("/workspace/import")
    _fits(page)
    journey.check("import-phone")
