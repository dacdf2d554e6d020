"""Plans and their targets: data the department keeps up to date."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, NotFound
from app.core.i18n import N_
from app.indicator.method import DEFAULT_DEVELOPED_COUNTRIES
from app.indicator.repository import IndicatorRepository
from app.indicator.schemas import (
    PlanCreate,
    PlanRead,
    PlanTargetRead,
    PlanTargetWrite,
    PlanUpdate,
)
from app.models import Plan, PlanTarget


class PlanService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repository = IndicatorRepository(session)

    async def get(self, plan_id: int) -> Plan:
        plan = await self.repository.get_plan(plan_id)
        if plan is None:
            raise NotFound(N_("Plan %(plan_id)s does not exist."), plan_id=plan_id)
        return plan

    async def read(self, plan: Plan) -> PlanRead:
        targets = await self.repository.targets(plan.id)
        result = PlanRead.model_validate(plan)
        result.targets = [PlanTargetRead.model_validate(t) for t in targets]
        return result

    async def list(self) -> list[PlanRead]:
        return [await self.read(plan) for plan in await self.repository.list_plans()]

    async def create(self, data: PlanCreate) -> Plan:
        if await self.repository.get_plan_by_code(data.code) is not None:
            raise Conflict(
                N_("A plan with code %(code)s exists; change its targets instead."), code=data.code
            )
        values = data.model_dump(exclude={"targets"}, exclude_none=True)
        values.setdefault("developed_countries", list(DEFAULT_DEVELOPED_COUNTRIES))
        plan = Plan(**values)
        self.session.add(plan)
        await self.session.flush()
        for target in data.targets:
            await self.set_target(plan, target)
        if plan.is_active:
            await self.repository.deactivate_other_plans(plan.id)
        return plan

    async def update(self, plan_id: int, data: PlanUpdate) -> Plan:
        plan = await self.get(plan_id)
        for field, value in data.model_dump(exclude_unset=True).items():
            if value is None:
                continue
            setattr(plan, field, value)
        await self.session.flush()
        if plan.is_active:
            # One plan drives the dashboard's targets at a time.
            await self.repository.deactivate_other_plans(plan.id)
        return plan

    async def set_target(self, plan: Plan, data: PlanTargetWrite) -> PlanTarget:
        """Create or replace the target of an indicator for a year."""
        target = await self.repository.get_target(plan.id, data.indicator_code, data.year)
        if target is None:
            target = PlanTarget(plan_id=plan.id, **data.model_dump())
            self.session.add(target)
        else:
            for field, value in data.model_dump().items():
                setattr(target, field, value)
        await self.session.flush()
        return target

    async def delete_target(self, plan_id: int, target_id: int) -> None:
        plan = await self.get(plan_id)
        for target in await self.repository.targets(plan.id):
            if target.id == target_id:
                await self.session.delete(target)
                await self.session.flush()
                return
        raise NotFound(
            N_("Plan %(plan_id)s has no target %(target_id)s."),
            plan_id=plan_id,
            target_id=target_id,
        )
