"""Technology challenges: publication (screened against the restricted and prohibited
technology lists as listings are), proposals with files, the panel's scores, shortlist and
award; the award opens a deal (app/deal) between the winner and the challenger."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.challenge.auth import (
    is_challenger,
    is_insider,
    is_panelist,
    may_see,
    may_see_proposal,
)
from app.challenge.schemas import (
    AwardBody,
    ChallengeCreate,
    ChallengeRead,
    CriterionRead,
    ProposalCreate,
    ProposalRead,
    ReviewDecision,
    ScoreRead,
    ScoreSheet,
)
from app.core.clock import utcnow
from app.core.config import ListingSettings
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_, written
from app.core.roles import is_staff
from app.core.storage import FileStorage
from app.deal.schemas import DealCreate
from app.listing.attachment_endpoints import AttachmentRead
from app.listing.attachments import Upload, classify, clean_filename
from app.listing.screening import has_prohibited, load_items, screen
from app.models import (
    Challenge,
    ChallengeCriterion,
    ChallengePanelist,
    ChallengeProposal,
    ChallengeProposalAttachment,
    ChallengeScore,
    Organization,
    User,
)
from app.models.vocabulary import (
    ChallengeStatus,
    NotificationKind,
    OrganizationType,
    ProposalStatus,
    VerificationStatus,
)
from app.notification.service import NOTIFICATION_LOCALE, notify
from app.outcome.deals import open_sourced_deal
from app.reference.fields import is_field_code

# Enterprises and agencies pose challenges; institutes and universities mostly solve them.
CHALLENGER_TYPES = frozenset(
    {OrganizationType.enterprise, OrganizationType.cooperative, OrganizationType.government}
)
# A challenge is a domestic need: screened as a domestic transfer.
SCREENING_DIRECTIONS = ("domestic",)


def _link(challenge: Challenge) -> str:
    return f"/api/v1/challenges/{challenge.id}"


class ChallengeService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- reading ---------------------------------------------------------------------------

    async def panel(self, challenge_id: int) -> set[int]:
        rows = await self.session.scalars(
            select(ChallengePanelist.user_id).where(ChallengePanelist.challenge_id == challenge_id)
        )
        return set(rows.all())

    async def get(self, challenge_id: int, user: User | None) -> tuple[Challenge, set[int]]:
        challenge = await self.session.get(Challenge, challenge_id)
        panel = await self.panel(challenge_id) if challenge else set()
        if challenge is None or not may_see(user, challenge, panel):
            raise NotFound(
                N_("Challenge %(challenge_id)s does not exist."),
                challenge_id=challenge_id,
            )
        return challenge, panel

    async def list_public(self, offset: int, limit: int) -> tuple[Sequence[Challenge], int]:
        query = select(Challenge).where(
            Challenge.status.in_([ChallengeStatus.published, ChallengeStatus.awarded])
        )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Challenge.deadline.desc(), Challenge.id).offset(offset).limit(limit)
        )
        return rows.all(), total or 0

    async def present(self, challenge: Challenge, user: User | None) -> ChallengeRead:
        panel = await self.panel(challenge.id)
        insider = is_insider(user, challenge, panel)
        organization = await self.session.get(Organization, challenge.organization_id)
        assert organization is not None  # RESTRICT foreign key
        criteria = await self._criteria(challenge.id)
        count = await self.session.scalar(
            select(func.count())
            .select_from(ChallengeProposal)
            .where(ChallengeProposal.challenge_id == challenge.id)
        )
        return ChallengeRead(
            id=challenge.id,
            organization_id=organization.id,
            organization_name=organization.name,
            title=challenge.title,
            title_en=challenge.title_en,
            problem=challenge.problem,
            problem_en=challenge.problem_en,
            expected_result=challenge.expected_result,
            field_code=challenge.field_code,
            deadline=challenge.deadline,
            status=self._status(challenge),
            reward_vnd=challenge.reward_vnd
            if insider or not challenge.reward_confidential
            else None,
            reward_confidential=challenge.reward_confidential,
            criteria=[CriterionRead.model_validate(c) for c in criteria],
            proposals=(count or 0) if insider else None,
            screening_hits=challenge.screening_hits
            if is_staff(user) or is_challenger(user, challenge)
            else None,
            deal_id=challenge.deal_id if insider else None,
        )

    @staticmethod
    def _status(challenge: Challenge) -> ChallengeStatus:
        """A published challenge past its deadline is closed to proposals, being judged."""
        if challenge.status is ChallengeStatus.published and challenge.deadline <= utcnow():
            return ChallengeStatus.closed
        return challenge.status

    async def _criteria(self, challenge_id: int) -> list[ChallengeCriterion]:
        rows = await self.session.scalars(
            select(ChallengeCriterion)
            .where(ChallengeCriterion.challenge_id == challenge_id)
            .order_by(ChallengeCriterion.position)
        )
        return list(rows.all())

    # --- publishing ------------------------------------------------------------------------

    async def _verified_organization_of(self, user: User) -> Organization | None:
        if user.organization_id is None:
            return None
        organization = await self.session.get(Organization, user.organization_id)
        if (
            organization is None
            or organization.verification_status is not VerificationStatus.verified
        ):
            return None
        return organization

    async def create(self, data: ChallengeCreate, user: User) -> Challenge:
        organization = await self._verified_organization_of(user)
        if organization is None or organization.type not in CHALLENGER_TYPES:
            raise Forbidden(N_("Challenges are posed by verified enterprises or agencies."))
        if data.deadline <= utcnow():
            raise Invalid(N_("deadline: the deadline for proposals must be in the future."))
        if data.field_code is not None and not is_field_code(data.field_code):
            raise Invalid(
                N_("field_code: «%(field_code)s» is not an S&T field code."),
                field_code=data.field_code,
            )
        await self._check_broker(data.broker_organization_id)
        panel = await self._panel_users(data.panel_user_ids)
        texts = [data.title, data.title_en, data.problem, data.problem_en, data.expected_result]
        items = await load_items(self.session)
        hits = [hit.as_dict() for hit in screen(texts, SCREENING_DIRECTIONS, items)]
        challenge = Challenge(
            **data.model_dump(exclude={"criteria", "panel_user_ids"}),
            organization_id=organization.id,
            status=ChallengeStatus.pending_review if hits else ChallengeStatus.published,
            published_at=None if hits else utcnow(),
            screening_hits=hits,
            created_by_id=user.id,
        )
        self.session.add(challenge)
        await self.session.flush()
        for position, criterion in enumerate(data.criteria):
            self.session.add(
                ChallengeCriterion(
                    challenge_id=challenge.id, position=position, **criterion.model_dump()
                )
            )
        for panelist in panel:
            self.session.add(ChallengePanelist(challenge_id=challenge.id, user_id=panelist.id))
        await self.session.flush()
        return challenge

    async def _check_broker(self, organization_id: int | None) -> None:
        if organization_id is None:
            return
        broker = await self.session.get(Organization, organization_id)
        if broker is None or broker.type is not OrganizationType.intermediary:
            raise Invalid(N_("broker_organization_id: an intermediary organisation is needed."))

    async def _panel_users(self, user_ids: Sequence[int]) -> list[User]:
        users = []
        for user_id in dict.fromkeys(user_ids):
            panelist = await self.session.get(User, user_id)
            if panelist is None or not panelist.is_active:
                raise Invalid(
                    N_("panel_user_ids: account %(user_id)s does not exist."), user_id=user_id
                )
            users.append(panelist)
        return users

    async def review(self, challenge_id: int, decision: ReviewDecision, user: User) -> Challenge:
        """The department's decision on a challenge that screening held back."""
        if not is_staff(user):
            raise Forbidden(N_("Only the department reviews challenges held at screening."))
        challenge, _ = await self.get(challenge_id, user)
        if challenge.status is not ChallengeStatus.pending_review:
            raise Conflict(N_("This challenge is not awaiting review."))
        if decision.approve and has_prohibited(challenge.screening_hits):
            raise Conflict(
                N_(
                    "The challenge matches the list of technologies prohibited from "
                    "transfer; it can never be published."
                )
            )
        challenge.status = (
            ChallengeStatus.published if decision.approve else ChallengeStatus.rejected
        )
        challenge.published_at = utcnow() if decision.approve else None
        challenge.review_note = decision.note
        await self.session.flush()
        return challenge

    # --- proposals -------------------------------------------------------------------------

    async def submit(
        self, challenge_id: int, data: ProposalCreate, user: User
    ) -> ChallengeProposal:
        challenge, _ = await self.get(challenge_id, user)
        if self._status(challenge) is not ChallengeStatus.published:
            raise Conflict(N_("The challenge takes no more proposals."))
        organization = await self._verified_organization_of(user)
        if organization is None:
            raise Forbidden(N_("Proposals are sent by a verified organisation."))
        if organization.id == challenge.organization_id:
            raise Conflict(N_("The challenge is your own organisation's."))
        exists = await self.session.scalar(
            select(ChallengeProposal.id).where(
                ChallengeProposal.challenge_id == challenge.id,
                ChallengeProposal.organization_id == organization.id,
            )
        )
        if exists is not None:
            raise Conflict(N_("Your organisation already sent a proposal for this challenge."))
        proposal = ChallengeProposal(
            challenge_id=challenge.id,
            organization_id=organization.id,
            submitted_by_id=user.id,
            **data.model_dump(),
        )
        self.session.add(proposal)
        await self.session.flush()
        await notify(
            self.session,
            kind=NotificationKind.challenge_proposal,
            organization_id=challenge.organization_id,
            title=f"Giải pháp mới cho bài toán «{challenge.title}»",
            body=f"{organization.name}: {data.title}",
            link=f"{_link(challenge)}/proposals",
        )
        return proposal

    async def proposals(self, challenge_id: int, user: User) -> list[ChallengeProposal]:
        challenge, panel = await self.get(challenge_id, user)
        query = select(ChallengeProposal).where(ChallengeProposal.challenge_id == challenge.id)
        if not is_insider(user, challenge, panel):
            query = query.where(ChallengeProposal.organization_id == user.organization_id)
        rows = await self.session.scalars(query.order_by(ChallengeProposal.id))
        return list(rows.all())

    async def proposal(
        self, challenge_id: int, proposal_id: int, user: User
    ) -> tuple[Challenge, set[int], ChallengeProposal]:
        challenge, panel = await self.get(challenge_id, user)
        proposal = await self.session.get(ChallengeProposal, proposal_id)
        if (
            proposal is None
            or proposal.challenge_id != challenge.id
            or not may_see_proposal(user, challenge, panel, proposal)
        ):
            raise NotFound(
                N_("Proposal %(proposal_id)s does not exist or is not yours to see."),
                proposal_id=proposal_id,
            )
        return challenge, panel, proposal

    async def present_proposal(self, proposal: ChallengeProposal, user: User) -> ProposalRead:
        challenge = await self.session.get(Challenge, proposal.challenge_id)
        assert challenge is not None
        insider = is_insider(user, challenge, await self.panel(challenge.id))
        organization = await self.session.get(Organization, proposal.organization_id)
        assert organization is not None
        scores = (
            list(
                (
                    await self.session.scalars(
                        select(ChallengeScore).where(ChallengeScore.proposal_id == proposal.id)
                    )
                ).all()
            )
            if insider
            else []
        )
        criteria = {c.id: c.weight for c in await self._criteria(challenge.id)}
        return ProposalRead(
            id=proposal.id,
            challenge_id=proposal.challenge_id,
            organization_id=organization.id,
            organization_name=organization.name,
            title=proposal.title,
            approach=proposal.approach,
            price_vnd=proposal.price_vnd,
            status=proposal.status,
            created_at=proposal.created_at,
            attachments=[
                AttachmentRead.model_validate(a) for a in await self.attachments(proposal)
            ],
            scores=[
                ScoreRead(
                    criterion_id=s.criterion_id,
                    panelist_id=s.panelist_id,
                    score=s.score,
                    comment=s.comment,
                )
                for s in scores
            ],
            total=weighted_total(scores, criteria) if insider else None,
        )

    async def attachments(self, proposal: ChallengeProposal) -> list[ChallengeProposalAttachment]:
        rows = await self.session.scalars(
            select(ChallengeProposalAttachment)
            .where(ChallengeProposalAttachment.proposal_id == proposal.id)
            .order_by(ChallengeProposalAttachment.id)
        )
        return list(rows.all())

    async def attach(
        self,
        challenge_id: int,
        proposal_id: int,
        upload: Upload,
        user: User,
        storage: FileStorage,
        settings: ListingSettings,
    ) -> ChallengeProposalAttachment:
        challenge, _, proposal = await self.proposal(challenge_id, proposal_id, user)
        if user.organization_id != proposal.organization_id:
            raise Forbidden(
                N_("Only the organisation that sent the proposal attaches files to it.")
            )
        if self._status(challenge) is not ChallengeStatus.published:
            raise Conflict(N_("The deadline for proposals has passed."))
        kind, mime, extension = classify(upload.data, settings)
        if len(await self.attachments(proposal)) >= settings.max_attachments:
            raise Conflict(
                N_("A proposal holds at most %(max_attachments)s files."),
                max_attachments=settings.max_attachments,
            )
        key = f"proposals/{proposal.id}/{uuid.uuid4().hex}.{extension}"
        attachment = ChallengeProposalAttachment(
            proposal_id=proposal.id,
            kind=kind,
            filename=clean_filename(upload.filename, extension),
            content_type=mime,
            size_bytes=len(upload.data),
            storage_key=key,
            uploaded_by_id=user.id,
        )
        self.session.add(attachment)
        await self.session.flush()
        await storage.save(key, upload.data)  # after the row: a rollback leaves an unserved file
        return attachment

    # --- judging ---------------------------------------------------------------------------

    async def score(
        self, challenge_id: int, proposal_id: int, sheet: ScoreSheet, user: User
    ) -> ChallengeProposal:
        challenge, panel, proposal = await self.proposal(challenge_id, proposal_id, user)
        if not is_panelist(user, panel):
            raise Forbidden(N_("Only panel members score proposals."))
        if challenge.status is ChallengeStatus.awarded:
            raise Conflict(N_("The challenge is awarded; scores can no longer change."))
        criteria = {c.id for c in await self._criteria(challenge.id)}
        for item in sheet.scores:
            if item.criterion_id not in criteria:
                raise Invalid(
                    N_("criterion_id: criterion %(criterion_id)s is not one of the challenge's."),
                    criterion_id=item.criterion_id,
                )
        for item in sheet.scores:
            existing = await self.session.scalar(
                select(ChallengeScore).where(
                    ChallengeScore.proposal_id == proposal.id,
                    ChallengeScore.criterion_id == item.criterion_id,
                    ChallengeScore.panelist_id == user.id,
                )
            )
            if existing is None:
                existing = ChallengeScore(
                    proposal_id=proposal.id, criterion_id=item.criterion_id, panelist_id=user.id
                )
                self.session.add(existing)
            existing.score = item.score
            existing.comment = item.comment
        await self.session.flush()
        return proposal

    async def shortlist(self, challenge_id: int, proposal_id: int, user: User) -> ChallengeProposal:
        challenge, _, proposal = await self.proposal(challenge_id, proposal_id, user)
        self._require_challenger(user, challenge)
        if proposal.status is not ProposalStatus.submitted:
            raise Conflict(N_("The proposal is %(status)s."), status=proposal.status)
        proposal.status = ProposalStatus.shortlisted
        await self.session.flush()
        return proposal

    async def award(self, challenge_id: int, body: AwardBody, user: User) -> Challenge:
        challenge, _, proposal = await self.proposal(challenge_id, body.proposal_id, user)
        self._require_challenger(user, challenge)
        if challenge.status is not ChallengeStatus.published:
            raise Conflict(N_("Only a published challenge is awarded."))
        if proposal.status is not ProposalStatus.shortlisted:
            raise Conflict(N_("Shortlist the proposal before awarding it."))
        broker_id = body.broker_organization_id or challenge.broker_organization_id
        if broker_id is None:
            raise Invalid(
                N_(
                    "broker_organization_id: name the intermediary that brokers the "
                    "deal with the winner."
                )
            )
        await self._check_broker(broker_id)
        challenge.broker_organization_id = broker_id
        deal = await open_sourced_deal(
            self.session,
            DealCreate(
                title=f"{challenge.title}: {proposal.title}"[:300],
                supplier_id=proposal.organization_id,
                recipient_id=challenge.organization_id,
            ),
            broker_id,
            challenge_id=challenge.id,
        )
        for other in await self.proposals(challenge.id, user):
            other.status = (
                ProposalStatus.awarded if other.id == proposal.id else ProposalStatus.not_selected
            )
        challenge.status = ChallengeStatus.awarded
        challenge.deal_id = deal.id
        await self.session.flush()
        await notify(
            self.session,
            kind=NotificationKind.challenge_decision,
            organization_id=proposal.organization_id,
            title=written(
                N_("Your proposal won the challenge «%(challenge)s»"),
                NOTIFICATION_LOCALE,
                challenge=challenge.title,
            ),
            body=written(
                N_("Your proposal won; a broker opens the deal with the challenger."),
                NOTIFICATION_LOCALE,
            ),
            link=_link(challenge),
        )
        return challenge

    @staticmethod
    def _require_challenger(user: User, challenge: Challenge) -> None:
        if not is_challenger(user, challenge):
            raise Forbidden(N_("Only the organisation that posed the challenge may do this."))


def weighted_total(scores: Sequence[ChallengeScore], weights: dict[int, int]) -> float | None:
    """Per criterion the mean of the panel's scores, weighted by the criterion's percent, over
    the criteria scored so far; out of 10."""
    by_criterion: dict[int, list[int]] = {}
    for score in scores:
        by_criterion.setdefault(score.criterion_id, []).append(score.score)
    if not by_criterion:
        return None
    weight_sum = sum(weights[c] for c in by_criterion)
    total: float = sum(weights[c] * sum(v) / len(v) for c, v in by_criterion.items())
    return round(total / weight_sum, 2)
