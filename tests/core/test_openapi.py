"""The API's description at /openapi.json (what /docs shows to integrators)."""

from __future__ import annotations

import httpx


async def test_every_section_of_the_docs_is_listed_in_reading_order(
    client: httpx.AsyncClient,
) -> None:
    description = (await client.get("/openapi.json")).json()
    listed = [tag["name"] for tag in description["tags"]]
    used = {
        tag
        for operations in description["paths"].values()
        for operation in operations.values()
        for tag in operation.get("tags", [])
    }
    assert used <= set(listed), f"add {used - set(listed)} to _OPENAPI_TAGS in app/main.py"
    assert listed[:2] == ["auth", "users"]
    assert "/api/v1/search" in description["paths"]
