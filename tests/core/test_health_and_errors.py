"""/healthz, /readyz and the shape of errors."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from app.search.engines.base import EngineHealth


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_reports_database_migrations_and_search(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["detail"] == "at head"
    assert checks["search"] == {
        "ok": True,
        "engine": "tantivy",
        "detail": checks["search"]["detail"],
        "cache": {"hits": 0, "misses": 0, "entries": 0},
    }


async def test_readyz_is_503_when_the_search_engine_is_down(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    class Down:
        name = "meilisearch"

        async def health(self) -> EngineHealth:
            return EngineHealth(ok=False, detail="connection refused")

    app.state.search_engine = Down()
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"
    assert response.json()["checks"]["search"]["detail"] == "connection refused"


async def test_unknown_route_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "Nothing is found at this address; check it against the API documentation "
        "at /docs.",
    }


async def test_missing_resource_names_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/organizations/987654", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "Organisation 987654 does not exist.",
    }


async def test_bad_query_parameter_is_named(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/organizations", params={"per_page": 1000, "type": "alien"})
    assert response.status_code == 422
    assert {f["field"] for f in response.json()["fields"]} == {"per_page", "type"}


async def test_security_headers_on_answers_and_errors(client: httpx.AsyncClient) -> None:
    for path, status in (("/healthz", 200), ("/api/v1/organizations/987654", 404)):
        response = await client.get(path)
        assert response.status_code == status
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def test_docs_list_the_auth_user_and_organisation_operations(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/docs")).status_code == 200
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/register",
        "/api/v1/users/me",
        "/api/v1/organizations",
        "/api/v1/organizations/{organization_id}",
    ):
        assert path in paths


async def test_an_id_beyond_the_database_range_is_a_422_not_a_500(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/api/v1/offers/", "/api/v1/organizations/", "/api/v1/demands/"):
        response = await client.get(path + "100000000000000000000")
        assert response.status_code == 422, (path, response.text)
        # Refused by the id type at the edge, or by the handler if a number gets past it.
        detail = response.json()["detail"]
        assert "9.223.372.036.854.775.807" in detail or "9223372036854775807" in detail
