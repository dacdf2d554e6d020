"""The audit trail of a register entry: every step from the broker's draft to the department's
verification and exclusion, with who did it, and contract values hidden from those who may not
see them."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import OrganizationType, PlatformRole
from tests.deal.world import headers, make_world, move, open_deal
from tests.factories import make_organization, make_user
from tests.transaction.factories import make_transaction


async def test_the_trail_follows_the_entry_from_draft_to_exclusion(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    signed = await move(
        client,
        world.broker,
        deal["id"],
        stage="contract_signed",
        signed_on=(date.today() - timedelta(days=3)).isoformat(),
        value_vnd=800_000_000,
        category="technology_transfer",
    )
    url = f"/api/v1/transactions/{signed.json()['transaction_id']}"
    broker, supplier, staff = [
        await headers(client, user) for user in (world.broker, world.supplier, world.staff)
    ]
    await client.patch(url, json={"value_vnd": 850_000_000}, headers=broker)
    await client.patch(url, json={"value_vnd": 850_000_000}, headers=broker)  # no change
    await client.patch(url, json={"status": "signed"}, headers=supplier)
    await client.post(f"{url}/verification", json={"verified": True}, headers=staff)
    await client.post(
        f"{url}/exclusion",
        json={"excluded": True, "reason": "Hợp đồng trùng với hồ sơ đã nhập"},
        headers=staff,
    )

    trail = await client.get(f"{url}/history", headers=staff)
    assert trail.status_code == 200, trail.text
    steps = [(e["action"], e["actor_id"], e["changes"]) for e in trail.json()]
    assert steps == [
        ("recorded", world.broker.id, {"status": "draft", "deal_id": deal["id"]}),
        ("corrected", world.broker.id, {"value_vnd": [800_000_000, 850_000_000]}),
        ("corrected", world.supplier.id, {"status": ["draft", "signed"]}),
        ("verified", world.staff.id, {}),
        ("excluded", world.staff.id, {"reason": "Hợp đồng trùng với hồ sơ đã nhập"}),
    ]
    # The parties and the deal's broker read the same trail.
    for viewer in (broker, supplier):
        assert (await client.get(f"{url}/history", headers=viewer)).json() == trail.json()
    stranger = await headers(client, world.rival_broker)
    assert (await client.get(f"{url}/history", headers=stranger)).status_code == 404


async def test_an_intermediary_without_the_value_reads_the_trail_without_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    supplier = await make_organization(session, type=OrganizationType.university)
    recipient = await make_organization(session)
    named = await make_organization(session, type=OrganizationType.intermediary)
    transaction = await make_transaction(session, supplier, recipient, intermediary_id=named.id)
    member = await make_user(session, organization=recipient)
    url = f"/api/v1/transactions/{transaction.id}"
    corrected = await client.patch(
        url, json={"value_vnd": 123_456_789}, headers=await headers(client, member)
    )
    assert corrected.status_code == 200, corrected.text

    broker = await make_user(session, organization=named, platform_role=PlatformRole.broker)
    trail = await client.get(f"{url}/history", headers=await headers(client, broker))
    assert trail.status_code == 200
    assert trail.json()[-1]["action"] == "corrected"
    assert trail.json()[-1]["changes"] == {"value_vnd": None}
    assert "123456789" not in trail.text
