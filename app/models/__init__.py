"""All tables, imported here so Alembic and the mapper registry see every model."""

from app.models.base import Base
from app.models.challenge import Challenge
from app.models.challenge_criterion import ChallengeCriterion
from app.models.challenge_panelist import ChallengePanelist
from app.models.challenge_proposal import ChallengeProposal
from app.models.challenge_proposal_attachment import ChallengeProposalAttachment
from app.models.challenge_score import ChallengeScore
from app.models.deal import Deal
from app.models.deal_checkin import DealCheckin
from app.models.deal_event import DealEvent
from app.models.deal_note import DealNote
from app.models.deal_source import DealSource
from app.models.deal_task import DealTask
from app.models.demand import Demand
from app.models.event import Event
from app.models.event_meeting import EventMeeting
from app.models.event_participant import EventParticipant
from app.models.event_participant_listing import EventParticipantListing
from app.models.event_session import EventSession
from app.models.idempotency_key import IdempotencyKey
from app.models.interest import Interest
from app.models.job_run import JobRun
from app.models.listing_attachment import ListingAttachment
from app.models.listing_transition import ListingTransition
from app.models.login_attempt import LoginAttempt
from app.models.mail_outbox import MailOutbox
from app.models.meeting_request import MeetingRequest
from app.models.notification import Notification
from app.models.offer import Offer
from app.models.organization import Organization
from app.models.plan import Plan
from app.models.plan_target import PlanTarget
from app.models.refresh_token import RefreshToken
from app.models.registration_attempt import RegistrationAttempt
from app.models.saved_search import SavedSearch
from app.models.saved_search_hit import SavedSearchHit
from app.models.search_outbox import SearchOutbox
from app.models.technology_list_event import TechnologyListEvent
from app.models.technology_list_item import TechnologyListItem
from app.models.transaction import Transaction
from app.models.transaction_document import TransactionDocument
from app.models.transaction_event import TransactionEvent
from app.models.user import User

__all__ = [
    "Base",
    "Challenge",
    "ChallengeCriterion",
    "ChallengePanelist",
    "ChallengeProposal",
    "ChallengeProposalAttachment",
    "ChallengeScore",
    "Deal",
    "DealCheckin",
    "DealEvent",
    "DealNote",
    "DealSource",
    "DealTask",
    "Demand",
    "Event",
    "EventMeeting",
    "EventParticipant",
    "EventParticipantListing",
    "EventSession",
    "IdempotencyKey",
    "Interest",
    "JobRun",
    "ListingAttachment",
    "ListingTransition",
    "LoginAttempt",
    "MailOutbox",
    "MeetingRequest",
    "Notification",
    "Offer",
    "Organization",
    "Plan",
    "PlanTarget",
    "RefreshToken",
    "RegistrationAttempt",
    "SavedSearch",
    "SavedSearchHit",
    "SearchOutbox",
    "TechnologyListEvent",
    "TechnologyListItem",
    "Transaction",
    "TransactionDocument",
    "TransactionEvent",
    "User",
]
