"""The audit trail of a register entry: who recorded, corrected, confirmed, verified or
excluded it, when, and what changed. Contract values in it stay as confidential as on the
entry itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Transaction, TransactionEvent, User
from app.transaction.schemas import TransactionEventRead

VALUE_FIELDS = frozenset({"value_vnd", "currency", "original_amount", "exchange_rate"})


async def record_event(
    session: AsyncSession,
    transaction: Transaction,
    actor: User | None,
    action: str,
    changes: dict[str, Any],
) -> None:
    session.add(
        TransactionEvent(
            transaction_id=transaction.id,
            actor_id=actor.id if actor else None,
            action=action,
            changes=to_jsonable_python(changes),
        )
    )
    await session.flush()


async def events_of(session: AsyncSession, transaction_id: int) -> Sequence[TransactionEvent]:
    rows = await session.scalars(
        select(TransactionEvent)
        .where(TransactionEvent.transaction_id == transaction_id)
        .order_by(TransactionEvent.at, TransactionEvent.id)
    )
    return rows.all()


def present_event(event: TransactionEvent, shows_value: bool) -> TransactionEventRead:
    """A viewer who may not see the contract value learns that it changed, not what to."""
    changes = {
        field: change if shows_value or field not in VALUE_FIELDS else None
        for field, change in event.changes.items()
    }
    return TransactionEventRead(
        at=event.at, actor_id=event.actor_id, action=event.action, changes=changes
    )
