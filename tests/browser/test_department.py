"""The department's dashboard in Chromium: it verifies a transaction, sees the verified
indicators change and drills down to the transaction, then downloads the register as XLSX and
reads it with openpyxl; it edits plan 149's 2030 target and sees the new gap. Each page is
checked with axe; the dashboard is used at 360 px too."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
DEPARTMENT = "sokhcn@demo.techex.vn"
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


def test_the_department_verifies_a_transaction_drills_down_and_exports_it(
    page: Page, journey: Journey
) -> None:
    year = date.today().year
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

    # The register: this year's signed contracts the department has not verified yet.
    page.get_by_role("link", name="Sổ giao dịch").first.click()
    page.fill("#f-year", str(year))
    page.select_option("#f-status", "signed")
    page.select_option("#f-verification", "self_reported")
    page.select_option("#f-excluded", "no")
    page.get_by_role("button", name="Lọc").click()
    journey.check("register-filtered")
    first = page.locator("table.register tbody tr").first
    number = int(first.locator("td").first.inner_text())
    value = _amount(first.locator("td").nth(7).inner_text())
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
