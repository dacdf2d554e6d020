"""A hostile listing title (a script tag, an image with a handler, zero-width characters) posted
through the API is shown as plain text wherever the site shows it. (A right-to-left override
never gets that far: the API refuses it in names and titles.)"""

from __future__ import annotations

import time

import httpx
from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import Journey

DEMO_PASSWORD = "demo-password-2026"
HOSTILE_TITLE = "Máy sấy <script>alert('xss')</script>evil\u200b\u200d <img src=x onerror=alert(2)>"
_INDEX_SECONDS = 30


def _token(api: httpx.Client, email: str) -> dict[str, str]:
    response = api.post("/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _publish_hostile_offer(live_server: str) -> int:
    with httpx.Client(base_url=live_server, timeout=30) as api:
        owner = _token(api, "vien@demo.techex.vn")
        created = api.post(
            "/api/v1/offers",
            json={
                "title": HOSTILE_TITLE,
                "summary": "Sấy nông sản bằng bơm nhiệt.",
                "description": "Máy sấy bơm nhiệt cho vải, nhãn.",
                "field_code": "20305",
                "trl": 6,
            },
            headers=owner,
        )
        assert created.status_code == 201, created.text
        offer_id: int = created.json()["id"]
        department = _token(api, "sokhcn@demo.techex.vn")
        published = api.post(f"/api/v1/offers/{offer_id}/publish", json={}, headers=department)
        assert published.status_code == 200, published.text
        # The search index follows through the outbox worker of `techex serve`.
        deadline = time.monotonic() + _INDEX_SECONDS
        while time.monotonic() < deadline:
            found = api.get("/api/v1/search", params={"q": "evil", "per_page": 50}).json()
            if any(item["id"] == offer_id for item in found["items"]):
                return offer_id
            time.sleep(0.1)  # polling interval under a deadline
        raise AssertionError("the hostile offer never reached the search index")


def test_a_hostile_title_is_escaped_wherever_it_shows(
    page: Page, journey: Journey, live_server: str
) -> None:
    offer_id = _publish_hostile_offer(live_server)
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    for path, label in (
        (f"/offers/{offer_id}", "offer"),
        ("/search?q=evil", "search"),
        ("/", "home"),
    ):
        page.goto(path)
        expect(page.get_by_text("<script>alert('xss')</script>", exact=False).first).to_be_visible()
        assert page.locator("main script").count() == 0
        assert page.locator("main img").count() == 0
        journey.check(label)
    assert dialogs == []
    heading = page.goto(f"/offers/{offer_id}") and page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Máy sấy <script>")
