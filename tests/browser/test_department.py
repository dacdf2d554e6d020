"""The department's dashboard in Chromium: it verifies a transaction an enterprise recorded,
sees the verified indicators change and drills down to it, then downloads the register as XLSX
and reads it with openpyxl; it edits plan 149's 2030 target and sees the new gap. Each page is
checked with axe; the dashboard is used at 360 px too."""

from __future__ import annotations

import io
import re
import secrets
from datetime import date

import httpx
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
DEPARTMENT = "sokhcn@demo.techex.vn"
ENTERPRISE = "doanhnghiep@demo.techex.vn"
INSTITUTE = "vien@demo.techex.vn"
PHONE = {"width": 360, "height": 780}


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".who")).to_be_visible()


def _amount(text: str) -> int:
    """ "12.345.000 ₫" → 12345000."""
    return int(re.sub(r"[^0-9]", "", text))


def _percent(text: str) -> float:
    """ "15,3 %" → 15.3 (the first percentage in the text)."""
    match = re.search(r"(\d+(?:,\d+)?) %", text)
    assert match, text
    return float(match.group(1).replace(",", "."))


def _api(base_url: str, email: str) -> httpx.Client:
    tokens = httpx.post(
        f"{base_url}/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD}
    ).json()
    return httpx.Client(
        base_url=f"{base_url}/api/v1",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def _record_a_contract(base_url: str, subject: str, value: int) -> int:
    """An enterprise records the contract it signed today with an institute, as the API
    lets a party do: self-reported, counted in the statistics, not yet verified."""
    institute = _api(base_url, INSTITUTE).get("/users/me").json()["organization_id"]
    enterprise = _api(base_url, ENTERPRISE)
    own = enterprise.get("/users/me").json()["organization_id"]
    response = enterprise.post(
        "/transactions",
        json={
            "subject": subject,
            "supplier_id": institute,
            "recipient_id": own,
            "category": "technology_transfer",
            "signed_on": date.today().isoformat(),
            "value_vnd": value,
        },
    )
    assert response.status_code == 201, response.text
    number: int = response.json()["id"]
    return number


def test_the_department_verifies_a_transaction_drills_down_and_exports_it(
    page: Page, journey: Journey, live_server: str
) -> None:
    year = date.today().year
    subject = f"Chuyển giao quy trình sấy vải thiều {secrets.token_hex(2)}"
    value = 777_000_000
    number = _record_a_contract(live_server, subject, value)
    _sign_in(page, DEPARTMENT)
    page.get_by_role("link", name="Sở KH&CN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Các chỉ tiêu so với mục tiêu của kế hoạch"
    )
    page.check("#verified_only")
    page.get_by_role("button", name="Xem", exact=True).click()
    total_cell = page.locator("#row-transaction_value td.figure")
    before = _amount(total_cell.inner_text())
    journey.check("dashboard-verified-before")

    # The register: the contract found by the words of its subject.
    page.get_by_role("link", name="Sổ giao dịch").first.click()
    page.fill("#f-subject", subject.split()[-1])
    page.select_option("#f-verification", "self_reported")
    page.get_by_role("button", name="Lọc").click()
    journey.check("register-filtered")
    first = page.locator("table.register tbody tr")
    expect(first).to_have_count(1)
    assert int(first.locator("td").first.inner_text()) == number
    assert _amount(first.locator("td").nth(7).inner_text()) == value
    first.locator("td").first.get_by_role("link").click()
    expect(page.locator("#verification-status")).to_contain_text("Tự khai báo")
    journey.check("transaction")
    page.get_by_role("button", name="Xác nhận đã xác minh").click()
    expect(page.get_by_role("status")).to_have_text("Giao dịch đã được xác minh.")
    expect(page.locator("#verification-status")).to_contain_text("Đã được Sở xác minh")
    expect(page.locator("table.history")).to_contain_text("Sở đã xác minh")
    journey.check("transaction-verified")

    # The verified total grows by exactly its value, and the figure drills down to it.
    page.goto(f"/department?year={year}&verified_only=1")
    assert _amount(total_cell.inner_text()) == before + value
    journey.check("dashboard-verified-after")
    total_cell.get_by_role("link").click()
    expect(page.locator("#drill-scope")).to_contain_text("tử số")
    expect(page.locator(f"#transaction-{number}")).to_be_visible()
    journey.check("drill-down")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename == f"giao-dich-khcn-{year}.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active  # noqa: SIM115
    assert sheet is not None
    header = [cell.value for cell in sheet[2]]
    rows = {line[0].value: line for line in sheet.iter_rows(min_row=3) if line[0].value}
    assert number in rows, "the verified transaction is in the export, its number a number"
    line = rows[number]
    assert line[header.index("Xác minh")].value == "Đã được Sở xác minh"
    assert line[header.index("Giá trị (đồng)")].value == value
    assert line[header.index("Ngày ký")].is_date
    assert line[header.index("Bên giao")].value and not str(
        line[header.index("Bên giao")].value
    ).startswith("#")
    # Every row is a verified contract of the year: the export is the drill-down's list.
    assert {line[header.index("Xác minh")].value for line in rows.values()} == {
        "Đã được Sở xác minh"
    }
    assert all(line[header.index("Ngày ký")].value.year == year for line in rows.values())


def test_the_department_edits_a_2030_target_and_sees_the_new_gap(
    page: Page, journey: Journey
) -> None:
    _sign_in(page, DEPARTMENT)
    page.goto("/department")
    ip_row = page.locator("#row-ip_share")
    share = _percent(ip_row.locator("td.figure").inner_text())
    journey.check("dashboard-before")

    page.get_by_role("link", name="Mục tiêu kế hoạch").click()
    card = page.locator("#target-ip_share-2030")
    journey.check("plan")
    card.get_by_label("Mục tiêu (%)").fill("không phải số")
    card.get_by_role("button", name="Lưu mục tiêu năm 2030").click()
    expect(page.locator("#t-ip_share-2030-value-error")).to_be_visible()
    expect(card.get_by_label("Mục tiêu (%)")).to_have_value("không phải số")
    journey.check("plan-error")
    card.get_by_label("Mục tiêu (%)").fill("45,5")
    card.get_by_label("So sánh").select_option(">=")
    card.get_by_role("button", name="Lưu mục tiêu năm 2030").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu mục tiêu.")
    expect(card.get_by_label("Mục tiêu (%)")).to_have_value("45,5")

    page.get_by_role("link", name="Xem chênh lệch trên bảng điều hành").click()
    expect(ip_row.locator("td").nth(3)).to_contain_text("45,5 % (2030)")
    gap = ip_row.locator("td.gap").inner_text()
    points = float(
        re.search(r"([+−]?[\d,]+) điểm phần trăm", gap)
        .group(1)  # type: ignore[union-attr]
        .replace("−", "-")
        .replace(",", ".")
    )
    assert abs(points - (share - 45.5)) < 0.11, (gap, share)
    journey.check("dashboard-after")

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    journey.check("dashboard-phone")
