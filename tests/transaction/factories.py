"""Transactions made directly in the database, with the parties' snapshot taken as the
service takes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, Transaction
from app.models.vocabulary import (
    TransactionCategory,
    TransactionStatus,
    TransactionVerification,
)
from app.transaction.rules import derive_direction
from app.transaction.service import take_snapshot

MILLION = 1_000_000


async def make_transaction(
    session: AsyncSession,
    supplier: Organization,
    recipient: Organization,
    *,
    category: TransactionCategory = TransactionCategory.technology_transfer,
    millions: int = 100,
    signed_on: date = date(2025, 6, 1),
    status: TransactionStatus = TransactionStatus.signed,
    verified: bool = False,
    **fields: Any,
) -> Transaction:
    transaction = Transaction(
        subject=fields.pop("subject", f"Hợp đồng {category} {millions} triệu"),
        supplier_id=supplier.id,
        recipient_id=recipient.id,
        category=category,
        value_vnd=millions * MILLION,
        signed_on=signed_on,
        signed_year=signed_on.year,
        status=status,
        verification=TransactionVerification.verified
        if verified
        else TransactionVerification.self_reported,
        transfer_methods=fields.pop("transfer_methods", []),
        **fields,
    )
    take_snapshot(transaction, supplier, recipient)
    if "direction" not in fields:
        direction = derive_direction(supplier.country, recipient.country)
        assert direction is not None
        transaction.direction = direction
    session.add(transaction)
    await session.flush()
    return transaction
