"""Art. 31 registration: who must register, the 90-day deadline, the overdue list."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import IPType, PlatformRole, TransactionCategory, TransactionStatus
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import make_transaction


async def test_overdue_registrations_are_listed_for_the_department(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    japan = await make_organization(session, country="JP")
    buyer = await make_organization(session)
    seller = await make_organization(session)
    long_ago = date.today() - timedelta(days=120)
    recently = date.today() - timedelta(days=30)
    overdue = await make_transaction(session, japan, buyer, signed_on=long_ago)
    await make_transaction(session, japan, buyer, signed_on=recently)  # still within 90 days
    await make_transaction(  # registered in time
        session,
        japan,
        buyer,
        signed_on=long_ago,
        status=TransactionStatus.registered,
        registration_certificate_no="15/GCN-SKHCN",
        registration_certificate_on=long_ago + timedelta(days=40),
    )
    await make_transaction(session, seller, buyer, signed_on=long_ago)  # domestic, private funds
    state_funded = await make_transaction(
        session, seller, buyer, signed_on=long_ago, uses_state_funds=True
    )
    await make_transaction(  # a trademark licence from abroad is not a technology transfer
        session,
        japan,
        buyer,
        signed_on=long_ago,
        category=TransactionCategory.ip_license,
        ip_type=IPType.trademark,
    )
    await make_transaction(
        session, japan, buyer, signed_on=long_ago, status=TransactionStatus.cancelled
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    response = await client.get("/api/v1/transactions/registrations/overdue", headers=headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert {t["id"] for t in items} == {overdue.id, state_funded.id}
    assert all(t["registration_overdue"] for t in items)
    assert items[0]["registration_deadline"] == (long_ago + timedelta(days=90)).isoformat()

    member = await make_user(session, organization=buyer)
    refused = await client.get(
        "/api/v1/transactions/registrations/overdue", headers=await auth_headers(client, member)
    )
    assert refused.status_code == 403

    # The certificate arrives: the contract leaves the list.
    fixed = await client.patch(
        f"/api/v1/transactions/{overdue.id}",
        json={
            "status": "registered",
            "registration_certificate_no": "99/GCN-SKHCN",
            "registration_certificate_on": date.today().isoformat(),
        },
        headers=headers,
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["registration_overdue"] is False
    response = await client.get("/api/v1/transactions/registrations/overdue", headers=headers)
    assert {t["id"] for t in response.json()["items"]} == {state_funded.id}


async def test_ip_assignments_record_the_ip_office_recordal(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    member = await make_user(session, organization=buyer)
    response = await client.post(
        "/api/v1/transactions",
        json={
            "subject": "Chuyển nhượng bằng độc quyền sáng chế số 1-0023456",
            "supplier_id": seller.id,
            "recipient_id": buyer.id,
            "category": "ip_assignment",
            "ip_type": "patent",
            "transfer_right": "ownership",
            "signed_on": "2025-01-10",
            "value_vnd": 300_000_000,
            "ip_recordal_no": "HĐ 123/2025/SHTT",
            "ip_recordal_on": "2025-02-20",
        },
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 201, response.text
    assert response.json()["ip_recordal_no"] == "HĐ 123/2025/SHTT"
    assert response.json()["requires_registration"] is False  # domestic, no state funds
