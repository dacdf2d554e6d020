"""Demo: an upcoming techmart with an approved exhibitor, a visitor and a meeting request, and
an open technology challenge with a proposal, so the event and challenge screens have
something to show. Idempotent: recognised by their titles. Skipped in a partial world."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import (
    Challenge,
    ChallengeCriterion,
    ChallengePanelist,
    ChallengeProposal,
    Demand,
    Event,
    EventParticipant,
    EventParticipantListing,
    EventSession,
    MeetingRequest,
    Offer,
    Organization,
    User,
)
from app.models.vocabulary import (
    ChallengeStatus,
    EventFormat,
    EventKind,
    ListingStatus,
    ParticipantRole,
    ParticipantStatus,
)

DEMO_EVENT_TITLE = "Techmart Bắc Ninh 2027: công nghệ cho làng nghề và nông nghiệp (demo)"
DEMO_CHALLENGE_TITLE = "Giảm khí thải lò nấu đồng làng nghề Đại Bái (demo)"
# Vietnam is UTC+7: sessions at 08:00-11:00 and 13:30-16:30 local time.
_MORNING = timedelta(hours=1)
_AFTERNOON = timedelta(hours=6, minutes=30)
_SESSION = timedelta(hours=3)


async def seed_events(session: AsyncSession, organizations: dict[str, Organization]) -> int:
    centre, institute, enterprise = (organizations.get(k) for k in ("san", "vien_nn", "dongdaibai"))
    if centre is None or institute is None or enterprise is None:
        return 0
    created = 0
    if not await session.scalar(select(Event.id).where(Event.title == DEMO_EVENT_TITLE)):
        await _techmart(session, centre, institute, enterprise)
        created += 1
    if not await session.scalar(
        select(Challenge.id).where(Challenge.title == DEMO_CHALLENGE_TITLE)
    ):
        await _challenge(session, centre, institute, enterprise)
        created += 1
    return created


async def _published(
    session: AsyncSession, model: type[Offer] | type[Demand], organization: Organization, limit: int
) -> list[int]:
    rows = await session.scalars(
        select(model.id)
        .where(model.organization_id == organization.id, model.status == ListingStatus.published)
        .order_by(model.id)
        .limit(limit)
    )
    return list(rows.all())


def _day(days_ahead: int) -> datetime:
    """Midnight in Vietnam (17:00 UTC the day before), days_ahead days from now."""
    today = utcnow().replace(hour=17, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days_ahead - 1)


async def _techmart(
    session: AsyncSession, centre: Organization, institute: Organization, enterprise: Organization
) -> None:
    first_day = _day(30)
    starts = [
        first_day + offset + timedelta(days=d) for d in (0, 1) for offset in (_MORNING, _AFTERNOON)
    ]
    event = Event(
        kind=EventKind.techmart,
        format=EventFormat.hybrid,
        title=DEMO_EVENT_TITLE,
        title_en="Bac Ninh Techmart 2027: technology for craft villages and farming (demo)",
        description=(
            "Chợ công nghệ và thiết bị của tỉnh: trưng bày công nghệ của viện, trường; gặp gỡ "
            "B2B đặt lịch trước giữa doanh nghiệp làng nghề và nhà cung cấp công nghệ."
        ),
        description_en=(
            "The province's technology and equipment market: institutes and universities show "
            "their technologies; pre-scheduled B2B meetings with craft-village enterprises."
        ),
        commune_code=centre.commune_code,
        venue="Trung tâm Hội nghị tỉnh Bắc Ninh",
        online_url="https://techmart.bacninh.example.vn/truc-tuyen",
        starts_at=starts[0],
        ends_at=starts[-1] + _SESSION,
        registration_deadline=first_day - timedelta(days=5),
        capacity=300,
        field_codes=["2", "4"],
        tables=20,
        organizer_organization_id=centre.id,
        broker_organization_id=centre.id,
    )
    session.add(event)
    await session.flush()
    for index, start in enumerate(starts):
        session.add(
            EventSession(
                event_id=event.id,
                title=f"Ngày {index // 2 + 1}, {'sáng' if index % 2 == 0 else 'chiều'}",
                starts_at=start,
                ends_at=start + _SESSION,
            )
        )
    exhibitor = EventParticipant(
        event_id=event.id,
        organization_id=institute.id,
        role=ParticipantRole.exhibitor,
        status=ParticipantStatus.approved,
        available_session_ids=[],
    )
    visitor = EventParticipant(
        event_id=event.id,
        organization_id=enterprise.id,
        role=ParticipantRole.visitor,
        status=ParticipantStatus.approved,
        available_session_ids=[],
    )
    session.add_all([exhibitor, visitor])
    await session.flush()
    for offer_id in await _published(session, Offer, institute, 2):
        session.add(EventParticipantListing(participant_id=exhibitor.id, offer_id=offer_id))
    for demand_id in await _published(session, Demand, enterprise, 1):
        session.add(EventParticipantListing(participant_id=visitor.id, demand_id=demand_id))
    session.add(
        MeetingRequest(
            event_id=event.id,
            requester_id=visitor.id,
            target_id=exhibitor.id,
            message="Chúng tôi muốn tìm hiểu công nghệ của Viện cho cơ sở sản xuất.",
        )
    )
    await session.flush()


async def _challenge(
    session: AsyncSession, centre: Organization, institute: Organization, enterprise: Organization
) -> None:
    officer = await session.scalar(select(User).where(User.email == "sokhcn@demo.techex.vn"))
    challenge = Challenge(
        organization_id=enterprise.id,
        title=DEMO_CHALLENGE_TITLE,
        title_en="Cut the fumes of the bronze-melting furnaces of Dai Bai (demo)",
        problem=(
            "Lò nấu đồng thủ công của làng nghề thải khói bụi và hơi kim loại. Cần giải pháp "
            "thu và xử lý khí thải phù hợp quy mô hộ sản xuất, chi phí vừa phải."
        ),
        problem_en=(
            "The craft village's hand-fired bronze furnaces emit dust and metal fumes. We need "
            "fume capture and treatment sized for household workshops, at a moderate cost."
        ),
        expected_result="Khí thải đạt QCVN 19:2009/BTNMT; vận hành được bởi thợ của làng nghề.",
        field_code="2",
        deadline=_day(45),
        reward_vnd=800_000_000,
        reward_confidential=True,
        status=ChallengeStatus.published,
        published_at=utcnow(),
        screening_hits=[],
        broker_organization_id=centre.id,
    )
    session.add(challenge)
    await session.flush()
    for position, (name, weight) in enumerate(
        (("Hiệu quả xử lý khí thải", 50), ("Chi phí đầu tư và vận hành", 30), ("Dễ vận hành", 20))
    ):
        session.add(
            ChallengeCriterion(
                challenge_id=challenge.id, position=position, name=name, weight=weight
            )
        )
    if officer is not None:
        session.add(ChallengePanelist(challenge_id=challenge.id, user_id=officer.id))
    session.add(
        ChallengeProposal(
            challenge_id=challenge.id,
            organization_id=institute.id,
            title="Chụp hút và lọc túi vải kết hợp tháp hấp thụ",
            approach="Chụp hút tại miệng lò, lọc bụi túi vải, tháp hấp thụ ướt cho hơi kim loại.",
            price_vnd=650_000_000,
        )
    )
    await session.flush()
