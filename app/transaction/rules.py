"""The register's legal rules: direction from the parties' countries, Art. 31 registration,
status changes."""

from __future__ import annotations

from datetime import date, timedelta

from app.models import Transaction
from app.models.vocabulary import IPType, TransactionCategory, TransactionDirection
from app.models.vocabulary import TransactionStatus as S
from app.transaction.classification import VIETNAM, record_is_technology

# Law on Technology Transfer 2017, Art. 31: registration within 90 days of signing.
REGISTRATION_DAYS = 90

NEXT_STATUSES: dict[S, frozenset[S]] = {
    S.draft: frozenset({S.signed, S.cancelled}),
    S.signed: frozenset({S.registered, S.completed, S.cancelled}),
    S.registered: frozenset({S.completed, S.cancelled}),
    S.completed: frozenset(),
    S.cancelled: frozenset(),
}
# A registration is owed only once the contract exists and while it stands.
OWES_REGISTRATION = (S.signed, S.registered, S.completed)


def derive_direction(supplier_country: str, recipient_country: str) -> TransactionDirection | None:
    """None when neither party is Vietnamese: such a contract is not this register's."""
    if supplier_country == VIETNAM and recipient_country == VIETNAM:
        return TransactionDirection.domestic
    if recipient_country == VIETNAM:
        return TransactionDirection.inbound
    if supplier_country == VIETNAM:
        return TransactionDirection.outbound
    return None


def requires_registration(
    category: TransactionCategory,
    ip_type: IPType | None,
    direction: TransactionDirection,
    uses_state_funds: bool,
) -> bool:
    """Art. 31: technology transferred from or to abroad, or within Vietnam with state funds."""
    if not record_is_technology(category, ip_type):
        return False
    return direction is not TransactionDirection.domestic or uses_state_funds


def transaction_requires_registration(transaction: Transaction) -> bool:
    return requires_registration(
        transaction.category,
        transaction.ip_type,
        transaction.direction,
        transaction.uses_state_funds,
    )


def registration_deadline(signed_on: date) -> date:
    return signed_on + timedelta(days=REGISTRATION_DAYS)


def is_registration_overdue(transaction: Transaction, today: date) -> bool:
    return (
        transaction_requires_registration(transaction)
        and transaction.status in OWES_REGISTRATION
        and not transaction.registration_certificate_no
        and registration_deadline(transaction.signed_on) < today
    )
