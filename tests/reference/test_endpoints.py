"""Reference data served by the API: communes of the new Bắc Ninh, S&T fields, countries."""

from __future__ import annotations

import httpx

from app.reference.communes import load_communes


async def test_communes_of_bac_ninh_after_july_2025(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/reference/communes")
    assert response.status_code == 200
    body = response.json()
    assert body["effective_from"] == "2025-07-01"
    assert body["source"]["number"] == "1658/NQ-UBTVQH15"
    types = [item["type"] for item in body["items"]]
    assert (types.count("ward"), types.count("commune")) == (33, 66)
    by_name = {item["name"]: item for item in body["items"]}
    # The bronze-casting village Đại Bái lies in today's commune Gia Bình.
    assert "Xã Đại Bái" in by_name["Xã Gia Bình"]["merged_from"]
    assert by_name["Xã Gia Bình"]["former_district"] == "Huyện Gia Bình"
    # Former Bắc Giang is part of the province now.
    assert by_name["Phường Bắc Giang"]["former_province"] == "Bắc Giang"


def test_commune_names_are_unique() -> None:
    names = [c.name for c in load_communes().values()]
    assert len(names) == len(set(names)) == 99


async def test_field_classification_has_three_levels(client: httpx.AsyncClient) -> None:
    level1 = (await client.get("/api/v1/reference/fields", params={"level": 1})).json()
    assert [f["code"] for f in level1] == ["1", "2", "3", "4", "5", "6"]
    environment = (await client.get("/api/v1/reference/fields", params={"parent": "2"})).json()
    assert {"code": "207", "name": "Kỹ thuật môi trường"}.items() <= next(
        f for f in environment if f["code"] == "207"
    ).items()
    level3 = (await client.get("/api/v1/reference/fields", params={"parent": "207"})).json()
    assert level3 and all(f["level"] == 3 and f["code"].startswith("207") for f in level3)


async def test_countries_carry_vietnamese_names(client: httpx.AsyncClient) -> None:
    countries = {
        c["code"]: c["name"] for c in (await client.get("/api/v1/reference/countries")).json()
    }
    assert countries["JP"] == "Nhật Bản"
    assert countries["VN"] == "Việt Nam"
    english = {
        c["code"]: c["name"]
        for c in (await client.get("/api/v1/reference/countries", params={"lang": "en"})).json()
    }
    assert english["KR"] == "South Korea"


async def test_vocabulary_has_labels_in_both_languages(client: httpx.AsyncClient) -> None:
    vocabulary = (await client.get("/api/v1/reference/vocabulary")).json()
    assert vocabulary["OrganizationType"]["research_institute"] == {
        "vi": "Viện nghiên cứu",
        "en": "Research institute",
    }
