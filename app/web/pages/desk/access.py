"""Who may use the desk: brokers (platform role broker) of an intermediary organisation, the
same rule as the API's deals and desk (app/organization/auth.py `require_broker`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from app.core.db import SessionDep
from app.core.errors import AppError, Forbidden
from app.core.i18n import N_
from app.models import Organization, User
from app.organization.auth import require_broker
from app.web.session import MemberUser


@dataclass(frozen=True)
class Broker:
    user: User
    organization: Organization


async def require_broker_page(user: MemberUser, session: SessionDep) -> Broker:
    try:
        organization = await require_broker(session, user)
    except AppError as exc:
        raise Forbidden(
            N_("The desk is for brokers of a technology transfer organisation.")
        ) from exc
    return Broker(user, organization)


BrokerUser = Annotated[Broker, Depends(require_broker_page)]
