"""Using the site as a browser would, over a real HTTP client: read a form's token from the
page, post the form with it, sign in through the sign-in page."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_in(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "the page has no form token"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str], **kwargs: object
) -> httpx.Response:
    """Opens `page` (which sets the token cookie), then posts `data` with its token."""
    shown = await client.get(page)
    assert shown.status_code == 200, shown.text
    return await client.post(action, data={**data, "csrf_token": token_in(shown.text)}, **kwargs)  # type: ignore[arg-type]


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> None:
    response = await post_form(
        client, "/sign-in", "/sign-in", {"email": email, "password": password}
    )
    assert response.status_code == 303, response.text
