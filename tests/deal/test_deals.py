"""Deals run by intermediaries, end to end through the API: stages to a won deal (the
register entry drafted at signing, check-ins after signing), tasks and reminders, notes for the
broker's organisation only, history, valuation, and who sees what."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.deal.jobs import send_reminders
from app.models import DealEvent, Notification
from app.models.vocabulary import NotificationKind
from tests.deal.world import headers, make_world, move, open_deal

SECRET_NOTE = "Bên nhận sẵn sàng trả tới 2 tỷ, đừng nói với bên bán"


async def test_from_new_to_won_drafts_the_register_entry_at_signing_and_check_ins(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    assert deal["stage"] == "new" and deal["broker_organization_id"] == world.broker_org.id
    for stage in ("contacted", "nda_signed", "negotiating", "agreed"):
        assert (await move(client, world.broker, deal["id"], stage=stage)).status_code == 200
    signed_on = date.today() - timedelta(days=100)
    signed = await move(
        client,
        world.broker,
        deal["id"],
        stage="contract_signed",
        signed_on=signed_on.isoformat(),
        value_vnd=1_500_000_000,
        category="technology_transfer",
        transfer_methods=["documents", "training"],
    )
    assert signed.status_code == 200, signed.text
    transaction_id = signed.json()["transaction_id"]
    assert transaction_id is not None
    won = await move(client, world.broker, deal["id"], stage="closed_won")
    assert won.status_code == 200, won.text
    assert won.json()["transaction_id"] == transaction_id

    transaction = await client.get(
        f"/api/v1/transactions/{transaction_id}", headers=await headers(client, world.recipient)
    )
    assert transaction.status_code == 200, transaction.text
    assert transaction.json()["status"] == "draft"
    assert transaction.json()["supplier_id"] == world.offer.organization_id

    recipient = await headers(client, world.recipient)
    checkins = (await client.get(f"/api/v1/deals/{deal['id']}/checkins", headers=recipient)).json()
    assert [(c["days_after_signing"], c["due_on"]) for c in checkins] == [
        (days, (signed_on + timedelta(days=days)).isoformat()) for days in (30, 90, 180)
    ]
    answer = {"delivered": {"documents": True, "training": False}, "comment": "Chưa đào tạo"}
    answered = await client.put(
        f"/api/v1/deals/{deal['id']}/checkins/{checkins[0]['id']}", json=answer, headers=recipient
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["delivered"] == {"documents": True, "training": False}
    early = await client.put(
        f"/api/v1/deals/{deal['id']}/checkins/{checkins[2]['id']}", json=answer, headers=recipient
    )
    assert early.status_code == 409  # the 180-day check-in is not due yet

    history = (await client.get(f"/api/v1/deals/{deal['id']}/history", headers=recipient)).json()
    stages = [e["changes"]["stage"] for e in history if e["action"] == "stage_changed"]
    assert stages == [
        ["new", "contacted"],
        ["contacted", "nda_signed"],
        ["nda_signed", "negotiating"],
        ["negotiating", "agreed"],
        ["agreed", "contract_signed"],
        ["contract_signed", "closed_won"],
    ]
    assert all(
        e["actor_id"] == world.broker.id for e in history if e["action"] != "checkin_answered"
    )
    assert history[-1]["action"] == "checkin_answered"
    assert history[-1]["actor_id"] == world.recipient.id

    # Both parties heard of each step.
    supplier_inbox = await client.get(
        "/api/v1/notifications?per_page=50", headers=await headers(client, world.supplier)
    )
    kinds = [n["kind"] for n in supplier_inbox.json()["items"]]
    assert kinds.count("deal_stage_changed") == 6 and "deal_created" in kinds
    closed = await move(client, world.broker, deal["id"], stage="closed_lost", reason="muộn")
    assert closed.status_code == 409


async def test_who_sees_which_deal_and_its_notes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    path = f"/api/v1/deals/{deal['id']}"
    note = await client.post(
        f"{path}/notes", json={"body": SECRET_NOTE}, headers=await headers(client, world.broker)
    )
    assert note.status_code == 201

    # The broker organisation reads the notes; its non-broker member reads but cannot act.
    colleague = await headers(client, world.broker_colleague)
    assert (await client.get(f"{path}/notes", headers=colleague)).json()[0]["body"] == SECRET_NOTE
    assert (
        await move(client, world.broker_colleague, deal["id"], stage="contacted")
    ).status_code == 403

    # Parties see their deal, never the notes (not even in the history).
    for party in (world.supplier, world.recipient):
        party_headers = await headers(client, party)
        listed = (await client.get("/api/v1/deals", headers=party_headers)).json()
        assert [d["id"] for d in listed["items"]] == [deal["id"]]
        assert (await client.get(f"{path}/notes", headers=party_headers)).status_code == 403
        for view in ("", "/history"):
            response = await client.get(f"{path}{view}", headers=party_headers)
            assert response.status_code == 200 and SECRET_NOTE not in response.text
        history = (await client.get(f"{path}/history", headers=party_headers)).json()
        assert "note_added" not in [e["action"] for e in history]
        assert (await move(client, party, deal["id"], stage="contacted")).status_code == 403

    # Another intermediary's broker and an outsider do not even learn the deal exists.
    for stranger in (world.rival_broker, world.outsider):
        stranger_headers = await headers(client, stranger)
        assert (await client.get(path, headers=stranger_headers)).status_code == 404
        assert (await client.get("/api/v1/deals", headers=stranger_headers)).json()["total"] == 0
        assert (await client.get(f"{path}/notes", headers=stranger_headers)).status_code == 404

    # The department sees every deal, but not the broker's notes.
    staff = await headers(client, world.staff)
    assert deal["id"] in [
        d["id"] for d in (await client.get("/api/v1/deals", headers=staff)).json()["items"]
    ]
    assert (await client.get(f"{path}/notes", headers=staff)).status_code == 403
    assert (await client.get("/api/v1/deals")).status_code == 401


async def test_bad_moves_and_bad_deals_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    await move(client, world.broker, deal["id"], stage="negotiating")

    async def events() -> int:
        count = await session.scalar(
            select(func.count()).select_from(DealEvent).where(DealEvent.deal_id == deal["id"])
        )
        return count or 0

    before = await events()
    assert (await move(client, world.broker, deal["id"], stage="contacted")).status_code == 409
    assert (await move(client, world.broker, deal["id"], stage="closed_won")).status_code == 409
    assert (await move(client, world.broker, deal["id"], stage="closed_lost")).status_code == 422
    no_value = await move(
        client, world.broker, deal["id"], stage="contract_signed", signed_on="2026-01-05"
    )
    assert no_value.status_code == 422
    assert "value_vnd" in no_value.json()["detail"]
    future = await move(
        client,
        world.broker,
        deal["id"],
        stage="contract_signed",
        signed_on=(date.today() + timedelta(days=3)).isoformat(),
        value_vnd=1,
        category="technology_transfer",
    )
    assert future.status_code == 422
    assert (await move(client, world.broker, deal["id"], stage="won")).status_code == 422
    assert await events() == before
    current = await client.get(
        f"/api/v1/deals/{deal['id']}", headers=await headers(client, world.broker)
    )
    assert current.json()["stage"] == "negotiating" and current.json()["signed_on"] is None

    lost = await move(client, world.broker, deal["id"], stage="closed_lost", reason="Hết ngân sách")
    assert lost.json()["stage"] == "closed_lost" and lost.json()["lost_reason"] == "Hết ngân sách"

    body = {
        "title": "Giao dịch sai",
        "supplier_id": world.demand.organization_id,  # the demand's owner as the supplier
        "recipient_id": world.offer.organization_id,
        "offer_id": world.offer.id,
    }
    wrong = await client.post(
        "/api/v1/deals", json=body, headers=await headers(client, world.broker)
    )
    assert wrong.status_code == 422 and "offer_id" in wrong.json()["detail"]
    not_a_broker = await client.post(
        "/api/v1/deals", json=body, headers=await headers(client, world.supplier)
    )
    assert not_a_broker.status_code == 403


async def test_tasks_valuation_and_reminders(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    broker = await headers(client, world.broker)
    path = f"/api/v1/deals/{deal['id']}"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    task = await client.post(
        f"{path}/tasks",
        json={"title": "Gửi dự thảo NDA", "due_on": yesterday, "assignee_id": world.broker.id},
        headers=broker,
    )
    assert task.status_code == 201, task.text
    later = await client.post(
        f"{path}/tasks",
        json={"title": "Hẹn khảo sát nhà máy", "due_on": "2099-01-01"},
        headers=broker,
    )
    assert later.status_code == 201
    bad_assignee = await client.post(
        f"{path}/tasks",
        json={"title": "Việc của bên bán", "due_on": yesterday, "assignee_id": world.supplier.id},
        headers=broker,
    )
    assert bad_assignee.status_code == 422

    report = await send_reminders(session, date.today())
    assert (report.tasks, report.checkins) == (1, 0)
    reminders = (
        await session.scalars(
            select(Notification).where(Notification.kind == NotificationKind.deal_task_due)
        )
    ).all()
    assert [(n.recipient_user_id, "Gửi dự thảo NDA" in n.title) for n in reminders] == [
        (world.broker.id, True)
    ]
    assert (await send_reminders(session, date.today())).tasks == 0  # reminded once

    done = await client.patch(
        f"{path}/tasks/{task.json()['id']}", json={"done": True}, headers=broker
    )
    assert done.json()["done_at"] is not None

    # A party asks for a valuation; the broker records it; everyone on the deal reads it.
    requested = await client.post(
        f"{path}/valuation",
        json={"purpose": "Định giá để góp vốn bằng công nghệ"},
        headers=await headers(client, world.recipient),
    )
    assert requested.status_code == 200 and requested.json()["valuation_requested_at"]
    refused = await client.put(
        f"{path}/valuation", json={"value_vnd": 5}, headers=await headers(client, world.supplier)
    )
    assert refused.status_code == 403
    valued = await client.put(
        f"{path}/valuation",
        json={"value_vnd": 2_100_000_000, "note": "Phương pháp thu nhập"},
        headers=broker,
    )
    assert valued.json()["valuation_value_vnd"] == 2_100_000_000

    # After signing, the due check-ins are announced to both parties and the broker.
    await move(
        client,
        world.broker,
        deal["id"],
        stage="contract_signed",
        signed_on=(date.today() - timedelta(days=95)).isoformat(),
        value_vnd=2_000_000_000,
        category="technology_transfer",
    )
    report = await send_reminders(session, date.today())
    assert report.checkins == 2  # the 30- and 90-day ones
    announced = (
        await session.scalars(
            select(Notification.recipient_organization_id).where(
                Notification.kind == NotificationKind.deal_checkin_due
            )
        )
    ).all()
    assert sorted(announced) == sorted(
        [world.offer.organization_id, world.demand.organization_id, world.broker_org.id] * 2
    )
