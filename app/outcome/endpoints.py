"""GET /outcomes: the department's count of what events and challenges brought."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import StaffUser
from app.core.db import SessionDep
from app.outcome.schemas import OutcomeReport
from app.outcome.service import OutcomeService

router = APIRouter(tags=["outcomes"])


@router.get(
    "/outcomes",
    response_model=OutcomeReport,
    summary="Events held, participants, meetings, interests, deals and transactions traced to "
    "events and challenges (department)",
)
async def outcomes(
    _: StaffUser,
    session: SessionDep,
    starts_from: Annotated[datetime | None, Query(alias="from")] = None,
    starts_to: Annotated[datetime | None, Query(alias="to")] = None,
) -> OutcomeReport:
    return await OutcomeService(session).report(starts_from, starts_to)
