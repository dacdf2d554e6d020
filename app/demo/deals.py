"""Demo: a brokered deal in negotiation, so the deal screens have something to show.

The broker organisation "san" (account moigioi@demo.techex.vn) runs a deal between the
wastewater institute's offer DEMO-O-067 and the paper mill's demand DEMO-D-001, with a task
and a broker note. Idempotent: the deal is recognised by its title.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Deal, DealEvent, DealNote, DealTask, Demand, Offer, Organization, User
from app.models.vocabulary import DealStage

DEMO_DEAL_TITLE = "Chuyển giao công nghệ xử lý nước thải giấy tái chế cho Phong Khê (demo)"


async def seed_deals(session: AsyncSession, organizations: dict[str, Organization]) -> int:
    if await session.scalar(select(Deal.id).where(Deal.title == DEMO_DEAL_TITLE)):
        return 0
    broker_org = organizations.get("san")
    offer = await session.scalar(select(Offer).where(Offer.external_ref == "DEMO-O-067"))
    demand = await session.scalar(select(Demand).where(Demand.external_ref == "DEMO-D-001"))
    if broker_org is None or offer is None or demand is None:
        return 0  # a partial demo world (tests seed only some of it)
    broker = await session.scalar(select(User).where(User.email == "moigioi@demo.techex.vn"))
    deal = Deal(
        title=DEMO_DEAL_TITLE,
        offer_id=offer.id,
        demand_id=demand.id,
        supplier_id=offer.organization_id,
        recipient_id=demand.organization_id,
        broker_organization_id=broker_org.id,
        stage=DealStage.negotiating,
        created_by_id=broker.id if broker else None,
    )
    session.add(deal)
    await session.flush()
    actor = broker.id if broker else None
    session.add_all(
        [
            DealEvent(deal_id=deal.id, actor_id=actor, action="created", changes={}),
            DealEvent(
                deal_id=deal.id,
                actor_id=actor,
                action="stage_changed",
                changes={"stage": ["new", "negotiating"]},
            ),
            DealTask(
                deal_id=deal.id,
                title="Gửi dự thảo hợp đồng chuyển giao cho hai bên",
                due_on=date.today() + timedelta(days=7),
                assignee_id=actor,
            ),
            DealNote(
                deal_id=deal.id,
                author_id=actor,
                body="Bên nhận ưu tiên vận hành thử 3 tháng trước khi nghiệm thu.",
            ),
        ]
    )
    await session.flush()
    return 1
