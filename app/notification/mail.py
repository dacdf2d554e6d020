"""E-mail for notifications through an outbox.

`enqueue_mail` writes one `mail_outbox` row per recipient address in the caller's transaction
(the notification's). `MailSender` delivers due rows in batches, never holding a database
transaction open while delivering: over SMTP (settings.mail) with one connection per batch,
or, when no SMTP server is configured (the embedded default), into the local mailbox folder
(a Maildir in the data folder, read by administrators: app/notification/mailbox.py). A failed
row gets `attempts + 1` and a next attempt after 1 s, 2 s, 4 s ... (capped), so nothing is
lost while the server is down and everything goes once it answers again.

The background runner (app/background.py) calls `MailSender.run_once` in a loop, inside
`techex serve` on the embedded default or in `techex worker`; `techex mail-worker` runs it
alone. The claims keep two senders from sending a mail twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import mailbox
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.clock import utcnow
from app.core.config import MailSettings, Settings
from app.models import MailOutbox, Notification, User
from app.models.vocabulary import MailStatus

log = structlog.get_logger(__name__)

_MAX_ERROR_LENGTH = 2000
# How long a claimed batch is this sender's (well above a batch's SMTP timeouts).
_LEASE = timedelta(minutes=5)
_SMTP_TIMEOUT_SECONDS = 10
_FOOTER = (
    "\n\n--\nSàn giao dịch công nghệ tỉnh Bắc Ninh. Xem chi tiết trong hộp thư của bạn trên sàn."
    "\nBac Ninh technology exchange: see your inbox on the exchange for details."
)


async def recipient_addresses(session: AsyncSession, notification: Notification) -> list[str]:
    """The user addressed and every active member of the organisation addressed (as in the
    inbox: a notification addressed to both reaches both)."""
    clauses = []
    if notification.recipient_user_id is not None:
        clauses.append(User.id == notification.recipient_user_id)
    if notification.recipient_organization_id is not None:
        clauses.append(User.organization_id == notification.recipient_organization_id)
    if not clauses:
        return []
    query = select(User.email).where(User.is_active.is_(True), or_(*clauses))
    return sorted(set((await session.scalars(query)).all()))


async def enqueue_mail(session: AsyncSession, notification: Notification) -> int:
    """Queue the notification's e-mail for each recipient (same transaction); returns rows."""
    addresses = await recipient_addresses(session, notification)
    body = notification.body
    if notification.link:
        body += f"\n\n{notification.link}"
    for address in addresses:
        session.add(
            MailOutbox(
                notification_id=notification.id,
                to_address=address,
                subject=notification.title[:300],
                body=body + _FOOTER,
            )
        )
    await session.flush()
    return len(addresses)


def destination(settings: MailSettings, mailbox_dir: Path | None) -> str:
    """Where mail goes, for people: the SMTP server, or the mailbox folder."""
    if settings.smtp_host is None:
        return f"mailbox folder {mailbox_dir}"
    return f"{settings.smtp_host}:{settings.smtp_port}"


def backoff_delay(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** (attempts - 1)))


@dataclass(frozen=True)
class SendResult:
    fetched: int
    sent: int
    failed: int


@dataclass(frozen=True)
class _Mail:
    id: int
    to_address: str
    subject: str
    body: str


class MailSender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: MailSettings,
        *,
        mailbox_dir: Path | None = None,
        batch_size: int = 50,
        base_delay_seconds: float = 1.0,
        max_delay_seconds: float = 600.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """Delivers over SMTP when settings name a server, else into `mailbox_dir`."""
        if settings.smtp_host is None and mailbox_dir is None:
            raise ValueError("no SMTP server configured and no mailbox folder given")
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.mailbox_dir = mailbox_dir
        self.batch_size = batch_size
        self.base_delay_seconds = base_delay_seconds
        self.max_delay_seconds = max_delay_seconds
        self.clock = clock

    @classmethod
    def from_settings(
        cls, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
    ) -> MailSender:
        background = settings.background
        return cls(
            sessionmaker,
            settings.mail,
            mailbox_dir=settings.mailbox_dir,
            batch_size=background.mail_batch_size,
            base_delay_seconds=background.retry_base_seconds,
            max_delay_seconds=background.retry_max_seconds,
        )

    @property
    def destination(self) -> str:
        return destination(self.settings, self.mailbox_dir)

    async def run_once(self) -> SendResult:
        now = self.clock()
        mails, attempts = await self._claim(now)
        if not mails:
            return SendResult(0, 0, 0)
        errors = await asyncio.to_thread(self._deliver, mails)
        await self._record(mails, attempts, errors, now)
        failed = len(errors)
        return SendResult(fetched=len(mails), sent=len(mails) - failed, failed=failed)

    async def _claim(self, now: datetime) -> tuple[list[_Mail], dict[int, int]]:
        """Take the oldest due mails for this sender: their next attempt moves a lease ahead in
        the same statement, so another sender (`serve` and a `mail-worker` side by side) skips
        them, and a sender that dies mid-batch leaves them due again once the lease ends."""
        due = (
            select(MailOutbox.id)
            .where(MailOutbox.status == MailStatus.pending, MailOutbox.next_attempt_at <= now)
            .order_by(MailOutbox.next_attempt_at, MailOutbox.id)
            .limit(self.batch_size)
        )
        claim = (
            update(MailOutbox)
            .where(
                MailOutbox.id.in_(due.scalar_subquery()),
                MailOutbox.status == MailStatus.pending,
                MailOutbox.next_attempt_at <= now,  # re-checked under the row lock
            )
            .values(next_attempt_at=now + _LEASE)
            .returning(
                MailOutbox.id,
                MailOutbox.to_address,
                MailOutbox.subject,
                MailOutbox.body,
                MailOutbox.attempts,
            )
        )
        async with self.sessionmaker() as session, session.begin():
            rows = sorted((await session.execute(claim)).all())
        mails = [_Mail(row.id, row.to_address, row.subject, row.body) for row in rows]
        return mails, {row.id: row.attempts for row in rows}

    def _deliver(self, mails: Sequence[_Mail]) -> dict[int, str]:
        if self.settings.smtp_host is None:
            assert self.mailbox_dir is not None
            return self._store(mails, self.mailbox_dir)
        return self._send(mails, self.settings.smtp_host)

    def _store(self, mails: Sequence[_Mail], folder: Path) -> dict[int, str]:
        """Into the Maildir: each message a file of its own, written whole then moved into
        place, so a reader never sees half a message."""
        errors: dict[int, str] = {}
        try:
            box = mailbox.Maildir(folder, create=True)
        except OSError as exc:
            return {mail.id: _describe(exc) for mail in mails}
        for mail in mails:
            try:
                box.add(self._message(mail))
            except OSError as exc:
                errors[mail.id] = _describe(exc)
        return errors

    def _send(self, mails: Sequence[_Mail], host: str) -> dict[int, str]:
        """Send over one SMTP connection; the error of each mail that did not go."""
        settings = self.settings
        try:
            smtp = smtplib.SMTP(host, settings.smtp_port, timeout=_SMTP_TIMEOUT_SECONDS)
        except OSError as exc:  # server down or unreachable: every mail waits
            return {mail.id: _describe(exc) for mail in mails}
        errors: dict[int, str] = {}
        try:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            for mail in mails:
                try:
                    smtp.send_message(self._message(mail))
                except (smtplib.SMTPException, OSError) as exc:
                    errors[mail.id] = _describe(exc)
        except (smtplib.SMTPException, OSError) as exc:
            for mail in mails:
                errors.setdefault(mail.id, _describe(exc))
        finally:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
        return errors

    def _message(self, mail: _Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = mail.to_address
        message["Subject"] = mail.subject
        message["Date"] = format_datetime(self.clock())
        # A stable id: a retry after an unclear failure lets the receiving side spot duplicates.
        message["Message-ID"] = make_msgid(idstring=f"techex-mail-{mail.id}")
        message.set_content(mail.body)
        return message

    async def _record(
        self,
        mails: Sequence[_Mail],
        attempts: dict[int, int],
        errors: dict[int, str],
        now: datetime,
    ) -> None:
        sent = [mail.id for mail in mails if mail.id not in errors]
        async with self.sessionmaker() as session, session.begin():
            if sent:
                await session.execute(
                    update(MailOutbox)
                    .where(MailOutbox.id.in_(sent))
                    .values(status=MailStatus.sent, sent_at=now, last_error=None)
                )
            for mail_id, error in errors.items():
                tries = attempts[mail_id] + 1
                delay = backoff_delay(tries, self.base_delay_seconds, self.max_delay_seconds)
                await session.execute(
                    update(MailOutbox)
                    .where(MailOutbox.id == mail_id)
                    .values(attempts=tries, next_attempt_at=now + delay, last_error=error)
                )
        if errors:
            log.warning(
                "mail delivery failed; the mails wait in the outbox and are retried",
                failed=len(errors),
                sent=len(sent),
                destination=self.destination,
                error=next(iter(errors.values())),
            )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_MAX_ERROR_LENGTH]
