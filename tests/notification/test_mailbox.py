"""With no SMTP server configured (the embedded default), mail goes through the outbox into the
local mailbox folder instead of failing again and again, and administrators read it."""

from __future__ import annotations

import asyncio
import mailbox
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.background import mail_runner
from app.core.config import MailSettings, Settings
from app.models import MailOutbox
from app.models.vocabulary import MailStatus, NotificationKind, PlatformRole
from app.notification.mail import MailSender
from app.notification.service import notify
from tests.conftest import make_settings
from tests.factories import auth_headers, make_organization, make_user
from tests.waiting import wait_until


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A data folder of this test's own: its mailbox holds this test's mail only."""
    return make_settings(database_url, tmp_path)


def sender_in_test(connection: AsyncConnection, settings: Settings) -> MailSender:
    sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return MailSender.from_settings(sessionmaker, settings)


async def queue_notice(session: AsyncSession, email: str, title: str) -> None:
    organization = await make_organization(session)
    await make_user(session, organization=organization, email=email)
    await notify(
        session,
        kind=NotificationKind.listing_published,
        organization_id=organization.id,
        title=title,
        body="Chào bán của bạn đã được công bố trên sàn.",
        link="/offers/1",
    )


async def test_mail_lands_in_the_mailbox_folder_and_counts_as_sent(
    session: AsyncSession, connection: AsyncConnection, settings: Settings
) -> None:
    assert settings.mail.smtp_host is None  # the default: no server
    await queue_notice(session, "chu.so.huu@lang-nghe.vn", "Chào bán đã được công bố")
    result = await sender_in_test(connection, settings).run_once()
    assert (result.sent, result.failed) == (1, 0)

    stored = list(mailbox.Maildir(settings.mailbox_dir, create=False))
    assert len(stored) == 1
    assert stored[0]["To"] == "chu.so.huu@lang-nghe.vn"
    row = (await session.scalars(select(MailOutbox))).one()
    await session.refresh(row)
    assert row.status is MailStatus.sent and row.attempts == 0
    # Sent once: the next pass finds nothing to do.
    assert (await sender_in_test(connection, settings).run_once()).fetched == 0


async def test_an_administrator_reads_the_mailbox(
    client: httpx.AsyncClient,
    session: AsyncSession,
    connection: AsyncConnection,
    settings: Settings,
) -> None:
    for number in range(3):
        await queue_notice(session, f"nguoi{number}@lang-nghe.vn", f"Thông báo số {number}")
    await sender_in_test(connection, settings).run_once()
    admin = await auth_headers(client, await make_user(session, platform_role=PlatformRole.admin))

    listed = await client.get("/api/v1/notifications/mailbox?per_page=2", headers=admin)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 3 and len(page["items"]) == 2
    first = page["items"][0]
    one = await client.get(f"/api/v1/notifications/mailbox/{first['key']}", headers=admin)
    assert one.status_code == 200
    assert one.json()["subject"] == first["subject"]
    assert "Chào bán của bạn đã được công bố" in one.json()["body"]
    assert "/offers/1" in one.json()["body"]

    not_a_key = await client.get("/api/v1/notifications/mailbox/new%20file", headers=admin)
    assert not_a_key.status_code == 404
    unknown = await client.get("/api/v1/notifications/mailbox/1.M2P3Q4.host", headers=admin)
    assert unknown.status_code == 404 and "mailbox" in unknown.json()["detail"]

    officer = await make_user(session, platform_role=PlatformRole.department)
    for user in (officer, await make_user(session, organization=await make_organization(session))):
        refused = await client.get(
            "/api/v1/notifications/mailbox", headers=await auth_headers(client, user)
        )
        assert refused.status_code == 403
    assert (await client.get("/api/v1/notifications/mailbox")).status_code == 401


async def test_an_empty_mailbox_lists_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    listed = await client.get(
        "/api/v1/notifications/mailbox", headers=await auth_headers(client, admin)
    )
    assert listed.json()["total"] == 0 and listed.json()["items"] == []


async def test_the_embedded_default_fills_the_mailbox_in_process(
    session: AsyncSession, connection: AsyncConnection, settings: Settings
) -> None:
    await queue_notice(session, "xuong.duc@dai-bai.vn", "Đúc đồng Đại Bái")
    sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    runner = mail_runner(settings, sessionmaker)
    runner.start()
    arrived = settings.mailbox_dir / "new"
    try:
        await wait_until(lambda: arrived.is_dir() and any(arrived.iterdir()))
    finally:
        await asyncio.wait_for(runner.stop(), timeout=5)
    stored = list(mailbox.Maildir(settings.mailbox_dir, create=False))
    assert [message["To"] for message in stored] == ["xuong.duc@dai-bai.vn"]


def test_a_sender_needs_a_server_or_a_folder() -> None:
    with pytest.raises(ValueError, match="mailbox"):
        MailSender(async_sessionmaker(), MailSettings())
