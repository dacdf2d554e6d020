"""The register: recording transactions (idempotently), corrections, verification,
exclusion from statistics, overdue registrations and price benchmarks."""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.disclosure import Cell, DisclosureRule
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_
from app.core.roles import is_staff
from app.core.validation import refuse_nulls
from app.models import Deal, Demand, IdempotencyKey, Offer, Organization, Transaction, User
from app.models.vocabulary import TransactionCategory, TransactionStatus, TransactionVerification
from app.organization.repository import OrganizationRepository
from app.transaction.auth import may_confirm, may_edit, may_record, may_see, may_see_value
from app.transaction.history import events_of, present_event, record_event
from app.transaction.repository import TransactionRepository
from app.transaction.rules import (
    NEXT_STATUSES,
    derive_direction,
    is_registration_overdue,
    registration_deadline,
    transaction_requires_registration,
)
from app.transaction.schemas import (
    ExclusionBody,
    PriceBenchmark,
    TransactionCreate,
    TransactionEventRead,
    TransactionRead,
    TransactionUpdate,
)

IDEMPOTENCY_SCOPE = "POST /transactions"
MAX_IDEMPOTENCY_KEY = 200


# A price figure needs this many transactions behind it (it must disclose no contract).
class TransactionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.transactions = TransactionRepository(session)
        self.organizations = OrganizationRepository(session)

    # Reading
    async def get_visible(self, transaction_id: int, viewer: User | None) -> Transaction:
        transaction = await self.transactions.get(transaction_id)
        if transaction is None or not may_see(viewer, transaction):
            raise NotFound(
                N_("Transaction %(transaction_id)s does not exist."), transaction_id=transaction_id
            )
        return transaction

    # Recording
    async def create_idempotent(
        self, data: TransactionCreate, user: User, key: str | None
    ) -> tuple[Transaction, int, bool]:
        """(transaction, HTTP status, replayed). A retry with the same key and body returns
        the original record; the same key with another body is a conflict."""
        if key is None:
            return await self.create(data, user), 201, False
        if not key.strip() or len(key) > MAX_IDEMPOTENCY_KEY:
            raise Invalid(
                N_("Idempotency-Key must be 1 to %(MAX_IDEMPOTENCY_KEY)s characters."),
                MAX_IDEMPOTENCY_KEY=MAX_IDEMPOTENCY_KEY,
            )
        request_hash = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
        existing = await self.transactions.get_idempotency_key(user.id, IDEMPOTENCY_SCOPE, key)
        if existing is not None:
            return await self._replay(existing, request_hash)
        record = IdempotencyKey(
            user_id=user.id,
            scope=IDEMPOTENCY_SCOPE,
            key=key,
            request_hash=request_hash,
            response_status=201,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(record)
                await self.session.flush()
        except IntegrityError:
            # A concurrent first attempt with this key won the race and has committed.
            existing = await self.transactions.get_idempotency_key(user.id, IDEMPOTENCY_SCOPE, key)
            if existing is None:
                raise Conflict(
                    N_("A request with this Idempotency-Key is in progress; retry.")
                ) from None
            return await self._replay(existing, request_hash)
        transaction = await self.create(data, user)
        record.resource_id = transaction.id
        await self.session.flush()
        return transaction, 201, False

    async def _replay(
        self, record: IdempotencyKey, request_hash: str
    ) -> tuple[Transaction, int, bool]:
        if record.request_hash != request_hash:
            raise Conflict(
                N_(
                    "This Idempotency-Key was already used with a different request "
                    "body; use a new key for a new transaction."
                )
            )
        transaction = (
            await self.transactions.get(record.resource_id) if record.resource_id else None
        )
        if transaction is None:
            raise Conflict(N_("The first request with this Idempotency-Key did not finish; retry."))
        return transaction, record.response_status, True

    async def create(self, data: TransactionCreate, user: User) -> Transaction:
        supplier = await self._organization(data.supplier_id, "supplier_id")
        recipient = await self._organization(data.recipient_id, "recipient_id")
        if not may_record(user, supplier.id, recipient.id):
            raise Forbidden(
                N_("Only a party to the contract, an intermediary or the department may record it.")
            )
        await self._check_references(data, user)
        intermediary_id = data.intermediary_id
        is_party = user.organization_id in (supplier.id, recipient.id)
        if not is_staff(user) and not is_party:
            # A broker records as the intermediary: its own organisation, no other.
            if intermediary_id not in (None, user.organization_id):
                raise Forbidden(N_("A broker records a contract as its own organisation's."))
            intermediary_id = user.organization_id
        elif intermediary_id is not None:
            await self._organization(intermediary_id, "intermediary_id")
        values = data.model_dump(
            exclude={"supplier_id", "recipient_id", "intermediary_id", "transfer_methods"}
        )
        values["uses_state_funds"] = bool(values["uses_state_funds"])
        transaction = Transaction(
            **values,
            supplier_id=supplier.id,
            recipient_id=recipient.id,
            intermediary_id=intermediary_id,
            transfer_methods=[str(m) for m in data.transfer_methods or []],
            signed_year=data.signed_on.year,
            created_by_id=user.id,
        )
        if transaction.value_vnd is None:
            transaction.value_vnd = _to_vnd(data.original_amount, data.exchange_rate)
        take_snapshot(transaction, supplier, recipient)
        self._settle_direction(transaction, requested=data.direction is not None)
        _check_dates(transaction)
        await self.transactions.add(transaction)
        await record_event(
            self.session,
            transaction,
            user,
            "recorded",
            {"status": transaction.status, "deal_id": transaction.deal_id},
        )
        return transaction

    async def update(self, transaction_id: int, data: TransactionUpdate, user: User) -> Transaction:
        transaction = await self.get_visible(transaction_id, user)
        if not may_edit(user, transaction):
            raise Forbidden(
                N_(
                    "Only the parties may correct a transaction, and only until the "
                    "department verifies it (the deal's broker: until a party "
                    "confirms the draft); ask the department for later corrections."
                )
            )
        changes = data.model_dump(exclude_unset=True)
        refuse_nulls(changes, Transaction)
        new_status = changes.pop("status", None)
        if new_status not in (None, transaction.status) and not may_confirm(user, transaction):
            raise Forbidden(
                N_(
                    "A party to the contract confirms the draft (status signed); the "
                    "broker completes its fields."
                )
            )
        if "transfer_methods" in changes:
            changes["transfer_methods"] = [str(m) for m in changes["transfer_methods"] or []]
        before = {field: getattr(transaction, field) for field in (*changes, "status")}
        for field, value in changes.items():
            setattr(transaction, field, value)
        transaction.signed_year = transaction.signed_on.year
        if new_status is not None and new_status != transaction.status:
            await self._change_status(transaction, new_status)
        self._settle_direction(
            transaction,
            requested="direction" in changes or bool(transaction.direction_override_reason),
        )
        _check_dates(transaction)
        await self.session.flush()
        diff = {
            field: [old, getattr(transaction, field)]
            for field, old in before.items()
            if old != getattr(transaction, field)
        }
        if diff:
            await record_event(self.session, transaction, user, "corrected", diff)
        return transaction

    async def cancel_draft(self, transaction_id: int, user: User, *, reason: str) -> bool:
        """Cancel a register entry still in draft because its deal was lost (the reason is
        the deal's); a confirmed one stays as it is. True when it was cancelled."""
        transaction = await self.transactions.get(transaction_id)
        if transaction is None or transaction.status is not TransactionStatus.draft:
            return False
        transaction.status = TransactionStatus.cancelled
        await self.session.flush()
        await record_event(
            self.session,
            transaction,
            user,
            "cancelled",
            {"status": [TransactionStatus.draft, TransactionStatus.cancelled], "reason": reason},
        )
        return True

    async def _change_status(self, transaction: Transaction, new_status: TransactionStatus) -> None:
        allowed = NEXT_STATUSES[transaction.status]
        if new_status not in allowed:
            choices = ", ".join(sorted(allowed)) or "none (the record is closed)"
            raise Invalid(
                N_(
                    "A %(status)s transaction cannot become %(new_status)s; possible "
                    "next statuses: %(choices)s."
                ),
                status=transaction.status,
                new_status=new_status,
                choices=choices,
            )
        if transaction.status is TransactionStatus.draft:
            # The snapshot describes the parties at signing.
            supplier = await self._organization(transaction.supplier_id, "supplier_id")
            recipient = await self._organization(transaction.recipient_id, "recipient_id")
            take_snapshot(transaction, supplier, recipient)
        transaction.status = new_status

    def _settle_direction(self, transaction: Transaction, *, requested: bool) -> None:
        """Derive the direction from the parties' countries unless one was asked for; an
        asked-for direction that contradicts them needs a reason."""
        derived = derive_direction(transaction.supplier_country, transaction.recipient_country)
        if not requested:
            if derived is None:
                raise Invalid(
                    N_(
                        "Neither party is Vietnamese: give the direction and a reason "
                        "(direction_override_reason) if this contract belongs in the "
                        "register."
                    )
                )
            transaction.direction = derived
            transaction.direction_override_reason = None
        elif transaction.direction != derived and not transaction.direction_override_reason:
            raise Invalid(
                N_(
                    "The parties' countries make this transaction %(derived)s; to record it as "
                    "%(direction)s, say why in direction_override_reason."
                ),
                derived=derived or "foreign",
                direction=transaction.direction,
            )

    async def _check_references(self, data: TransactionCreate, user: User) -> None:
        """The offer is the supplier's, the demand the recipient's, and the deal is between
        the same parties and run with the caller in it: a record cites only what it belongs to."""
        if data.offer_id is not None:
            offer = await self.session.get(Offer, data.offer_id)
            if offer is None or offer.organization_id != data.supplier_id:
                raise Invalid(
                    N_("offer_id: offer %(offer_id)s does not exist or is not the supplier's."),
                    offer_id=data.offer_id,
                )
        if data.demand_id is not None:
            demand = await self.session.get(Demand, data.demand_id)
            if demand is None or demand.organization_id != data.recipient_id:
                raise Invalid(
                    N_("demand_id: demand %(demand_id)s does not exist or is not the recipient's."),
                    demand_id=data.demand_id,
                )
        if data.deal_id is not None:
            deal = await self.session.get(Deal, data.deal_id)
            if deal is None or (deal.supplier_id, deal.recipient_id) != (
                data.supplier_id,
                data.recipient_id,
            ):
                raise Invalid(
                    N_("deal_id: deal %(deal_id)s does not exist or is between other parties."),
                    deal_id=data.deal_id,
                )
            members = (deal.supplier_id, deal.recipient_id, deal.broker_organization_id)
            if not is_staff(user) and user.organization_id not in members:
                raise Forbidden(N_("deal_id: you take no part in this deal."))

    async def _organization(self, organization_id: int, field: str) -> Organization:
        organization = await self.organizations.get(organization_id)
        if organization is None:
            raise Invalid(
                N_("%(field)s: organisation %(organization_id)s does not exist."),
                field=field,
                organization_id=organization_id,
            )
        return organization

    # The department
    async def set_verification(
        self, transaction_id: int, verified: bool, officer: User
    ) -> Transaction:
        transaction = await self.get_visible(transaction_id, officer)
        if verified:
            transaction.verification = TransactionVerification.verified
            transaction.verified_at = utcnow()
            transaction.verified_by_id = officer.id
        else:
            transaction.verification = TransactionVerification.self_reported
            transaction.verified_at = None
            transaction.verified_by_id = None
        await self.session.flush()
        action = "verified" if verified else "verification_withdrawn"
        await record_event(self.session, transaction, officer, action, {})
        return transaction

    async def set_exclusion(
        self, transaction_id: int, body: ExclusionBody, officer: User
    ) -> Transaction:
        transaction = await self.get_visible(transaction_id, officer)
        transaction.excluded_from_statistics = body.excluded
        transaction.exclusion_reason = body.reason
        transaction.excluded_at = utcnow()
        transaction.excluded_by_id = officer.id
        await self.session.flush()
        action = "excluded" if body.excluded else "included"
        await record_event(self.session, transaction, officer, action, {"reason": body.reason})
        return transaction

    async def history(self, transaction_id: int, viewer: User) -> list[TransactionEventRead]:
        transaction = await self.get_visible(transaction_id, viewer)
        shows_value = may_see_value(viewer, transaction)
        events = await events_of(self.session, transaction.id)
        return [present_event(event, shows_value) for event in events]

    async def price_benchmarks(
        self, first_year: int, last_year: int, rule: DisclosureRule
    ) -> list[PriceBenchmark]:
        """Only groups passing the rule: enough distinct parties (not contracts: five
        contracts between one seller and one buyer are their business), none dominant."""
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
        for (
            field,
            category,
            supplier,
            recipient,
            value,
        ) in await self.transactions.values_for_benchmarks(first_year, last_year):
            groups[(field, category)].append(value)
            cells[(field, category)].add(supplier, recipient, value)
        return [
            _benchmark(field, category, values)
            for (field, category), values in sorted(groups.items())
            if rule.is_safe(cells[(field, category)])
        ]


def take_snapshot(
    transaction: Transaction, supplier: Organization, recipient: Organization
) -> None:
    transaction.supplier_type = supplier.type
    transaction.supplier_country = supplier.country
    transaction.supplier_ownership = supplier.ownership
    transaction.supplier_commune = supplier.commune_code
    transaction.recipient_type = recipient.type
    transaction.recipient_country = recipient.country
    transaction.recipient_ownership = recipient.ownership
    transaction.recipient_commune = recipient.commune_code


def _to_vnd(amount: Decimal | None, rate: Decimal | None) -> int:
    assert amount is not None and rate is not None  # checked by the schema
    return int((amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_dates(transaction: Transaction) -> None:
    if transaction.status is not TransactionStatus.draft and transaction.signed_on > date.today():
        raise Invalid(
            N_("signed_on is in the future: record the contract as a draft until signed.")
        )
    for field in ("registration_certificate_on", "ip_recordal_on"):
        value: date | None = getattr(transaction, field)
        if value is not None and value < transaction.signed_on:
            raise Invalid(
                N_("%(field)s cannot be before the contract was signed (signed_on)."), field=field
            )


def _round2(value: float) -> int:
    """Two significant figures: enough for a price range, too coarse to name a contract."""
    if value <= 0:
        return 0
    magnitude = 10 ** max(len(str(int(value))) - 2, 0)
    return int(round(value / magnitude) * magnitude)


def _benchmark(field: str, category: str, values: list[int]) -> PriceBenchmark:
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    return PriceBenchmark(
        field_code=field,
        category=TransactionCategory(category),
        transactions=len(values),
        lower_quartile_vnd=_round2(lower),
        median_vnd=_round2(median),
        upper_quartile_vnd=_round2(upper),
    )


def present(transaction: Transaction, viewer: User | None, today: date) -> TransactionRead:
    shows_value = may_see_value(viewer, transaction)
    requires = transaction_requires_registration(transaction)
    return TransactionRead.model_validate(
        {
            **{
                c: getattr(transaction, c)
                for c in TransactionRead.model_fields
                if hasattr(transaction, c)
            },
            "value_visible": shows_value,
            "value_vnd": transaction.value_vnd if shows_value else None,
            "currency": transaction.currency if shows_value else None,
            "original_amount": transaction.original_amount if shows_value else None,
            "exchange_rate": transaction.exchange_rate if shows_value else None,
            "requires_registration": requires,
            "registration_deadline": registration_deadline(transaction.signed_on)
            if requires
            else None,
            "registration_overdue": is_registration_overdue(transaction, today),
        }
    )


def present_all(
    transactions: Sequence[Transaction], viewer: User | None, today: date
) -> list[TransactionRead]:
    return [present(t, viewer, today) for t in transactions]
