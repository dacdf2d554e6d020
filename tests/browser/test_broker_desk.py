"""The broker's desk in Chromium: the demo's broker takes a suggestion, which opens a deal;
moves it on the pipeline board from the keyboard up to a signed contract; and records the
transaction, whose form comes pre-filled from the offer and the deal. Each page is checked
with axe; the board is used at 360 px too."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
BROKER = "moigioi@demo.techex.vn"
PHONE = {"width": 360, "height": 780}


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]


def test_a_broker_takes_a_suggestion_signs_the_contract_and_records_the_transaction(
    page: Page, journey: Journey, live_server: str
) -> None:
    _sign_in(page, BROKER)
    page.get_by_role("link", name="Bàn làm việc môi giới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiến trình thương vụ")
    journey.check("pipeline")

    page.get_by_role("link", name="Gợi ý").click()
    suggestion = page.locator(".suggestion").first
    expect(suggestion.locator(".reasons li").first).to_be_visible()
    journey.check("suggestions")
    offer_id = suggestion.locator("input[name=offer_id]:checked").get_attribute("value")
    offer = httpx.get(f"{live_server}/api/v1/offers/{offer_id}").json()
    title = f"Thương vụ: {offer['title']}"[:300]
    suggestion.locator("input[name=title]").fill(title)
    suggestion.get_by_role("button", name=re.compile("Nhận: mở thương vụ")).click()
    expect(page).to_have_url(re.compile(r"/desk/deals/\d+\?opened=1$"))
    expect(page.get_by_role("status")).to_contain_text("Thương vụ đã được mở")
    expect(page.locator("main")).to_contain_text(offer["title"])
    deal_id = int(re.search(r"/desk/deals/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    journey.check("deal-opened")

    # On the board, from the keyboard: choose the stage, Tab to the button, Enter.
    page.goto("/desk")
    card = page.locator(f"#deal-{deal_id}")
    expect(card).to_be_visible()
    page.select_option(f"#move-{deal_id}", "negotiating")
    page.focus(f"#move-{deal_id}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Thương vụ đã được chuyển giai đoạn")
    column = page.locator("section.board-column", has=page.locator(f"#deal-{deal_id}"))
    expect(column.locator("h2")).to_contain_text("Đang đàm phán")
    journey.check("moved")

    page.select_option(f"#move-{deal_id}", "contract_signed")
    card.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/desk/deals/{deal_id}/stage\?stage=contract_signed$"))
    expect(page.locator('input[name="field_code"]')).to_have_value(offer["field_code"] or "")
    page.fill('input[name="value_vnd"]', "1.250.000.000")
    page.select_option('select[name="category"]', "technology_transfer")
    page.locator('input[name="transfer_methods"][value="documents"]').check()
    journey.check("signing-form")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/desk/deals/{deal_id}\?moved={deal_id}$"))
    expect(page.locator("#h-stage + p")).to_contain_text("Đã ký hợp đồng")
    journey.check("contract-signed")

    page.get_by_role("link", name="Ghi nhận giao dịch").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ghi nhận giao dịch")
    # Pre-filled from the offer (field, IP type, a single transfer form) and the deal.
    expect(page.locator('select[name="field_code"]')).to_have_value(offer["field_code"] or "")
    expect(page.locator('select[name="ip_type"]')).to_have_value(offer["ip_type"] or "")
    if len(offer["transfer_forms"]) == 1:
        chosen = page.locator(f'input[name="transfer_form"][value="{offer["transfer_forms"][0]}"]')
        expect(chosen).to_be_checked()
    expect(page.locator('input[name="value_vnd"]')).to_have_value("1.250.000.000")
    expect(page.locator('input[name="transfer_methods"][value="documents"]')).to_be_checked()
    journey.check("transaction-form")

    if not offer["transfer_forms"]:
        page.locator('input[name="transfer_form"][value="independent_contract"]').check()
    page.locator('input[name="transfer_right"][value="right_to_use_non_exclusive"]').check()
    page.get_by_role("button", name="Lưu bản ghi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu bản ghi")
    expect(
        page.locator('input[name="transfer_right"][value="right_to_use_non_exclusive"]')
    ).to_be_checked()
    journey.check("transaction-saved")

    page.goto(f"/desk/deals/{deal_id}")
    page.fill('input[name="title"]', "Gửi dự thảo hồ sơ đăng ký hợp đồng")
    page.fill('input[name="due_on"]', "")
    page.get_by_role("button", name="Thêm việc").click()
    expect(page.locator("#f-due_on-error")).to_be_visible()
    expect(page.locator('input[name="title"]')).to_have_value("Gửi dự thảo hồ sơ đăng ký hợp đồng")
    journey.check("task-error")

    page.set_viewport_size(PHONE)
    page.goto("/desk")
    _fits(page)
    journey.check("pipeline-phone")
