"""A visitor's journey: searching without diacritics, filtering by field, reading an offer,
switching to English and back; and hostile text shown as text."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Journey


def test_a_visitor_searches_filters_opens_an_offer_and_switches_language(
    page: Page, journey: Journey
) -> None:
    page.goto("/")
    page.get_by_label("Tìm công nghệ, thiết bị và nhu cầu").fill("may say nong san")
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    expect(page.locator("#results-heading")).to_contain_text("kết quả")
    expect(page.locator(".result mark").first).to_be_visible()
    journey.check("search")

    fields = page.get_by_role("navigation", name="Lĩnh vực khoa học và công nghệ")
    fields.get_by_role("link").first.click()
    expect(fields.locator('a[aria-current="true"]')).to_have_count(1)
    journey.check("filtered-by-field")

    first = page.locator(".result h3 a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".facts").first).to_contain_text("Mức")
    journey.check("offer-vi")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Intellectual property and transfer")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/offers/\d+$"))
    journey.check("offer-en")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Sở hữu trí tuệ và chuyển giao")).to_be_visible()


def test_indicators_and_an_organisation_page_on_a_phone(page: Page, journey: Journey) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/indicators")
    expect(page.locator("svg.chart")).to_be_visible()
    # Nothing wider than the screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    journey.check("indicators-phone")

    page.goto("/search?q=dong")
    page.locator(".result .meta").first.wait_for()
    page.locator(".result h3 a").first.click()
    page.locator(".facts a").first.click()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    journey.check("organisation-phone")
