"""Deals run by intermediaries: /deals and their stages, tasks, notes, valuation, check-ins,
history. Notes are for the broker's organisation only."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.deal.desk import due_tasks
from app.deal.repository import DealRepository
from app.deal.schemas import (
    CheckinAnswer,
    CheckinRead,
    DealCreate,
    DealRead,
    DueTaskRead,
    EventRead,
    NoteCreate,
    NoteRead,
    StageChange,
    TaskCreate,
    TaskRead,
    TaskUpdate,
    ValuationAnswer,
    ValuationRequest,
)
from app.deal.service import DealService
from app.models.vocabulary import DealStage

router = APIRouter(prefix="/deals", tags=["deals"])


@router.post(
    "",
    response_model=DealRead,
    status_code=status.HTTP_201_CREATED,
    summary="Open a deal (broker of an intermediary organisation)",
)
async def create_deal(body: DealCreate, user: CurrentUser, session: SessionDep) -> DealRead:
    return DealRead.model_validate(await DealService(session).create(body, user))


@router.get(
    "",
    response_model=Page[DealRead],
    summary="Deals you may see: your broker organisation's, your own as a party (staff: all)",
)
async def list_deals(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    stage: Annotated[DealStage | None, Query()] = None,
) -> Page[DealRead]:
    rows, total = await DealRepository(session).list_visible(user, page, stage)
    return Page.of([DealRead.model_validate(row) for row in rows], total, page)


# The desk's path comes before /{deal_id}, which would otherwise take it.
@router.get(
    "/desk/tasks",
    response_model=list[DueTaskRead],
    summary="Your open tasks due today or overdue, on your organisation's open deals (brokers)",
)
async def desk_tasks(user: CurrentUser, session: SessionDep) -> list[DueTaskRead]:
    today = date.today()
    return [
        DueTaskRead.model_validate(
            {
                **TaskRead.model_validate(item.task).model_dump(),
                "deal_id": item.deal.id,
                "deal_title": item.deal.title,
                "overdue": item.is_overdue(today),
            }
        )
        for item in await due_tasks(session, user, today)
    ]


@router.get("/{deal_id}", response_model=DealRead, summary="One deal")
async def read_deal(deal_id: Id, user: CurrentUser, session: SessionDep) -> DealRead:
    return DealRead.model_validate(await DealService(session).get_visible(deal_id, user))


@router.post(
    "/{deal_id}/stage",
    response_model=DealRead,
    summary="Move the deal forward, or close it lost with a reason (broker); a signed "
    "contract is drafted in the register, pre-filled from the deal and the offer",
)
async def change_stage(
    deal_id: Id, body: StageChange, user: CurrentUser, session: SessionDep
) -> DealRead:
    return DealRead.model_validate(await DealService(session).change_stage(deal_id, body, user))


@router.get("/{deal_id}/history", response_model=list[EventRead], summary="Every change")
async def deal_history(deal_id: Id, user: CurrentUser, session: SessionDep) -> list[EventRead]:
    events = await DealService(session).history(deal_id, user)
    return [EventRead.model_validate(event) for event in events]


@router.get("/{deal_id}/tasks", response_model=list[TaskRead], summary="Tasks, by due date")
async def list_tasks(deal_id: Id, user: CurrentUser, session: SessionDep) -> list[TaskRead]:
    deal = await DealService(session).get_visible(deal_id, user)
    return [TaskRead.model_validate(t) for t in await DealRepository(session).tasks(deal.id)]


@router.post(
    "/{deal_id}/tasks",
    response_model=TaskRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a task with a due date (broker); reminded when due",
)
async def add_task(
    deal_id: Id, body: TaskCreate, user: CurrentUser, session: SessionDep
) -> TaskRead:
    return TaskRead.model_validate(await DealService(session).add_task(deal_id, body, user))


@router.patch("/{deal_id}/tasks/{task_id}", response_model=TaskRead, summary="Mark done")
async def update_task(
    deal_id: Id, task_id: Id, body: TaskUpdate, user: CurrentUser, session: SessionDep
) -> TaskRead:
    task = await DealService(session).set_task_done(deal_id, task_id, body.done, user)
    return TaskRead.model_validate(task)


@router.get(
    "/{deal_id}/notes",
    response_model=list[NoteRead],
    summary="The broker organisation's notes (nobody else may read them)",
)
async def list_notes(deal_id: Id, user: CurrentUser, session: SessionDep) -> list[NoteRead]:
    return [NoteRead.model_validate(n) for n in await DealService(session).notes(deal_id, user)]


@router.post(
    "/{deal_id}/notes",
    response_model=NoteRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a note (broker)",
)
async def add_note(
    deal_id: Id, body: NoteCreate, user: CurrentUser, session: SessionDep
) -> NoteRead:
    return NoteRead.model_validate(await DealService(session).add_note(deal_id, body, user))


@router.post(
    "/{deal_id}/valuation",
    response_model=DealRead,
    summary="Request a valuation (định giá) of the technology (parties or broker)",
)
async def request_valuation(
    deal_id: Id, body: ValuationRequest, user: CurrentUser, session: SessionDep
) -> DealRead:
    deal = await DealService(session).request_valuation(deal_id, body, user)
    return DealRead.model_validate(deal)


@router.put(
    "/{deal_id}/valuation", response_model=DealRead, summary="Record the valuation (broker)"
)
async def answer_valuation(
    deal_id: Id, body: ValuationAnswer, user: CurrentUser, session: SessionDep
) -> DealRead:
    deal = await DealService(session).answer_valuation(deal_id, body, user)
    return DealRead.model_validate(deal)


@router.get(
    "/{deal_id}/checkins",
    response_model=list[CheckinRead],
    summary="Check-ins 30, 90 and 180 days after signing",
)
async def list_checkins(deal_id: Id, user: CurrentUser, session: SessionDep) -> list[CheckinRead]:
    deal = await DealService(session).get_visible(deal_id, user)
    rows = await DealRepository(session).checkins(deal.id)
    return [CheckinRead.model_validate(row) for row in rows]


@router.put(
    "/{deal_id}/checkins/{checkin_id}",
    response_model=CheckinRead,
    summary="Say whether the agreed transfer happened (documents, training, experts, "
    "machinery) (parties or broker)",
)
async def answer_checkin(
    deal_id: Id, checkin_id: Id, body: CheckinAnswer, user: CurrentUser, session: SessionDep
) -> CheckinRead:
    checkin = await DealService(session).answer_checkin(deal_id, checkin_id, body, user)
    return CheckinRead.model_validate(checkin)
