"""Plans are data: another province's plan can replace plan 149 as the active one."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import PlatformRole
from tests.factories import auth_headers, make_user


async def test_a_new_active_plan_drives_the_targets(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    body = {
        "code": "99/KH-UBND",
        "title": "Kế hoạch phát triển thị trường KH&CN tỉnh Bắc Kạn đến năm 2030",
        "base_year": 2020,
        "targets": [
            {"indicator_code": "ip_share", "year": 2030, "value": "0.12", "comparison": ">"}
        ],
    }
    created = await client.post("/api/v1/plans", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["is_active"] is True
    assert "JP" in created.json()["developed_countries"]  # the default list
    plans = {p["code"]: p for p in (await client.get("/api/v1/plans")).json()}
    assert plans["149/KH-UBND"]["is_active"] is False

    report = (await client.get("/api/v1/indicators", params={"year": 2027})).json()
    assert report["plan"] == "99/KH-UBND"
    targets = {i["code"]: i["target"] for i in report["indicators"]}
    assert targets["ip_share"] == pytest.approx(0.12)
    assert targets["imported_share"] is None

    again = await client.post("/api/v1/plans", json=body, headers=headers)
    assert again.status_code == 409


async def test_plans_are_changed_by_the_department_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    plan = (await client.get("/api/v1/plans")).json()[0]
    response = await client.patch(
        f"/api/v1/plans/{plan['id']}",
        json={"base_year": 2021},
        headers=await auth_headers(client, user),
    )
    assert response.status_code == 403
    assert (await client.patch(f"/api/v1/plans/{plan['id']}", json={})).status_code == 401


@pytest.mark.parametrize(
    "params",
    [
        {"year": 2025, "from": 2020, "to": 2025},
        {"from": 2026, "to": 2020},
        {"from": 2020},
        {"quarter": 2, "from": 2020, "to": 2021},
        {"year": 2025, "quarter": 5},
        {"year": 2025, "measure": "weight"},
    ],
)
async def test_bad_periods_are_refused_with_a_reason(
    client: httpx.AsyncClient, params: dict[str, object]
) -> None:
    response = await client.get("/api/v1/indicators", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]
