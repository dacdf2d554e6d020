"""Indicator values against examples computed by hand, one rule of method v1 at a time.

The 2025 world (values in millions of đồng), all in scope unless said otherwise:
  1 institute → enterprise A   technology transfer          100  domestic
  2 enterprise B → A           equipment with technology    200  domestic (completed)
  3 JP enterprise → A          technology transfer          300  inbound (registered)
  4 CN enterprise → B          equipment with technology    400  inbound
  5 A → B                      trademark licence             50  domestic: IP, not technology
  6 university → KR enterprise patent assignment            150  outbound: domestic origin
  7 institute → B              S&T service                   80  neither IP nor technology
  8 institute → A              draft                       1000  out of scope
  9 JP → A                     cancelled                   2000  out of scope
 10 B → A                      excluded by the department  3000  out of scope
2024: 500 + 300 = 800; 2022 (plan 149's base year): 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, User
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    Ownership,
    PlatformRole,
    TransactionStatus,
)
from app.models.vocabulary import TransactionCategory as C
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import MILLION, make_transaction

M = MILLION


@dataclass
class World:
    institute: Organization
    university: Organization
    enterprise_a: Organization
    enterprise_b: Organization
    japan: Organization
    china: Organization
    korea: Organization
    officer: User


@pytest.fixture
async def world(session: AsyncSession) -> World:
    w = World(
        institute=await make_organization(session, type=OrganizationType.research_institute),
        university=await make_organization(session, type=OrganizationType.university),
        enterprise_a=await make_organization(session, ownership=Ownership.private),
        enterprise_b=await make_organization(session, ownership=Ownership.state),
        japan=await make_organization(session, country="JP"),
        china=await make_organization(session, country="CN"),
        korea=await make_organization(session, country="KR"),
        officer=await make_user(session, platform_role=PlatformRole.department),
    )
    await make_transaction(session, w.institute, w.enterprise_a, millions=100, verified=True)
    await make_transaction(
        session,
        w.enterprise_b,
        w.enterprise_a,
        category=C.equipment_with_technology,
        millions=200,
        status=TransactionStatus.completed,
    )
    await make_transaction(
        session,
        w.japan,
        w.enterprise_a,
        millions=300,
        status=TransactionStatus.registered,
        verified=True,
        signed_on=date(2025, 2, 10),
    )
    await make_transaction(
        session, w.china, w.enterprise_b, category=C.equipment_with_technology, millions=400
    )
    await make_transaction(
        session,
        w.enterprise_a,
        w.enterprise_b,
        category=C.ip_license,
        ip_type=IPType.trademark,
        millions=50,
    )
    await make_transaction(
        session,
        w.university,
        w.korea,
        category=C.ip_assignment,
        ip_type=IPType.patent,
        millions=150,
    )
    await make_transaction(session, w.institute, w.enterprise_b, category=C.st_service, millions=80)
    await make_transaction(
        session, w.institute, w.enterprise_a, millions=1000, status=TransactionStatus.draft
    )
    await make_transaction(
        session, w.japan, w.enterprise_a, millions=2000, status=TransactionStatus.cancelled
    )
    await make_transaction(
        session,
        w.enterprise_b,
        w.enterprise_a,
        millions=3000,
        excluded_from_statistics=True,
        exclusion_reason="Hợp đồng khai trùng",
    )
    await make_transaction(
        session, w.institute, w.enterprise_a, millions=500, signed_on=date(2024, 3, 1)
    )
    await make_transaction(
        session, w.japan, w.enterprise_a, millions=300, signed_on=date(2024, 9, 1)
    )
    await make_transaction(
        session, w.institute, w.enterprise_b, millions=400, signed_on=date(2022, 5, 1)
    )
    return w


def by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in body["indicators"]}


async def indicators(
    client: httpx.AsyncClient, headers: dict[str, str] | None = None, **params: Any
) -> dict[str, dict[str, Any]]:
    response = await client.get("/api/v1/indicators", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return by_code(response.json())


async def test_indicators_by_value_follow_every_rule(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = await auth_headers(client, world.officer)
    response = await client.get("/api/v1/indicators", params={"year": 2025}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025
    assert body["method_version"] == "v1"
    got = by_code(body)

    # Drafts, cancelled and excluded transactions are left out: 100+200+300+400+50+150+80.
    assert got["transaction_value"]["value"] == 1280 * M
    # The trademark licence (50) and the patent assignment (150) are IP.
    assert got["ip_share"]["numerator"] == 200 * M
    assert got["ip_share"]["denominator"] == 1280 * M
    assert got["ip_share"]["value"] == pytest.approx(200 / 1280)
    # Technology: 1, 2, 3, 4 and the patent (6); not the trademark licence nor the service.
    assert got["imported_share"]["denominator"] == 1150 * M
    assert got["imported_share"]["numerator"] == 700 * M
    assert got["imported_share"]["value"] == pytest.approx(700 / 1150)
    # Japan is developed, China is not.
    assert got["imported_share_developed"]["numerator"] == 300 * M
    assert got["imported_share_developed"]["value"] == pytest.approx(300 / 1150)
    # Domestic origin: 1, 2 and the outbound patent (6); institutes and universities: 1 and 6.
    assert got["institute_share"]["denominator"] == 450 * M
    assert got["institute_share"]["numerator"] == 250 * M
    assert got["institute_share"]["value"] == pytest.approx(250 / 450)


async def test_indicators_by_count(client: httpx.AsyncClient, world: World) -> None:
    got = await indicators(
        client, await auth_headers(client, world.officer), year=2025, measure="count"
    )
    assert got["transaction_value"]["value"] == 7
    assert got["ip_share"]["value"] == pytest.approx(2 / 7)
    assert got["imported_share"]["value"] == pytest.approx(2 / 5)
    assert got["imported_share_developed"]["value"] == pytest.approx(1 / 5)
    assert got["institute_share"]["value"] == pytest.approx(2 / 3)
    assert got["transaction_value_growth"]["value"] == pytest.approx(7 / 2 - 1)


async def test_growth_and_average_growth_from_the_plans_base_year(
    client: httpx.AsyncClient, world: World
) -> None:
    got = await indicators(client, await auth_headers(client, world.officer), year=2025)
    growth = got["transaction_value_growth"]
    assert growth["value"] == pytest.approx(1280 / 800 - 1)
    assert (growth["numerator"], growth["denominator"]) == (1280 * M, 800 * M)
    assert growth["base_year"] == 2022
    average = (1280 / 400) ** (1 / 3) - 1
    assert growth["average_growth"] == pytest.approx(average)
    # Plan 149's 2025 target (about 25 % a year) is compared with the average growth.
    assert growth["target"] == pytest.approx(0.25)
    assert growth["gap"] == pytest.approx(average - 0.25)
    assert growth["target_basis"] == "average_growth"


async def test_targets_and_gaps_come_from_plan_149(client: httpx.AsyncClient, world: World) -> None:
    got = await indicators(client, await auth_headers(client, world.officer), year=2025)
    assert got["ip_share"]["target"] == pytest.approx(0.15)
    assert got["ip_share"]["gap"] == pytest.approx(200 / 1280 - 0.15)
    assert got["ip_share"]["meets_target"] is True
    assert got["ip_share"]["target_basis"] == "value"
    assert got["imported_share"]["target"] == pytest.approx(0.30)
    assert got["institute_share"]["target"] == pytest.approx(0.35)
    # 2026 is measured against the 2030 milestone.
    later = await indicators(client, await auth_headers(client, world.officer), year=2026)
    assert later["ip_share"]["target"] == pytest.approx(0.20)
    assert later["ip_share"]["target_year"] == 2030


async def test_verified_only_counts_verified_transactions(
    client: httpx.AsyncClient, world: World
) -> None:
    got = await indicators(
        client, await auth_headers(client, world.officer), year=2025, verified_only="true"
    )
    # Only 1 (institute, 100) and 3 (Japan, 300) are verified.
    assert got["transaction_value"]["value"] == 400 * M
    assert got["ip_share"]["value"] == 0
    assert got["imported_share"]["value"] == pytest.approx(300 / 400)
    assert got["institute_share"]["value"] == pytest.approx(1.0)


async def test_an_empty_denominator_gives_no_value(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    # 2019 holds only a trademark licence: there is no technology transaction at all.
    await make_transaction(
        session,
        world.enterprise_a,
        world.enterprise_b,
        category=C.ip_license,
        ip_type=IPType.trademark,
        signed_on=date(2019, 4, 1),
    )
    got = await indicators(client, await auth_headers(client, world.officer), year=2019)
    assert got["imported_share"]["value"] is None
    assert got["imported_share"]["denominator"] == 0
    assert got["institute_share"]["value"] is None
    assert got["ip_share"]["value"] == pytest.approx(1.0)
    # No 2018 transactions: growth has no value either.
    assert got["transaction_value_growth"]["value"] is None
    empty = await indicators(client, await auth_headers(client, world.officer), year=2010)
    assert empty["transaction_value"]["value"] == 0
    assert empty["ip_share"]["value"] is None


async def test_snapshots_do_not_move_when_an_organisation_is_edited_later(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = await auth_headers(client, world.officer)
    before = await indicators(client, headers, year=2025)
    # The department re-classifies enterprise B as a research institute and Japan's
    # supplier as Chinese: 2025's figures describe the parties as they were at signing.
    for organization, change in (
        (world.enterprise_b, {"type": "research_institute", "ownership": None}),
        (world.japan, {"country": "CN"}),
    ):
        response = await client.patch(
            f"/api/v1/organizations/{organization.id}", json=change, headers=headers
        )
        assert response.status_code == 200, response.text
    after = await indicators(client, headers, year=2025)
    assert after == before


async def test_the_developed_country_list_is_editable(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = await auth_headers(client, world.officer)
    plans = (await client.get("/api/v1/plans")).json()
    plan = next(p for p in plans if p["code"] == "149/KH-UBND")
    assert "JP" in plan["developed_countries"] and "CN" not in plan["developed_countries"]
    response = await client.patch(
        f"/api/v1/plans/{plan['id']}",
        json={"developed_countries": ["cn"]},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    got = await indicators(client, headers, year=2025)
    assert got["imported_share_developed"]["value"] == pytest.approx(400 / 1150)


async def test_quarter_and_range_of_years(client: httpx.AsyncClient, world: World) -> None:
    headers = await auth_headers(client, world.officer)
    q1 = await indicators(client, headers, year=2025, quarter=1)
    assert q1["transaction_value"]["value"] == 300 * M  # only the Japanese contract (February)
    assert q1["imported_share"]["value"] == pytest.approx(1.0)
    span = await indicators(client, headers, **{"from": 2024, "to": 2025})
    assert span["transaction_value"]["value"] == (1280 + 800) * M
    assert span["transaction_value_growth"]["value"] == pytest.approx(1280 / 800 - 1)


async def test_series_year_by_year(client: httpx.AsyncClient, world: World) -> None:
    headers = await auth_headers(client, world.officer)
    response = await client.get(
        "/api/v1/indicators/series", params={"from": 2023, "to": 2025}, headers=headers
    )
    assert response.status_code == 200
    years = {r["year"]: by_code(r) for r in response.json()["years"]}
    assert [years[y]["transaction_value"]["value"] for y in (2023, 2024, 2025)] == [
        0,
        800 * M,
        1280 * M,
    ]
    assert years[2025]["transaction_value_growth"]["value"] == pytest.approx(0.6)
    assert years[2024]["transaction_value_growth"]["value"] is None  # nothing in 2023


async def test_breakdown_by_supplier_type(client: httpx.AsyncClient, world: World) -> None:
    headers = await auth_headers(client, world.officer)
    response = await client.get(
        "/api/v1/indicators/breakdown",
        params={"year": 2025, "by": "supplier_type"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    groups = {g["key"]: by_code(g) for g in response.json()["groups"]}
    assert groups["research_institute"]["transaction_value"]["value"] == 180 * M
    assert groups["university"]["transaction_value"]["value"] == 150 * M
    assert groups["enterprise"]["transaction_value"]["value"] == 950 * M
    assert groups["enterprise"]["imported_share"]["value"] == pytest.approx(700 / 900)


async def test_drill_down_lists_numerator_and_denominator(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = await auth_headers(client, world.officer)

    async def values(part: str) -> list[int]:
        response = await client.get(
            "/api/v1/indicators/imported_share/transactions",
            params={"year": 2025, "part": part},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        return sorted(t["value_vnd"] // M for t in response.json()["items"])

    assert await values("numerator") == [300, 400]
    assert await values("denominator") == [100, 150, 200, 300, 400]


async def test_sums_naming_few_contracts_are_withheld_from_the_public_with_their_shares(
    client: httpx.AsyncClient, world: World
) -> None:
    got = await indicators(client, year=2025)
    # 7 contracts between 7 parties stand behind the total: shown.
    assert got["transaction_value"]["value"] == 1280 * M
    # Only 2 behind the imported numerator: the sum and the share (share × denominator would
    # give the sum back) are withheld.
    assert got["imported_share"]["numerator"] is None
    assert got["imported_share"]["value"] is None
    # A breakdown group of one or two contracts would give away their prices.
    response = await client.get(
        "/api/v1/indicators/breakdown", params={"year": 2025, "by": "supplier_type"}
    )
    groups = {g["key"]: by_code(g) for g in response.json()["groups"]}
    for thin in ("university", "research_institute"):
        assert groups[thin]["transaction_value"]["value"] is None
        assert groups[thin]["transaction_value"]["numerator"] is None
    response = await client.get(
        "/api/v1/indicators/breakdown",
        params={"year": 2025, "by": "supplier_type", "measure": "count"},
    )
    counts = {g["key"]: by_code(g) for g in response.json()["groups"]}
    assert counts["enterprise"]["transaction_value"]["value"] == 4  # numbers are not secret
    # The department sees every figure.
    headers = await auth_headers(client, world.officer)
    assert (await indicators(client, headers, year=2025))["imported_share"]["numerator"] == (
        700 * M
    )
    # Anonymous drill-down shows no transaction at all.
    response = await client.get(
        "/api/v1/indicators/imported_share/transactions", params={"year": 2025}
    )
    assert response.json()["total"] == 0


async def test_method_card_in_both_languages(client: httpx.AsyncClient) -> None:
    vi = (await client.get("/api/v1/indicators/method")).json()
    en = (await client.get("/api/v1/indicators/method", params={"lang": "en"})).json()
    assert vi["method_version"] == en["method_version"] == "v1"
    assert {e["code"] for e in vi["indicators"]} == {e["code"] for e in en["indicators"]}
    assert (
        "nhãn hiệu" in next(e for e in vi["indicators"] if e["code"] == "imported_share")["formula"]
    )
    assert (
        "trademarks"
        in next(e for e in en["indicators"] if e["code"] == "imported_share")["formula"]
    )


async def test_plan_targets_are_edited_by_the_department_only(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = next(p for p in (await client.get("/api/v1/plans")).json() if p["code"] == "149/KH-UBND")
    target = {"indicator_code": "ip_share", "year": 2025, "value": "0.18", "comparison": ">"}
    member = await make_user(session, organization=world.enterprise_a)
    refused = await client.put(
        f"/api/v1/plans/{plan['id']}/targets",
        json=target,
        headers=await auth_headers(client, member),
    )
    assert refused.status_code == 403
    headers = await auth_headers(client, world.officer)
    response = await client.put(f"/api/v1/plans/{plan['id']}/targets", json=target, headers=headers)
    assert response.status_code == 200, response.text
    got = await indicators(client, headers, year=2025)
    assert got["ip_share"]["target"] == pytest.approx(0.18)
    assert got["ip_share"]["meets_target"] is False
    bad = await client.put(
        f"/api/v1/plans/{plan['id']}/targets",
        json={**target, "indicator_code": "happiness"},
        headers=headers,
    )
    assert bad.status_code == 422


async def test_breakdown_by_field_and_commune(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await make_user(session, platform_role=PlatformRole.department)
    institute = await make_organization(
        session, type=OrganizationType.research_institute, commune_code="09187"
    )
    local = await make_organization(session, commune_code="09319")
    japan = await make_organization(session, country="JP")
    day = date(2017, 5, 5)
    await make_transaction(
        session, institute, local, millions=10, field_code="40101", signed_on=day
    )
    await make_transaction(session, institute, local, millions=30, field_code="401", signed_on=day)
    await make_transaction(
        session, japan, institute, millions=60, field_code="20301", signed_on=day
    )
    headers = await auth_headers(client, officer)

    async def groups(by: str) -> dict[str, dict[str, Any]]:
        response = await client.get(
            "/api/v1/indicators/breakdown", params={"year": 2017, "by": by}, headers=headers
        )
        assert response.status_code == 200, response.text
        return {g["key"]: {"label": g["label"], **by_code(g)} for g in response.json()["groups"]}

    fields = await groups("field")
    assert fields["4"]["transaction_value"]["value"] == 40 * M  # level 1: agricultural sciences
    assert fields["2"]["imported_share"]["value"] == pytest.approx(1.0)
    communes = await groups("commune")
    # The province's party: the recipient when local, so the institute's commune for Japan's.
    assert communes["09319"]["transaction_value"]["value"] == 40 * M
    assert communes["09187"]["transaction_value"]["value"] == 60 * M
    assert communes["09187"]["label"] != "09187"


async def test_growth_drills_down_to_this_year_and_the_year_before(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = await auth_headers(client, world.officer)
    url = "/api/v1/indicators/transaction_value_growth/transactions"
    numerator = await client.get(url, params={"year": 2025, "per_page": 100}, headers=headers)
    denominator = await client.get(
        url, params={"year": 2025, "part": "denominator"}, headers=headers
    )
    assert sum(t["value_vnd"] for t in numerator.json()["items"]) == 1280 * M
    assert sorted(t["value_vnd"] // M for t in denominator.json()["items"]) == [300, 500]
    q1 = await client.get(
        "/api/v1/indicators/imported_share/transactions",
        params={"year": 2025, "quarter": 1},
        headers=headers,
    )
    assert [t["value_vnd"] // M for t in q1.json()["items"]] == [300]
    total = await client.get(
        "/api/v1/indicators/transaction_value/transactions",
        params={"year": 2025, "part": "denominator"},
        headers=headers,
    )
    assert total.status_code == 422
    unknown = await client.get("/api/v1/indicators/happiness/transactions", headers=headers)
    assert unknown.status_code == 404
