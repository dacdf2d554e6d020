"""Recording the contract of a deal in the register: drafted at signing with the offer's and
the deal's terms, completed by the broker who ran the deal until a party confirms it, and its
value seen by that broker but by no other intermediary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import OrganizationType, PlatformRole
from tests.deal.world import World, headers, make_world, move, open_deal
from tests.factories import make_organization, make_user

SIGNED_ON = date.today() - timedelta(days=10)


async def sign(client: httpx.AsyncClient, world: World, **terms: Any) -> dict[str, Any]:
    deal = await open_deal(client, world)
    signed = await move(
        client,
        world.broker,
        deal["id"],
        stage="contract_signed",
        signed_on=SIGNED_ON.isoformat(),
        value_vnd=1_250_000_000,
        category="technology_transfer",
        transfer_methods=["documents", "training"],
        **terms,
    )
    assert signed.status_code == 200, signed.text
    result: dict[str, Any] = signed.json()
    return result


async def entry(client: httpx.AsyncClient, user: Any, transaction_id: int) -> httpx.Response:
    return await client.get(
        f"/api/v1/transactions/{transaction_id}", headers=await headers(client, user)
    )


async def test_the_signed_contract_reaches_the_register_prefilled(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await sign(client, world)
    record = (await entry(client, world.broker, deal["transaction_id"])).json()
    assert record["status"] == "draft" and record["deal_id"] == deal["id"]
    assert (record["field_code"], record["ip_type"], record["transfer_form"]) == (
        "20701",
        "patent",
        "independent_contract",
    )
    # The offer allows two rights: which one the contract grants is the broker's to say.
    assert record["transfer_right"] is None
    assert record["transfer_methods"] == ["documents", "training"]
    assert record["intermediary_id"] == world.broker_org.id
    # The broker typed the value in: it sees it on the register entry.
    assert record["value_vnd"] == 1_250_000_000 and record["value_visible"] is True

    listed = await client.get(
        "/api/v1/transactions",
        params={"status": "draft"},
        headers=await headers(client, world.broker),
    )
    assert [t["id"] for t in listed.json()["items"]] == [deal["transaction_id"]]


async def test_terms_given_with_the_move_win_over_the_offer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await sign(
        client,
        world,
        field_code="20702",
        transfer_form="franchise",
        transfer_right="ownership",
    )
    record = (await entry(client, world.recipient, deal["transaction_id"])).json()
    assert (record["field_code"], record["transfer_form"], record["transfer_right"]) == (
        "20702",
        "franchise",
        "ownership",
    )
    bad = await move(client, world.broker, deal["id"], stage="closed_won", field_code="zz")
    assert bad.status_code == 422 and "field_code" in bad.text


async def test_the_broker_completes_the_draft_until_a_party_confirms_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await sign(client, world)
    url = f"/api/v1/transactions/{deal['transaction_id']}"
    broker = await headers(client, world.broker)

    completed = await client.patch(
        url,
        json={"transfer_right": "right_to_use_exclusive", "value_vnd": 1_300_000_000},
        headers=broker,
    )
    assert completed.status_code == 200, completed.text
    assert completed.json()["transfer_right"] == "right_to_use_exclusive"
    assert completed.json()["value_vnd"] == 1_300_000_000

    # Confirming is a party's word, not the broker's.
    confirm = {"status": "signed"}
    refused = await client.patch(url, json=confirm, headers=broker)
    assert refused.status_code == 403 and "party" in refused.json()["detail"]
    colleague = await client.patch(
        url, json={"value_vnd": 1}, headers=await headers(client, world.broker_colleague)
    )
    assert colleague.status_code == 403  # a member of the intermediary, not a broker
    assert (await entry(client, world.broker, deal["transaction_id"])).json()["status"] == "draft"

    confirmed = await client.patch(url, json=confirm, headers=await headers(client, world.supplier))
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "signed"
    assert confirmed.json()["value_vnd"] == 1_300_000_000

    late = await client.patch(url, json={"value_vnd": 5}, headers=broker)
    assert late.status_code == 403
    record = (await entry(client, world.broker, deal["transaction_id"])).json()
    assert record["value_vnd"] == 1_300_000_000 and record["status"] == "signed"


async def test_other_intermediaries_and_outsiders_never_see_the_value(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await sign(client, world)
    transaction_id = deal["transaction_id"]
    # A broker of the same intermediary sees it; a broker of another one does not see the
    # record at all, nor does an outsider.
    same_org = await make_user(
        session, organization=world.broker_org, platform_role=PlatformRole.broker
    )
    assert (await entry(client, same_org, transaction_id)).json()["value_vnd"] == 1_250_000_000
    for stranger in (world.rival_broker, world.outsider):
        assert (await entry(client, stranger, transaction_id)).status_code == 404

    # An intermediary merely named on a record it did not broker here sees no value.
    named = await make_organization(session, type=OrganizationType.intermediary)
    named_broker = await make_user(session, organization=named, platform_role=PlatformRole.broker)
    recorded = await client.post(
        "/api/v1/transactions",
        json={
            "subject": "Hợp đồng ghi nhận trực tiếp",
            "supplier_id": world.offer.organization_id,
            "recipient_id": world.demand.organization_id,
            "intermediary_id": named.id,
            "category": "technology_transfer",
            "signed_on": SIGNED_ON.isoformat(),
            "value_vnd": 900_000_000,
        },
        headers=await headers(client, world.staff),
    )
    assert recorded.status_code == 201, recorded.text
    seen = await entry(client, named_broker, recorded.json()["id"])
    assert seen.status_code == 200 and seen.json()["value_vnd"] is None


async def test_a_deal_lost_after_signing_cancels_its_draft(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await sign(client, world)
    lost = await move(
        client, world.broker, deal["id"], stage="closed_lost", reason="Bên nhận rút lui"
    )
    assert lost.status_code == 200, lost.text
    record = (await entry(client, world.recipient, deal["transaction_id"])).json()
    assert record["status"] == "cancelled"
    history = await client.get(
        f"/api/v1/deals/{deal['id']}/history", headers=await headers(client, world.broker)
    )
    assert history.json()[-1]["changes"]["transaction_status"] == ["draft", "cancelled"]
