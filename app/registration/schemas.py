from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints

from app.core.validation import Input, check_heading
from app.organization.schemas import OrganizationCreate, OrganizationRead
from app.reference.phone import Phone
from app.user.schemas import UserRead


class Registration(Input):
    """Sign-up: a user and the organisation they act for, pending the department's check."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    password: Annotated[str, StringConstraints(max_length=128)]
    full_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
        AfterValidator(check_heading),
    ]
    phone: Phone | None = None
    organization: OrganizationCreate


class RegistrationResult(BaseModel):
    user: UserRead
    organization: OrganizationRead
