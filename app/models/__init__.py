"""All tables, imported here so Alembic and the mapper registry see every model."""

from app.models.base import Base
from app.models.deal import Deal
from app.models.deal_checkin import DealCheckin
from app.models.deal_event import DealEvent
from app.models.deal_note import DealNote
from app.models.deal_task import DealTask
from app.models.demand import Demand
from app.models.idempotency_key import IdempotencyKey
from app.models.interest import Interest
from app.models.job_run import JobRun
from app.models.listing_attachment import ListingAttachment
from app.models.listing_transition import ListingTransition
from app.models.login_attempt import LoginAttempt
from app.models.mail_outbox import MailOutbox
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
from app.models.transaction import Transaction
from app.models.transaction_document import TransactionDocument
from app.models.user import User

__all__ = [
    "Base",
    "Deal",
    "DealCheckin",
    "DealEvent",
    "DealNote",
    "DealTask",
    "Demand",
    "IdempotencyKey",
    "Interest",
    "JobRun",
    "ListingAttachment",
    "ListingTransition",
    "LoginAttempt",
    "MailOutbox",
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
    "Transaction",
    "TransactionDocument",
    "User",
]
