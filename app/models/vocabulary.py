"""The law's terms as enums. Vietnamese labels live in ``app.reference.labels``."""

from __future__ import annotations

import enum

from app.core.roles import PlatformRole as PlatformRole  # the access rules of core own it


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


# --- Listings (offers and demands) ---------------------------------------------------------


class ListingStatus(enum.StrEnum):
    draft = "draft"
    pending_review = "pending_review"
    published = "published"
    rejected = "rejected"
    expired = "expired"
    withdrawn = "withdrawn"
    archived = "archived"


class OfferKind(enum.StrEnum):
    technology = "technology"
    equipment = "equipment"
    ip_asset = "ip_asset"
    research_result = "research_result"
    st_service = "st_service"


class IPType(enum.StrEnum):
    patent = "patent"
    utility_solution = "utility_solution"
    industrial_design = "industrial_design"
    trademark = "trademark"
    plant_variety = "plant_variety"
    layout_design = "layout_design"
    copyright = "copyright"
    trade_secret = "trade_secret"  # noqa: S105 - an IP type, not a password


class IPStatus(enum.StrEnum):
    granted = "granted"
    pending = "pending"


class TransferRight(enum.StrEnum):
    """Law on Technology Transfer 2017, Art. 4: ownership, or the right to use (exclusive or
    not)."""

    ownership = "ownership"
    right_to_use_exclusive = "right_to_use_exclusive"
    right_to_use_non_exclusive = "right_to_use_non_exclusive"


class TransferForm(enum.StrEnum):
    """Law on Technology Transfer 2017, Art. 5."""

    independent_contract = "independent_contract"
    investment_project = "investment_project"
    capital_contribution = "capital_contribution"
    franchise = "franchise"
    ip_transfer = "ip_transfer"
    equipment_sale = "equipment_sale"
    other = "other"


class TransferMethod(enum.StrEnum):
    """Law on Technology Transfer 2017, Art. 6."""

    documents = "documents"
    training = "training"
    experts = "experts"
    machinery = "machinery"
    other = "other"


class PriceMode(enum.StrEnum):
    fixed = "fixed"
    range = "range"
    negotiable = "negotiable"
    on_request = "on_request"


class ListingLanguage(enum.StrEnum):
    vi = "vi"
    en = "en"


class AttachmentKind(enum.StrEnum):
    image = "image"
    document = "document"


class NotificationKind(enum.StrEnum):
    listing_published = "listing_published"
    listing_rejected = "listing_rejected"
    listing_expiring = "listing_expiring"
    listing_expired = "listing_expired"
    # Matching, expressions of interest, deals, saved searches.
    match_found = "match_found"
    interest_received = "interest_received"
    interest_answered = "interest_answered"
    deal_created = "deal_created"
    deal_stage_changed = "deal_stage_changed"
    deal_task_due = "deal_task_due"
    deal_checkin_due = "deal_checkin_due"
    saved_search_alert = "saved_search_alert"
    event_registration = "event_registration"
    meeting_requested = "meeting_requested"
    meeting_agenda = "meeting_agenda"
    challenge_proposal = "challenge_proposal"
    challenge_decision = "challenge_decision"


# --- Transaction register and indicators ---


class TransactionCategory(enum.StrEnum):
    """What changed hands; drives the indicator classification (app.transaction.classification)."""

    technology_transfer = "technology_transfer"
    equipment_with_technology = "equipment_with_technology"
    capital_contribution = "capital_contribution"
    ip_assignment = "ip_assignment"
    ip_license = "ip_license"
    st_service = "st_service"
    other = "other"


class TransactionDirection(enum.StrEnum):
    domestic = "domestic"
    inbound = "inbound"
    outbound = "outbound"


class TransactionStatus(enum.StrEnum):
    draft = "draft"
    signed = "signed"
    registered = "registered"
    completed = "completed"
    cancelled = "cancelled"


class TransactionVerification(enum.StrEnum):
    self_reported = "self_reported"
    verified = "verified"


class IndicatorMeasure(enum.StrEnum):
    value = "value"
    count = "count"  # type: ignore[assignment]  # shadows str.count, harmlessly


class TransactionDocumentKind(enum.StrEnum):
    contract = "contract"
    annex = "annex"
    registration_certificate = "registration_certificate"
    ip_recordal = "ip_recordal"
    acceptance = "acceptance"
    invoice = "invoice"
    other = "other"


# --- Expressions of interest ---


class InterestStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


# --- E-mail outbox ---


class MailStatus(enum.StrEnum):
    pending = "pending"  # waiting for its (next) attempt
    sent = "sent"


# --- Brokered deals ---


class DealStage(enum.StrEnum):
    new = "new"
    contacted = "contacted"
    nda_signed = "nda_signed"
    negotiating = "negotiating"
    agreed = "agreed"
    contract_signed = "contract_signed"
    closed_won = "closed_won"
    closed_lost = "closed_lost"


# --- Promotion events, B2B meetings and technology challenges ---


class EventKind(enum.StrEnum):
    techmart = "techmart"
    demo_day = "demo_day"
    workshop = "workshop"
    training = "training"


class EventFormat(enum.StrEnum):
    online = "online"
    offline = "offline"
    hybrid = "hybrid"


class EventStatus(enum.StrEnum):
    published = "published"
    cancelled = "cancelled"


class ParticipantRole(enum.StrEnum):
    exhibitor = "exhibitor"  # shows its offers; approved by the organiser
    visitor = "visitor"  # comes with its demands


class ParticipantStatus(enum.StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class MeetingRequestStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"


class MeetingOutcome(enum.StrEnum):
    no_interest = "no_interest"
    follow_up = "follow_up"
    deal = "deal"


class ChallengeStatus(enum.StrEnum):
    pending_review = "pending_review"  # screening found a restricted technology
    published = "published"
    rejected = "rejected"
    closed = "closed"  # past its deadline, being judged
    awarded = "awarded"


class ProposalStatus(enum.StrEnum):
    submitted = "submitted"
    shortlisted = "shortlisted"
    awarded = "awarded"
    not_selected = "not_selected"


class TechnologyListKind(enum.StrEnum):
    """Nghị định 76/2018: Phụ lục II (hạn chế chuyển giao) and Phụ lục III (cấm chuyển giao)."""

    restricted = "restricted"
    prohibited = "prohibited"


class ScreeningDirection(enum.StrEnum):
    """Which transfers a list item applies to: from abroad into Việt Nam, within Việt Nam,
    from Việt Nam abroad."""

    inbound = "inbound"
    domestic = "domestic"
    outbound = "outbound"
