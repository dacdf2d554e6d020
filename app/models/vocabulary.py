"""The law's terms as enums (DESIGN §4). Vietnamese labels live in ``app.reference.labels``."""

from __future__ import annotations

import enum


class OrganizationType(enum.StrEnum):
    research_institute = "research_institute"
    university = "university"
    st_organization = "st_organization"
    enterprise = "enterprise"
    cooperative = "cooperative"
    intermediary = "intermediary"
    government = "government"
    individual = "individual"


class Ownership(enum.StrEnum):
    """Ownership of an enterprise, as the ministry's statistics split it."""

    state = "state"
    private = "private"
    fdi = "fdi"


class IntermediarySubtype(enum.StrEnum):
    """Kinds of S&T market intermediaries (Thông tư 16/2014/TT-BKHCN)."""

    exchange = "exchange"
    transaction_center = "transaction_center"
    transfer_promotion_center = "transfer_promotion_center"
    valuation_center = "valuation_center"
    innovation_support_center = "innovation_support_center"
    incubator = "incubator"


class VerificationStatus(enum.StrEnum):
    pending = "pending"
    verified = "verified"
    rejected = "rejected"


class MembershipRole(enum.StrEnum):
    owner = "owner"
    member = "member"


class PlatformRole(enum.StrEnum):
    admin = "admin"
    department = "department"
    broker = "broker"
