"""E-mail through the outbox, against a real SMTP server (aiosmtpd) started in the test:
queued with the notification, kept while the server is down, delivered once it is back."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from app.background import mail_runner
from app.core.clock import utcnow
from app.core.config import MailSettings, Settings
from app.core.db import create_sessionmaker
from app.models import MailOutbox
from app.models.vocabulary import ListingStatus, MailStatus, NotificationKind, PlatformRole
from app.notification.mail import MailSender
from app.notification.service import notify
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer
from tests.waiting import wait_until


class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def start_smtp(smtp_port: int, inbox: Inbox) -> Iterator[Any]:
    controllers: list[Controller] = []

    def start() -> None:
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)

    yield start
    for controller in controllers:
        controller.stop()


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


def make_sender(connection: AsyncConnection, port: int, clock: Clock) -> MailSender:
    sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return MailSender(
        sessionmaker, MailSettings(smtp_host="127.0.0.1", smtp_port=port), clock=clock
    )


async def rows(session: AsyncSession) -> list[MailOutbox]:
    session.expire_all()
    return list((await session.scalars(select(MailOutbox).order_by(MailOutbox.id))).all())


async def test_server_down_keeps_mail_then_delivers_when_back(
    session: AsyncSession,
    connection: AsyncConnection,
    smtp_port: int,
    inbox: Inbox,
    start_smtp: Any,
) -> None:
    organization = await make_organization(session)
    first = await make_user(session, organization=organization, email="a@lang-nghe.vn")
    await make_user(session, organization=organization, email="b@lang-nghe.vn")
    await make_user(session, organization=organization, email="off@lang-nghe.vn", is_active=False)
    await notify(
        session,
        kind=NotificationKind.listing_published,
        organization_id=organization.id,
        title="Tin chào bán đã được đăng: Lò sấy vải thiều",
        body="Tin được hiển thị công khai đến 01/01/2028.",
        link="/api/v1/offers/7",
    )
    await notify(
        session,
        kind=NotificationKind.listing_expiring,
        user_id=first.id,
        title="Riêng bạn",
        body="Tin sắp hết hạn.",
    )
    queued = await rows(session)
    assert sorted(r.to_address for r in queued) == [
        "a@lang-nghe.vn",
        "a@lang-nghe.vn",
        "b@lang-nghe.vn",
    ]

    clock = Clock()
    sender = make_sender(connection, smtp_port, clock)
    down = await sender.run_once()  # nothing listens on the port yet
    assert (down.fetched, down.sent, down.failed) == (3, 0, 3)
    kept = await rows(session)
    assert all(r.status is MailStatus.pending and r.attempts == 1 for r in kept)
    assert all(r.last_error and "Connection" in r.last_error for r in kept)
    assert (await sender.run_once()).fetched == 0  # waits for its backoff

    clock.now += timedelta(seconds=1)
    assert (await sender.run_once()).failed == 3  # still down: a second attempt, longer wait
    assert {r.attempts for r in await rows(session)} == {2}

    start_smtp()
    clock.now += timedelta(seconds=2)
    back = await sender.run_once()
    assert (back.sent, back.failed) == (3, 0)
    assert all(r.status is MailStatus.sent and r.sent_at == clock.now for r in await rows(session))
    subjects = sorted((m["To"], m["Subject"]) for m in inbox.messages)
    assert subjects == [
        ("a@lang-nghe.vn", "Riêng bạn"),
        ("a@lang-nghe.vn", "Tin chào bán đã được đăng: Lò sấy vải thiều"),
        ("b@lang-nghe.vn", "Tin chào bán đã được đăng: Lò sấy vải thiều"),
    ]
    published = next(m for m in inbox.messages if m["To"] == "b@lang-nghe.vn")
    assert "/api/v1/offers/7" in published.get_content()

    clock.now += timedelta(hours=1)
    assert (await sender.run_once()).fetched == 0  # sent once, never again
    assert len(inbox.messages) == 3


async def test_an_api_action_queues_mail_for_the_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_organization(session)
    await make_user(session, organization=owner, email="owner@vien.example.vn")
    offer = await make_offer(session, owner, status=ListingStatus.pending_review)
    staff = await make_user(session, platform_role=PlatformRole.department)
    response = await client.post(
        f"/api/v1/offers/{offer.id}/reject",
        json={"reason": "Thiếu mô tả kỹ thuật"},
        headers=await auth_headers(client, staff),
    )
    assert response.status_code == 200, response.text
    queued = [r for r in await rows(session) if r.to_address == "owner@vien.example.vn"]
    assert len(queued) == 1 and "Thiếu mô tả kỹ thuật" in queued[0].body


async def test_mail_and_notification_share_one_transaction(session: AsyncSession) -> None:
    organization = await make_organization(session)
    await make_user(session, organization=organization, email="cung@giao-dich.vn")

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        async with session.begin_nested():
            await notify(
                session,
                kind=NotificationKind.listing_published,
                organization_id=organization.id,
                title="Sẽ bị huỷ",
                body="...",
            )
            assert len(await rows(session)) == 1
            raise Abort
    assert await rows(session) == []  # rolled back with the notification: never sent alone


@pytest.fixture
async def committing(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions that really commit, as the senders' do in production; the outbox is emptied
    afterwards."""
    maker = create_sessionmaker(engine)
    yield maker
    async with maker() as session, session.begin():
        await session.execute(delete(MailOutbox))


async def queue_mails(maker: async_sessionmaker[AsyncSession], count: int) -> None:
    async with maker() as session, session.begin():
        session.add_all(
            MailOutbox(to_address=f"nguoi{i}@lang-nghe.vn", subject=f"Thư {i}", body="Nội dung")
            for i in range(count)
        )


async def test_two_senders_side_by_side_send_each_mail_once(
    committing: async_sessionmaker[AsyncSession],
    smtp_port: int,
    inbox: Inbox,
    start_smtp: Any,
) -> None:
    # `techex serve` sending in-process and a `techex mail-worker` beside it.
    start_smtp()
    await queue_mails(committing, 30)
    settings = MailSettings(smtp_host="127.0.0.1", smtp_port=smtp_port)

    async def drain(sender: MailSender) -> None:
        while (await sender.run_once()).fetched:
            pass

    await asyncio.gather(*(drain(MailSender(committing, settings, batch_size=4)) for _ in "ab"))
    assert sorted(message["Subject"] for message in inbox.messages) == sorted(
        f"Thư {i}" for i in range(30)
    )


async def test_the_background_runner_sends_the_outbox(
    settings: Settings,
    committing: async_sessionmaker[AsyncSession],
    smtp_port: int,
    inbox: Inbox,
    start_smtp: Any,
) -> None:
    start_smtp()
    await queue_mails(committing, 2)
    with_smtp = settings.model_copy(
        update={"mail": MailSettings(smtp_host="127.0.0.1", smtp_port=smtp_port)}
    )
    runner = mail_runner(with_smtp, committing)
    runner.start()
    try:
        await wait_until(lambda: len(inbox.messages) == 2)
    finally:
        await asyncio.wait_for(runner.stop(), timeout=5)
    assert sorted(message["Subject"] for message in inbox.messages) == ["Thư 0", "Thư 1"]
