"""All queries on organisations; what a caller may list is decided here."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.models import Organization
from app.models.vocabulary import OrganizationType, VerificationStatus


class OrganizationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, organization_id: int) -> Organization | None:
        return await self.session.get(Organization, organization_id)

    async def names(self, organization_ids: Collection[int]) -> dict[int, str]:
        if not organization_ids:
            return {}
        rows = await self.session.execute(
            select(Organization.id, Organization.name).where(
                Organization.id.in_(sorted(set(organization_ids)))
            )
        )
        return {organization_id: name for organization_id, name in rows.all()}

    async def get_by_tax_code(self, tax_code: str) -> Organization | None:
        result = await self.session.execute(
            select(Organization).where(Organization.tax_code == tax_code)
        )
        return result.scalar_one_or_none()

    async def add(self, organization: Organization) -> Organization:
        self.session.add(organization)
        await self.session.flush()
        return organization

    async def list_visible(
        self,
        page: PageParams,
        *,
        sees_all: bool,
        own_organization_id: int | None,
        type_: OrganizationType | None = None,
        country: str | None = None,
        commune_code: str | None = None,
        status: VerificationStatus | None = None,
        name_contains: str | None = None,
    ) -> tuple[Sequence[Organization], int]:
        """Verified organisations for everyone; also one's own; everything for staff."""
        query: Select[Organization] = select(Organization)
        if not sees_all:
            visible = Organization.verification_status == VerificationStatus.verified
            if own_organization_id is not None:
                visible = or_(visible, Organization.id == own_organization_id)
            query = query.where(visible)
        if type_ is not None:
            query = query.where(Organization.type == type_)
        if country is not None:
            query = query.where(Organization.country == country.upper())
        if commune_code is not None:
            query = query.where(Organization.commune_code == commune_code)
        if status is not None:
            query = query.where(Organization.verification_status == status)
        if name_contains:
            pattern = f"%{name_contains}%"
            query = query.where(
                or_(Organization.name.ilike(pattern), Organization.short_name.ilike(pattern))
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Organization.name, Organization.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0
