"""The site's foundation in a real browser: the language switch, signing in with a demo
account, a form refused without its token."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"


def test_a_member_signs_in_switches_language_and_signs_out(page: Page, journey: Journey) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    journey.check("home-vi")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Sign in").click()
    journey.check("sign-in-en")

    page.get_by_label("E-mail").fill("doanhnghiep@demo.techex.vn")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").last.click()
    expect(page.locator(".error-summary")).to_contain_text("Incorrect e-mail or password.")
    expect(page.get_by_label("E-mail")).to_have_value("doanhnghiep@demo.techex.vn")
    journey.check("sign-in-refused")

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator(".facts")).to_contain_text("Đúc đồng Đại Bái")
    journey.check("account-en")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


def test_a_form_posted_without_its_token_is_refused(page: Page, live_server: str) -> None:
    page.goto("/sign-in")
    # The browser holds the token cookie; the form is sent from elsewhere, without the field.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = httpx.post(
        f"{live_server}/sign-in",
        data={"email": "doanhnghiep@demo.techex.vn", "password": DEMO_PASSWORD},
        cookies=cookies,
    )
    assert response.status_code == 403
    assert "techex_session" not in response.headers.get("set-cookie", "")

    page.evaluate("document.querySelector('main form input[name=csrf_token]').remove()")
    page.get_by_label("Thư điện tử").fill("doanhnghiep@demo.techex.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn không được xem trang này")
    page.goto("/account")
    expect(page).to_have_url(f"{live_server}/sign-in?next=%2Faccount")
