"""Organisations: creation, edits with field-level permissions, verification."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, Invalid, InvalidValue, NotFound
from app.core.i18n import N_
from app.core.validation import refuse_nulls
from app.models import Organization, User
from app.models.vocabulary import VerificationStatus
from app.organization.auth import may_edit_identity, may_edit_profile, may_see
from app.organization.repository import OrganizationRepository
from app.organization.schemas import (
    IDENTITY_FIELDS,
    OrganizationCreate,
    OrganizationUpdate,
    VerificationDecision,
    check_type_attributes,
)


class OrganizationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.organizations = OrganizationRepository(session)

    async def get_visible(self, organization_id: int, viewer: User | None) -> Organization:
        organization = await self.organizations.get(organization_id)
        # Unverified organisations answer 404 to outsiders: their existence is not public.
        if organization is None or not may_see(viewer, organization):
            raise NotFound(
                N_("Organisation %(organization_id)s does not exist."),
                organization_id=organization_id,
            )
        return organization

    async def create(self, data: OrganizationCreate, *, created_by: User | None) -> Organization:
        """created_by is staff (verified at once) or None for a registration (pending)."""
        await self._check_tax_code_free(data.tax_code, exclude_id=None)
        organization = Organization(**_column_values(data, exclude_unset=False))
        if created_by is not None:
            organization.verification_status = VerificationStatus.verified
            organization.verified_at = utcnow()
            organization.verified_by_id = created_by.id
        return await self.organizations.add(organization)

    async def update(
        self, organization_id: int, data: OrganizationUpdate, *, user: User
    ) -> Organization:
        organization = await self.get_visible(organization_id, user)
        if not may_edit_profile(user, organization):
            raise Forbidden(N_("Only this organisation's owner or the department may change it."))
        changes = _column_values(data, exclude_unset=True)
        refuse_nulls(changes, Organization)
        touched_identity = IDENTITY_FIELDS & changes.keys()
        if touched_identity and not may_edit_identity(user, organization):
            raise Forbidden(
                N_(
                    "%(fields)s: a verified organisation's identity is corrected by the "
                    "department; ask them."
                ),
                fields=sorted(touched_identity),
            )
        if changes.get("tax_code"):
            await self._check_tax_code_free(changes["tax_code"], exclude_id=organization.id)
        for field, value in changes.items():
            setattr(organization, field, value)
        try:
            check_type_attributes(
                organization.type,
                organization.ownership,
                organization.is_st_enterprise,
                organization.intermediary_subtype,
                organization.tax_code,
            )
        except InvalidValue as exc:
            raise Invalid.from_value_error(exc) from exc
        await self.session.flush()
        return organization

    async def decide_verification(
        self, organization_id: int, decision: VerificationDecision, *, officer: User
    ) -> Organization:
        organization = await self.get_visible(organization_id, officer)
        organization.verification_status = decision.status
        organization.verification_note = decision.note
        organization.verified_at = utcnow()
        organization.verified_by_id = officer.id
        await self.session.flush()
        return organization

    async def _check_tax_code_free(self, tax_code: str | None, *, exclude_id: int | None) -> None:
        if not tax_code:
            return
        existing = await self.organizations.get_by_tax_code(tax_code)
        if existing is not None and existing.id != exclude_id:
            raise Conflict(
                N_(
                    "An organisation with tax code %(tax_code)s is already "
                    "registered; ask its owner to add you as a member."
                ),
                tax_code=tax_code,
            )


def _column_values(data: BaseModel, *, exclude_unset: bool) -> dict[str, Any]:
    """Pydantic values as the columns store them (enums kept, URLs as text)."""
    values = data.model_dump(exclude_unset=exclude_unset)
    if values.get("website") is not None:
        values["website"] = str(values["website"])
    return values
