"""Who may see a transaction, see its value, and change it."""

from __future__ import annotations

from app.core.roles import is_staff
from app.models import Transaction, User
from app.models.vocabulary import PlatformRole, TransactionStatus, TransactionVerification


def is_party(user: User | None, transaction: Transaction) -> bool:
    return user is not None and user.organization_id in (
        transaction.supplier_id,
        transaction.recipient_id,
    )


def may_see(user: User | None, transaction: Transaction) -> bool:
    """The parties, the intermediary that recorded it, the department."""
    return (
        is_staff(user)
        or is_party(user, transaction)
        or (
            user is not None
            and user.organization_id is not None
            and user.organization_id == transaction.intermediary_id
        )
    )


def is_deal_broker(user: User | None, transaction: Transaction) -> bool:
    """A member of the intermediary that ran the deal behind the record on the exchange."""
    return (
        user is not None
        and transaction.deal_id is not None
        and user.organization_id is not None
        and user.organization_id == transaction.intermediary_id
    )


def may_see_value(user: User | None, transaction: Transaction) -> bool:
    """Contract values are confidential: the parties, the department, and the intermediary
    that ran the deal (it typed the value in). An intermediary merely named on a record does
    not see it."""
    return is_staff(user) or is_party(user, transaction) or is_deal_broker(user, transaction)


def may_record(user: User, supplier_id: int, recipient_id: int) -> bool:
    return (
        is_staff(user)
        or user.organization_id in (supplier_id, recipient_id)
        or (user.platform_role is PlatformRole.broker and user.organization_id is not None)
    )


def may_edit(user: User, transaction: Transaction) -> bool:
    """Parties correct their own record until the department has verified it; the broker who
    ran the deal completes its draft until a party confirms it."""
    return (
        is_staff(user)
        or (
            is_party(user, transaction)
            and transaction.verification is TransactionVerification.self_reported
        )
        or may_complete_draft(user, transaction)
    )


def may_complete_draft(user: User, transaction: Transaction) -> bool:
    return (
        user.platform_role is PlatformRole.broker
        and is_deal_broker(user, transaction)
        and transaction.status is TransactionStatus.draft
    )


def may_confirm(user: User, transaction: Transaction) -> bool:
    """Moving a record's status (confirming a draft, registering, cancelling) is for the
    parties and the department: the broker's word alone does not make a contract count."""
    return is_staff(user) or is_party(user, transaction)
