"""Platform roles and the two questions every permission rule asks of them.

A platform role is given by an administrator and cuts across organisations: the department
(Sở KH&CN) and administrators read everything; brokers run deals. Which organisation a user
acts for is a separate matter (membership), decided by each domain's own rules.
"""

from __future__ import annotations

import enum
from typing import Protocol


class PlatformRole(enum.StrEnum):
    admin = "admin"
    department = "department"
    broker = "broker"


class HasPlatformRole(Protocol):
    @property
    def platform_role(self) -> PlatformRole | None: ...


def is_staff(user: HasPlatformRole | None) -> bool:
    """The department and admins read everything."""
    return user is not None and user.platform_role in (PlatformRole.admin, PlatformRole.department)


def is_admin(user: HasPlatformRole | None) -> bool:
    return user is not None and user.platform_role is PlatformRole.admin
