"""The broker's desk over the real app and database: who may use it, suggestions taken up
as deals, the pipeline moved with forms, the deal page's tasks, notes, valuation and
check-ins, the tasks due, and the transaction recorded from the signed deal with its fields
pre-filled."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Deal, DealEvent, DealNote, DealTask, Demand, Offer, Transaction
from app.models.vocabulary import (
    DealStage,
    NotificationKind,
    OrganizationType,
    PlatformRole,
    TransactionStatus,
)
from app.notification.service import notify
from app.search.engines.base import SearchEngine
from tests.deal.world import World, headers, make_world, move, open_deal
from tests.factories import make_organization, make_user
from tests.matching.test_matches import index, paper_world
from tests.web.helpers import post_form, sign_in, token_in


@pytest.fixture
async def index_engine(app: FastAPI) -> AsyncIterator[SearchEngine]:
    engine: SearchEngine = app.state.search_engine
    await engine.clear()
    yield engine
    await engine.clear()


async def _deal(session: AsyncSession, deal_id: int) -> Deal:
    deal = await session.get(Deal, deal_id)
    assert deal is not None
    await session.refresh(deal)
    return deal


async def test_the_desk_is_for_brokers_only(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI
) -> None:
    assert (await client.get("/desk")).status_code == 303  # to the sign-in page
    member = await make_user(session, organization=await make_organization(session))
    officer = await make_user(session, platform_role=PlatformRole.department)
    colleague = await make_user(
        session,
        organization=await make_organization(session, type=OrganizationType.intermediary),
    )
    for user in (member, officer, colleague):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            await sign_in(other, user.email)
            for path in ("/desk", "/desk/suggestions", "/desk/tasks"):
                refused = await other.get(path)
                assert refused.status_code == 403, path
            assert 'href="/desk"' not in (await other.get("/")).text

    broker_org = await make_organization(session, type=OrganizationType.intermediary)
    broker = await make_user(session, organization=broker_org, platform_role=PlatformRole.broker)
    await sign_in(client, broker.email)
    home = await client.get("/")
    assert 'href="/desk"' in home.text
    for path in ("/desk", "/desk/suggestions", "/desk/tasks"):
        assert (await client.get(path)).status_code == 200, path


async def test_a_broker_takes_a_suggestion_and_opens_a_deal(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    demand, english = world["demand"], world["english"]
    assert isinstance(demand, Demand) and isinstance(english, Offer)
    await index(index_engine, english, world["unrelated"])  # type: ignore[arg-type]
    broker_org = await make_organization(session, type=OrganizationType.intermediary)
    broker = await make_user(session, organization=broker_org, platform_role=PlatformRole.broker)
    await sign_in(client, broker.email)

    page = await client.get("/desk/suggestions")
    assert demand.title in page.text and english.title in page.text
    assert "Robot hàn" not in page.text  # not a strong match
    action = f"/desk/suggestions/{demand.id}/take"
    short = await client.post(
        action, data={"title": "ab", "offer_id": str(english.id), "csrf_token": token_in(page.text)}
    )
    assert short.status_code == 422
    assert f'id="s{demand.id}-title-error"' in short.text
    assert 'value="ab"' in short.text  # what was typed comes back
    refused = await client.post(action, data={"title": "Xử lý nước thải", "offer_id": "x"})
    assert refused.status_code == 403  # no form token
    assert await session.scalar(select(Deal.id).where(Deal.demand_id == demand.id)) is None

    taken = await post_form(
        client,
        "/desk/suggestions",
        action,
        {"title": "Xử lý nước thải giấy Phong Khê", "offer_id": str(english.id)},
    )
    assert taken.status_code == 303, taken.text
    deal_id = int(re.search(r"/desk/deals/(\d+)", taken.headers["location"]).group(1))  # type: ignore[union-attr]
    deal = await _deal(session, deal_id)
    assert (deal.offer_id, deal.demand_id, deal.broker_organization_id) == (
        english.id,
        demand.id,
        broker_org.id,
    )
    assert deal.supplier_id == english.organization_id
    assert deal.recipient_id == demand.organization_id
    opened = await client.get(taken.headers["location"])
    assert "Xử lý nước thải giấy Phong Khê" in opened.text
    assert demand.title not in (await client.get("/desk/suggestions")).text


async def _broker_with_deal(client: httpx.AsyncClient, session: AsyncSession) -> tuple[World, int]:
    world = await make_world(session)
    deal = await open_deal(client, world)
    await sign_in(client, world.broker.email)
    return world, int(deal["id"])


async def test_the_pipeline_moves_a_deal_to_a_signed_contract_with_the_offers_terms(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _world, deal_id = await _broker_with_deal(client, session)
    board = await client.get("/desk")
    assert f'id="deal-{deal_id}"' in board.text
    assert f'for="move-{deal_id}"' in board.text  # each select has its label

    moved = await post_form(
        client, "/desk", f"/desk/deals/{deal_id}/stage", {"stage": "contacted", "next": "/desk"}
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/desk?moved={deal_id}"
    assert (await _deal(session, deal_id)).stage is DealStage.contacted

    # A signed contract needs its details: the board sends the broker to the move page.
    detailed = await post_form(
        client, "/desk", f"/desk/deals/{deal_id}/stage", {"stage": "contract_signed"}
    )
    assert detailed.status_code == 303
    assert detailed.headers["location"] == f"/desk/deals/{deal_id}/stage?stage=contract_signed"
    form_page = await client.get(detailed.headers["location"])
    assert 'name="field_code" type="text" value="20701"' in form_page.text
    assert 'name="ip_type" value="patent"' in form_page.text
    assert 'name="transfer_form" value="independent_contract"' in form_page.text
    # Several rights on the offer leave the choice to the broker.
    assert 'name="transfer_right" value=""' in form_page.text

    signing = {
        "stage": "contract_signed",
        "details": "1",
        "signed_on": date.today().isoformat(),
        "value_vnd": "1.25 tỷ",
        "category": "technology_transfer",
        "transfer_methods": "documents",
        "field_code": "20701",
        "ip_type": "patent",
        "transfer_form": "independent_contract",
        "transfer_right": "",
    }
    bad = await post_form(client, form_page.url.path, f"/desk/deals/{deal_id}/stage", signing)
    assert bad.status_code == 422
    assert 'id="f-value_vnd-error"' in bad.text and 'value="1.25 tỷ"' in bad.text
    assert (await _deal(session, deal_id)).stage is DealStage.contacted

    signing["value_vnd"] = "1.250.000.000"
    signed = await post_form(client, "/desk", f"/desk/deals/{deal_id}/stage", signing)
    assert signed.status_code == 303, signed.text
    deal = await _deal(session, deal_id)
    assert deal.stage is DealStage.contract_signed and deal.value_vnd == 1_250_000_000
    transaction = await session.get(Transaction, deal.transaction_id)
    assert transaction is not None
    assert (transaction.field_code, transaction.ip_type, transaction.transfer_form) == (
        "20701",
        "patent",
        "independent_contract",
    )
    assert transaction.status is TransactionStatus.draft

    backwards = await post_form(
        client, "/desk", f"/desk/deals/{deal_id}/stage", {"stage": "contacted", "details": "1"}
    )
    assert backwards.status_code == 409 and 'class="error-summary"' in backwards.text


async def test_the_deal_page_tasks_notes_valuation_and_history(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world, deal_id = await _broker_with_deal(client, session)
    page = f"/desk/deals/{deal_id}"
    shown = await client.get(page)
    assert world.offer.title in shown.text and world.demand.title in shown.text

    missing_date = await post_form(
        client, page, f"{page}/tasks", {"title": "Gửi dự thảo NDA", "due_on": ""}
    )
    assert missing_date.status_code == 422
    assert 'id="f-due_on-error"' in missing_date.text
    assert 'value="Gửi dự thảo NDA"' in missing_date.text
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    added = await post_form(
        client, page, f"{page}/tasks", {"title": "Gửi dự thảo NDA", "due_on": yesterday}
    )
    assert added.status_code == 303
    task = await session.scalar(select(DealTask).where(DealTask.deal_id == deal_id))
    assert task is not None

    due = await client.get("/desk/tasks")
    assert "Gửi dự thảo NDA" in due.text and world.demand.title not in due.text
    done = await post_form(client, "/desk/tasks", f"{page}/tasks/{task.id}/done", {"next": "tasks"})
    assert done.status_code == 303 and done.headers["location"] == "/desk/tasks?done=1"
    await session.refresh(task)
    assert task.done_at is not None

    noted = await post_form(client, page, f"{page}/notes", {"body": "Bên nhận muốn trả góp."})
    assert noted.status_code == 303
    assert await session.scalar(select(DealNote.body)) == "Bên nhận muốn trả góp."
    empty_note = await post_form(client, page, f"{page}/notes", {"body": ""})
    assert empty_note.status_code == 422 and 'id="f-body-error"' in empty_note.text

    requested = await post_form(
        client, page, f"{page}/valuation", {"purpose": "Thống nhất giá chuyển giao"}
    )
    assert requested.status_code == 303
    answered = await post_form(
        client, page, f"{page}/valuation/answer", {"value_vnd": "900.000.000", "note": ""}
    )
    assert answered.status_code == 303
    assert (await _deal(session, deal_id)).valuation_value_vnd == 900_000_000

    final = await client.get(page)
    assert "900.000.000 ₫" in final.text and "Bên nhận muốn trả góp." in final.text
    history = final.text.split('id="h-history"')[1]
    for words in ("Mở thương vụ", "Thêm việc", "Thêm ghi chú", "Yêu cầu định giá"):
        assert words in history, words

    # The parties see their deal in their workspace, never the broker's notes.
    await sign_in(client, world.recipient.email)
    theirs = await client.get("/workspace/deals")
    assert world.offer.title in theirs.text or "Chuyển giao công nghệ" in theirs.text
    assert "Bên nhận muốn trả góp." not in theirs.text
    assert (await client.get(page)).status_code == 403


async def test_check_ins_are_answered_on_the_deal_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world, deal_id = await _broker_with_deal(client, session)
    signed_on = date.today() - timedelta(days=31)
    response = await move(
        client,
        world.broker,
        deal_id,
        stage="contract_signed",
        signed_on=signed_on.isoformat(),
        value_vnd=500_000_000,
        category="technology_transfer",
        transfer_methods=["documents", "training"],
    )
    assert response.status_code == 200, response.text
    page = f"/desk/deals/{deal_id}"
    shown = await client.get(page)
    checkins = shown.text.split('id="h-checkins"')[1]
    assert "30 ngày sau khi ký" in checkins and "180 ngày sau khi ký" in checkins
    checkin_id = int(re.search(r"/checkins/(\d+)", checkins).group(1))  # type: ignore[union-attr]
    incomplete = await post_form(client, page, f"{page}/checkins/{checkin_id}", {"comment": "x"})
    assert incomplete.status_code == 422 and 'value="x"' not in incomplete.text
    answered = await post_form(
        client,
        page,
        f"{page}/checkins/{checkin_id}",
        {"delivered.documents": "yes", "delivered.training": "no", "comment": "Chưa đào tạo"},
    )
    assert answered.status_code == 303, answered.text
    after = (await client.get(page)).text.split('id="h-checkins"')[1]
    assert "Chưa đào tạo" in after


async def test_the_broker_completes_the_transaction_until_a_party_confirms_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world, deal_id = await _broker_with_deal(client, session)
    moved = await move(
        client,
        world.broker,
        deal_id,
        stage="contract_signed",
        signed_on=date.today().isoformat(),
        value_vnd=1_250_000_000,
        category="technology_transfer",
        transfer_methods=["documents"],
    )
    assert moved.status_code == 200, moved.text
    deal = await _deal(session, deal_id)
    page = f"/desk/deals/{deal_id}/transaction"
    form = await client.get(page)
    assert form.status_code == 200
    assert 'name="value_vnd" type="text" value="1.250.000.000"' in form.text
    assert re.search(r'value="20701"[^>]*selected', form.text)
    assert 'type="radio" value="independent_contract" checked' in form.text
    assert re.search(r'name="ip_type">.*?value="patent" selected', form.text, re.S)

    values = {
        "subject": "Chuyển giao công nghệ xử lý nước thải giấy",
        "category": "technology_transfer",
        "field_code": "20701",
        "ip_type": "patent",
        "transfer_right": "ownership",
        "transfer_form": "independent_contract",
        "transfer_methods": "documents",
        "value_vnd": "abc",
        "signed_on": date.today().isoformat(),
    }
    bad = await post_form(client, page, page, values)
    assert bad.status_code == 422 and 'value="abc"' in bad.text
    assert 'id="f-value_vnd-error"' in bad.text
    values["value_vnd"] = "1.300.000.000"
    saved = await post_form(client, page, page, values)
    assert saved.status_code == 303, saved.text
    transaction = await session.get(Transaction, deal.transaction_id)
    assert transaction is not None
    await session.refresh(transaction)
    assert transaction.transfer_right == "ownership" and transaction.value_vnd == 1_300_000_000

    # A party confirms the draft: the broker no longer changes it.
    confirmed = await client.patch(
        f"/api/v1/transactions/{transaction.id}",
        json={"status": "signed"},
        headers=await headers(client, world.supplier),
    )
    assert confirmed.status_code == 200, confirmed.text
    await sign_in(client, world.broker.email)
    read_only = await client.get(page)
    assert 'name="subject"' not in read_only.text and "1.300.000.000 ₫" in read_only.text
    refused = await post_form(client, page, page, values)
    assert refused.status_code == 403


async def test_another_organisations_deal_or_a_mangled_address_is_not_found(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world, deal_id = await _broker_with_deal(client, session)
    for path in ("/desk/deals/0", "/desk/deals/99999999999999999999999", "/desk/deals/x"):
        assert (await client.get(path)).status_code == 404, path
    await sign_in(client, world.rival_broker.email)
    for path in (f"/desk/deals/{deal_id}", f"/desk/deals/{deal_id}/stage"):
        assert (await client.get(path)).status_code == 404, path
    refused = await post_form(
        client, "/desk", f"/desk/deals/{deal_id}/stage", {"stage": "contacted"}
    )
    assert refused.status_code == 404
    assert (await _deal(session, deal_id)).stage is DealStage.new


async def test_tasks_go_to_a_colleague_and_a_due_reminder_opens_the_deal_on_the_desk(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world, deal_id = await _broker_with_deal(client, session)
    colleague = await make_user(
        session, organization=world.broker_org, platform_role=PlatformRole.broker
    )
    page = f"/desk/deals/{deal_id}"
    shown = await client.get(page)
    assert f'<option value="{colleague.id}">' in shown.text  # brokers of the organisation
    assert f'<option value="{world.broker_colleague.id}">' not in shown.text  # not a broker
    added = await post_form(
        client,
        page,
        f"{page}/tasks",
        {
            "title": "Khảo sát nhà máy",
            "due_on": date.today().isoformat(),
            "assignee_id": str(colleague.id),
        },
    )
    assert added.status_code == 303
    task = await session.scalar(select(DealTask).where(DealTask.deal_id == deal_id))
    assert task is not None and task.assignee_id == colleague.id
    assert "Khảo sát nhà máy" not in (await client.get("/desk/tasks")).text  # the colleague's

    notification = await notify(
        session,
        kind=NotificationKind.deal_task_due,
        user_id=world.broker.id,
        title="Việc đến hạn",
        body="A task of this deal is due.",
        link=f"/api/v1/deals/{deal_id}/tasks",
    )
    opened = await post_form(
        client, "/workspace/notifications", f"/workspace/notifications/{notification.id}/open", {}
    )
    assert opened.status_code == 303 and opened.headers["location"] == f"{page}#tasks"


async def test_the_desk_in_english(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _world, deal_id = await _broker_with_deal(client, session)
    client.cookies.set("lang", "en")
    shown = await client.get(f"/desk/deals/{deal_id}")
    assert '<html lang="en">' in shown.text
    assert "Parties and listings" in shown.text and "Deal opened" in shown.text
    board = await client.get("/desk")
    assert "Pipeline" in board.text and "New" in board.text


async def test_the_history_is_in_the_provinces_time(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _world, deal_id = await _broker_with_deal(client, session)
    late_evening_utc = datetime(2026, 1, 1, 20, 30, tzinfo=UTC)
    session.add(DealEvent(deal_id=deal_id, at=late_evening_utc, action="task_done", changes={}))
    await session.flush()
    history = (await client.get(f"/desk/deals/{deal_id}")).text.split('id="h-history"')[1]
    assert "02/01/2026 03:30" in history
