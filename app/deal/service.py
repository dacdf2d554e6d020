"""Deals run by intermediaries: creation, stages, tasks, notes, valuation, check-ins; every
change written to the deal's history. A won deal records a DRAFT transaction in the register
(app/transaction), which the parties complete and the department verifies."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_, lazy_day, written
from app.deal.auth import may_answer_checkin, may_read_notes, may_run, may_see
from app.deal.repository import DealRepository
from app.deal.schemas import (
    CheckinAnswer,
    DealCreate,
    NoteCreate,
    StageChange,
    TaskCreate,
    ValuationAnswer,
    ValuationRequest,
)
from app.models import (
    Deal,
    DealCheckin,
    DealEvent,
    DealNote,
    DealTask,
    Demand,
    Offer,
    Organization,
    Transaction,
    User,
)
from app.models.vocabulary import (
    DealStage,
    NotificationKind,
    TransactionStatus,
)
from app.notification.service import NOTIFICATION_LOCALE, notify
from app.organization.auth import require_broker
from app.reference.labels import label, lazy_label
from app.transaction.schemas import TransactionCreate
from app.transaction.service import TransactionService

S = DealStage
OPEN_STAGES: tuple[DealStage, ...] = (
    S.new,
    S.contacted,
    S.nda_signed,
    S.negotiating,
    S.agreed,
    S.contract_signed,
)
CLOSED_STAGES = frozenset({S.closed_won, S.closed_lost})
CHECKIN_DAYS = (30, 90, 180)


def _link(deal: Deal) -> str:
    return f"/api/v1/deals/{deal.id}"


class DealService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.deals = DealRepository(session)

    # --- reading -------------------------------------------------------------------------

    async def get_visible(self, deal_id: int, user: User) -> Deal:
        deal = await self.deals.get(deal_id)
        if deal is None or not may_see(user, deal):
            raise NotFound(
                N_("Deal %(deal_id)s does not exist or is not one of yours."), deal_id=deal_id
            )
        return deal

    async def get_run(self, deal_id: int, user: User) -> Deal:
        deal = await self.get_visible(deal_id, user)
        if not may_run(user, deal):
            raise Forbidden(N_("Only the brokers of the deal's intermediary organisation run it."))
        return deal

    # --- creating --------------------------------------------------------------------------

    async def create(self, data: DealCreate, user: User) -> Deal:
        broker = await require_broker(self.session, user)
        if data.supplier_id == data.recipient_id:
            raise Invalid(N_("supplier_id and recipient_id must be different organisations."))
        await self._organization(data.supplier_id, "supplier_id")
        await self._organization(data.recipient_id, "recipient_id")
        await self._check_listing(Offer, data.offer_id, data.supplier_id, "offer_id", "supplier")
        await self._check_listing(
            Demand, data.demand_id, data.recipient_id, "demand_id", "recipient"
        )
        deal = Deal(**data.model_dump(), broker_organization_id=broker.id, created_by_id=user.id)
        self.session.add(deal)
        await self.session.flush()
        await self._record(deal, user, "created", data.model_dump())
        for organization_id in (deal.supplier_id, deal.recipient_id):
            await notify(
                self.session,
                kind=NotificationKind.deal_created,
                organization_id=organization_id,
                title=f"Giao dịch mới qua {broker.name}: {deal.title}",
                body=f"{broker.name} đã mở một giao dịch môi giới với tổ chức của bạn.",
                link=_link(deal),
            )
        return deal

    async def _organization(self, organization_id: int, field: str) -> Organization:
        organization = await self.session.get(Organization, organization_id)
        if organization is None:
            raise Invalid(
                N_("%(field)s: organisation %(organization_id)s does not exist."),
                field=field,
                organization_id=organization_id,
            )
        return organization

    async def _check_listing(
        self,
        model: type[Offer] | type[Demand],
        listing_id: int | None,
        owner_id: int,
        field: str,
        role: str,
    ) -> None:
        if listing_id is None:
            return
        listing: Offer | Demand | None = await self.session.get(model, listing_id)
        if listing is None:
            raise Invalid(
                N_("%(field)s: listing %(listing_id)s does not exist."),
                field=field,
                listing_id=listing_id,
            )
        if listing.organization_id != owner_id:
            raise Invalid(
                N_("%(field)s: the listing belongs to another organisation than the %(role)s."),
                field=field,
                role=role,
            )

    # --- stages ----------------------------------------------------------------------------

    async def change_stage(self, deal_id: int, change: StageChange, user: User) -> Deal:
        deal = await self.get_run(deal_id, user)
        old = deal.stage
        self._check_move(deal, change)
        changes: dict[str, Any] = {"stage": [old, change.stage]}
        if change.stage is S.closed_lost:
            deal.lost_reason = change.reason
            changes["lost_reason"] = change.reason
        elif change.stage is S.contract_signed:
            self._sign(deal, change, changes)
            await self._schedule_checkins(deal)
        deal.stage = change.stage
        await self.session.flush()
        # The register learns of the contract when it is signed; a deal signed before the
        # register entry was drafted at signing gets its entry when it is won.
        if change.stage is S.contract_signed or (
            change.stage is S.closed_won and deal.transaction_id is None
        ):
            transaction = await self._draft_transaction(deal, change, user)
            deal.transaction_id = transaction.id
            changes["transaction_id"] = [None, transaction.id]
            await self.session.flush()
        elif (
            change.stage is S.closed_lost
            and deal.transaction_id is not None
            and await TransactionService(self.session).cancel_draft(
                deal.transaction_id, user, reason=change.reason or ""
            )
        ):
            changes["transaction_status"] = [TransactionStatus.draft, TransactionStatus.cancelled]
        await self._record(deal, user, "stage_changed", changes)
        await self._tell_parties(deal, change.stage)
        return deal

    def _check_move(self, deal: Deal, change: StageChange) -> None:
        if deal.stage in CLOSED_STAGES:
            raise Conflict(
                N_("This deal is closed (%(stage)s); open a new deal instead."), stage=deal.stage
            )
        target = change.stage
        if target is S.closed_lost:
            if not change.reason:
                raise Invalid(N_("Say why the deal was lost (reason)."))
            return
        if target is S.closed_won:
            if deal.stage is not S.contract_signed:
                raise Conflict(
                    N_("A deal is won once its contract is signed: move it there first.")
                )
            return
        if OPEN_STAGES.index(target) <= OPEN_STAGES.index(deal.stage):
            raise Conflict(
                N_(
                    "A deal moves forward: from %(stage)s to a later stage (%(later)s), or to "
                    "closed_lost with a reason."
                ),
                stage=lazy_label(deal.stage),
                later=[lazy_label(s) for s in OPEN_STAGES[OPEN_STAGES.index(deal.stage) + 1 :]],
            )

    def _sign(self, deal: Deal, change: StageChange, changes: dict[str, Any]) -> None:
        if change.signed_on is None or change.value_vnd is None or change.category is None:
            raise Invalid(N_("A signed contract needs signed_on, value_vnd and category."))
        if change.signed_on > date.today():
            raise Invalid(
                N_("signed_on is in the future: move the deal when the contract is signed.")
            )
        deal.signed_on = change.signed_on
        deal.value_vnd = change.value_vnd
        deal.category = change.category
        deal.transfer_methods = [str(method) for method in change.transfer_methods]
        changes.update(
            signed_on=str(change.signed_on),
            value_vnd=change.value_vnd,
            category=change.category,
            transfer_methods=deal.transfer_methods,
        )

    async def _schedule_checkins(self, deal: Deal) -> None:
        assert deal.signed_on is not None
        for days in CHECKIN_DAYS:
            self.session.add(
                DealCheckin(
                    deal_id=deal.id,
                    days_after_signing=days,
                    due_on=deal.signed_on + timedelta(days=days),
                    delivered={},
                )
            )

    async def _draft_transaction(self, deal: Deal, change: StageChange, user: User) -> Transaction:
        """The register entry of the signed contract, as a draft the broker completes and a
        party confirms: the deal's contract terms, the rest from the offer (or the demand)
        unless the broker gave them with the move."""
        assert deal.signed_on is not None and deal.category is not None
        offer = await self.session.get(Offer, deal.offer_id) if deal.offer_id else None
        demand = await self.session.get(Demand, deal.demand_id) if deal.demand_id else None
        data = TransactionCreate.model_validate(
            {
                "subject": deal.title,
                "supplier_id": deal.supplier_id,
                "recipient_id": deal.recipient_id,
                "intermediary_id": deal.broker_organization_id,
                "category": deal.category,
                "signed_on": deal.signed_on,
                "status": TransactionStatus.draft,
                "value_vnd": deal.value_vnd,
                "transfer_methods": deal.transfer_methods,
                "field_code": change.field_code
                or (offer.field_code if offer else None)
                or (demand.field_code if demand else None),
                "ip_type": change.ip_type or (offer.ip_type if offer else None),
                "transfer_form": change.transfer_form
                or (_the_only(offer.transfer_forms) if offer else None),
                "transfer_right": change.transfer_right
                or (_the_only(offer.transfer_rights) if offer else None),
                "offer_id": deal.offer_id,
                "demand_id": deal.demand_id,
                "deal_id": deal.id,
            }
        )
        return await TransactionService(self.session).create(data, user)

    async def _tell_parties(self, deal: Deal, stage: DealStage) -> None:
        for organization_id in (deal.supplier_id, deal.recipient_id):
            await notify(
                self.session,
                kind=NotificationKind.deal_stage_changed,
                organization_id=organization_id,
                title=f"«{deal.title}»: {label(stage, NOTIFICATION_LOCALE)}",
                body=written(
                    N_("The deal moved to: %(stage)s."),
                    NOTIFICATION_LOCALE,
                    stage=label(stage, NOTIFICATION_LOCALE),
                ),
                link=_link(deal),
            )

    # --- tasks, notes, valuation -------------------------------------------------------------

    async def add_task(self, deal_id: int, data: TaskCreate, user: User) -> DealTask:
        deal = await self.get_run(deal_id, user)
        if data.assignee_id is not None:
            assignee = await self.session.get(User, data.assignee_id)
            if assignee is None or not may_run(assignee, deal):
                raise Invalid(N_("assignee_id: tasks go to a broker of the deal's organisation."))
        task = DealTask(deal_id=deal.id, **data.model_dump())
        self.session.add(task)
        await self.session.flush()
        await self._record(deal, user, "task_added", {"task_id": task.id, **data.model_dump()})
        return task

    async def set_task_done(self, deal_id: int, task_id: int, done: bool, user: User) -> DealTask:
        deal = await self.get_run(deal_id, user)
        task = await self.deals.task(deal.id, task_id)
        if task is None:
            raise NotFound(
                N_("Task %(task_id)s is not a task of deal %(deal_id)s."),
                task_id=task_id,
                deal_id=deal_id,
            )
        task.done_at = utcnow() if done else None
        await self.session.flush()
        await self._record(
            deal, user, "task_done" if done else "task_reopened", {"task_id": task.id}
        )
        return task

    async def add_note(self, deal_id: int, data: NoteCreate, user: User) -> DealNote:
        deal = await self.get_run(deal_id, user)
        note = DealNote(deal_id=deal.id, author_id=user.id, body=data.body)
        self.session.add(note)
        await self.session.flush()
        # The note's text stays in the notes: the history only says one was added.
        await self._record(deal, user, "note_added", {"note_id": note.id})
        return note

    async def notes(self, deal_id: int, user: User) -> list[DealNote]:
        deal = await self.get_visible(deal_id, user)
        if not may_read_notes(user, deal):
            raise Forbidden(N_("Notes on a deal are for the broker's organisation only."))
        return list(await self.deals.notes(deal.id))

    async def request_valuation(self, deal_id: int, data: ValuationRequest, user: User) -> Deal:
        deal = await self.get_visible(deal_id, user)
        if not may_answer_checkin(user, deal):  # the parties or the broker
            raise Forbidden(N_("Only the parties or the broker may request a valuation."))
        deal.valuation_requested_at = utcnow()
        deal.valuation_purpose = data.purpose
        deal.valuation_value_vnd = None
        deal.valuation_note = None
        await self.session.flush()
        await self._record(deal, user, "valuation_requested", {"purpose": data.purpose})
        return deal

    async def answer_valuation(self, deal_id: int, data: ValuationAnswer, user: User) -> Deal:
        deal = await self.get_run(deal_id, user)
        if deal.valuation_requested_at is None:
            raise Conflict(N_("No valuation was requested on this deal."))
        old = deal.valuation_value_vnd
        deal.valuation_value_vnd = data.value_vnd
        deal.valuation_note = data.note
        await self.session.flush()
        await self._record(
            deal, user, "valuation_answered", {"valuation_value_vnd": [old, data.value_vnd]}
        )
        return deal

    # --- check-ins ----------------------------------------------------------------------------

    async def answer_checkin(
        self, deal_id: int, checkin_id: int, data: CheckinAnswer, user: User
    ) -> DealCheckin:
        deal = await self.get_visible(deal_id, user)
        if not may_answer_checkin(user, deal):
            raise Forbidden(N_("Check-ins are answered by the parties or the broker."))
        checkin = await self.deals.checkin(deal.id, checkin_id)
        if checkin is None:
            raise NotFound(
                N_("Check-in %(checkin_id)s is not a check-in of deal %(deal_id)s."),
                checkin_id=checkin_id,
                deal_id=deal_id,
            )
        if checkin.due_on > date.today():
            raise Conflict(N_("This check-in opens on %(day)s."), day=lazy_day(checkin.due_on))
        delivered = {str(method): happened for method, happened in data.delivered.items()}
        checkin.delivered = delivered
        checkin.comment = data.comment
        checkin.answered_at = utcnow()
        checkin.answered_by_id = user.id
        await self.session.flush()
        await self._record(
            deal,
            user,
            "checkin_answered",
            {"days_after_signing": checkin.days_after_signing, "delivered": delivered},
        )
        return checkin

    # --- history --------------------------------------------------------------------------------

    async def _record(
        self, deal: Deal, user: User | None, action: str, changes: dict[str, Any]
    ) -> None:
        self.session.add(
            DealEvent(
                deal_id=deal.id,
                actor_id=user.id if user else None,
                action=action,
                changes=to_jsonable_python(changes),
            )
        )
        await self.session.flush()

    async def history(self, deal_id: int, user: User) -> list[DealEvent]:
        deal = await self.get_visible(deal_id, user)
        return list(await self.deals.history(deal.id, with_notes=may_read_notes(user, deal)))


def _the_only(values: list[str]) -> str | None:
    """An offer open to several transfer forms (or rights) leaves the choice to the broker."""
    return values[0] if len(values) == 1 else None
