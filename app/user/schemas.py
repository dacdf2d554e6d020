from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints

from app.core.validation import Input, check_heading
from app.models.vocabulary import MembershipRole, PlatformRole
from app.reference.phone import Phone

FullName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
    AfterValidator(check_heading),
]
Password = Annotated[str, StringConstraints(max_length=128)]


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    phone: str | None
    organization_id: int | None
    membership_role: MembershipRole | None
    platform_role: PlatformRole | None
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime


class UserCreate(Input):
    """An account made by an admin (any role) or by an organisation's owner (a member)."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    password: Password
    full_name: FullName
    phone: Phone | None = None
    organization_id: int | None = None
    membership_role: MembershipRole | None = None
    platform_role: PlatformRole | None = None


class ProfileUpdate(Input):
    model_config = ConfigDict(extra="forbid")

    full_name: FullName | None = None
    phone: Phone | None = None


class UserAdminUpdate(ProfileUpdate):
    """What only an admin changes: roles, membership and whether the account may sign in."""

    platform_role: PlatformRole | None = None
    organization_id: int | None = None
    membership_role: MembershipRole | None = None
    is_active: bool | None = None


class PasswordChange(Input):
    model_config = ConfigDict(extra="forbid")

    current_password: Password
    new_password: Password
