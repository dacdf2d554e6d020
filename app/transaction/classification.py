"""What kind of S&T goods transaction a record is, and whether the statistics count it.

Every rule is a SQL boolean expression over the ``transactions`` table, so that the register's
lists, the market indicators and their drill-down all select the same rows; the few rules the
register needs per record (Art. 31 registration) use the same sets of values in Python.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, false, or_, true

from app.models import Transaction
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    TransactionCategory,
    TransactionDirection,
    TransactionStatus,
    TransactionVerification,
)

VIETNAM = "VN"

COUNTED_STATUSES = (
    TransactionStatus.signed,
    TransactionStatus.registered,
    TransactionStatus.completed,
)
IP_CATEGORIES = (TransactionCategory.ip_assignment, TransactionCategory.ip_license)
TECHNOLOGY_CATEGORIES = (
    TransactionCategory.technology_transfer,
    TransactionCategory.equipment_with_technology,
    TransactionCategory.capital_contribution,
)
# IP rights that carry technology: an IP transaction on one of these is a technology one.
TECHNOLOGY_IP_TYPES = (
    IPType.patent,
    IPType.utility_solution,
    IPType.layout_design,
    IPType.trade_secret,
)
KNOWLEDGE_SUPPLIER_TYPES = (
    OrganizationType.research_institute,
    OrganizationType.university,
    OrganizationType.st_organization,
)
DOMESTIC_ORIGIN_DIRECTIONS = (TransactionDirection.domestic, TransactionDirection.outbound)
T = Transaction


def is_ip() -> ColumnElement[bool]:
    return or_(T.category.in_(IP_CATEGORIES), T.ip_type.is_not(None))


def is_technology() -> ColumnElement[bool]:
    return or_(
        T.category.in_(TECHNOLOGY_CATEGORIES),
        and_(is_ip(), T.ip_type.in_(TECHNOLOGY_IP_TYPES)),
    )


def is_inbound() -> ColumnElement[bool]:
    return T.direction == TransactionDirection.inbound


def is_domestic_origin() -> ColumnElement[bool]:
    return and_(T.supplier_country == VIETNAM, T.direction.in_(DOMESTIC_ORIGIN_DIRECTIONS))


def from_knowledge_supplier() -> ColumnElement[bool]:
    return T.supplier_type.in_(KNOWLEDGE_SUPPLIER_TYPES)


def from_countries(countries: Collection[str]) -> ColumnElement[bool]:
    return T.supplier_country.in_(sorted(countries)) if countries else false()


def every_transaction() -> ColumnElement[bool]:
    return true()


def in_statistics(*, verified_only: bool) -> ColumnElement[bool]:
    """The scope: counted statuses, not excluded by the department (and verified, if asked)."""
    scope = and_(T.status.in_(COUNTED_STATUSES), T.excluded_from_statistics.is_(False))
    if verified_only:
        scope = and_(scope, T.verification == TransactionVerification.verified)
    return scope


# The same rules for one record in Python (Art. 31 registration needs "is technology").
def record_is_ip(category: TransactionCategory, ip_type: IPType | None) -> bool:
    return category in IP_CATEGORIES or ip_type is not None


def record_is_technology(category: TransactionCategory, ip_type: IPType | None) -> bool:
    return category in TECHNOLOGY_CATEGORIES or (
        record_is_ip(category, ip_type) and ip_type in TECHNOLOGY_IP_TYPES
    )
