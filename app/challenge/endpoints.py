"""Technology challenges: /challenges and /challenges/{id}/proposals, names fixed for
integrators; scores, shortlist, award and proposal files below them."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Response, UploadFile, status

from app.auth.dependencies import CurrentUser, OptionalUser
from app.challenge.schemas import (
    AwardBody,
    ChallengeCreate,
    ChallengeRead,
    ProposalCreate,
    ProposalRead,
    ReviewDecision,
    ScoreSheet,
)
from app.challenge.service import ChallengeService
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import Page, PageDep
from app.core.storage import get_storage
from app.listing.attachment_endpoints import AttachmentRead
from app.listing.attachments import Upload

router = APIRouter(prefix="/challenges", tags=["challenges"])


@router.get("", response_model=Page[ChallengeRead], summary="Published and awarded challenges")
async def list_challenges(
    session: SessionDep, page: PageDep, user: OptionalUser
) -> Page[ChallengeRead]:
    service = ChallengeService(session)
    rows, total = await service.list_public(page.offset, page.per_page)
    return Page.of([await service.present(row, user) for row in rows], total, page)


@router.post(
    "",
    response_model=ChallengeRead,
    status_code=status.HTTP_201_CREATED,
    summary="Pose a challenge (a verified enterprise or agency); screened before publication",
)
async def create_challenge(
    body: ChallengeCreate, user: CurrentUser, session: SessionDep
) -> ChallengeRead:
    service = ChallengeService(session)
    return await service.present(await service.create(body, user), user)


@router.get("/{challenge_id}", response_model=ChallengeRead, summary="One challenge")
async def read_challenge(
    challenge_id: int, session: SessionDep, user: OptionalUser
) -> ChallengeRead:
    service = ChallengeService(session)
    challenge, _ = await service.get(challenge_id, user)
    return await service.present(challenge, user)


@router.post(
    "/{challenge_id}/review",
    response_model=ChallengeRead,
    summary="Publish or reject a challenge held back by screening (department)",
)
async def review_challenge(
    challenge_id: int, body: ReviewDecision, user: CurrentUser, session: SessionDep
) -> ChallengeRead:
    service = ChallengeService(session)
    return await service.present(await service.review(challenge_id, body, user), user)


@router.get(
    "/{challenge_id}/proposals",
    response_model=list[ProposalRead],
    summary="Proposals: all for the challenger, the panel and the department; yours otherwise",
)
async def list_proposals(
    challenge_id: int, user: CurrentUser, session: SessionDep
) -> list[ProposalRead]:
    service = ChallengeService(session)
    return [
        await service.present_proposal(p, user) for p in await service.proposals(challenge_id, user)
    ]


@router.post(
    "/{challenge_id}/proposals",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    summary="Submit your organisation's proposal before the deadline",
)
async def submit_proposal(
    challenge_id: int, body: ProposalCreate, user: CurrentUser, session: SessionDep
) -> ProposalRead:
    service = ChallengeService(session)
    return await service.present_proposal(await service.submit(challenge_id, body, user), user)


@router.get(
    "/{challenge_id}/proposals/{proposal_id}", response_model=ProposalRead, summary="One proposal"
)
async def read_proposal(
    challenge_id: int, proposal_id: int, user: CurrentUser, session: SessionDep
) -> ProposalRead:
    service = ChallengeService(session)
    _, _, proposal = await service.proposal(challenge_id, proposal_id, user)
    return await service.present_proposal(proposal, user)


@router.post(
    "/{challenge_id}/proposals/{proposal_id}/attachments",
    response_model=AttachmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Attach a PDF/Office document or an image to your proposal",
)
async def attach(
    challenge_id: int,
    proposal_id: int,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="JPEG/PNG/WebP image or PDF/Office file")],
) -> AttachmentRead:
    data = await file.read(settings.listing.max_document_bytes + 1)
    attachment = await ChallengeService(session).attach(
        challenge_id,
        proposal_id,
        Upload(file.filename or "", data),
        user,
        get_storage(settings),
        settings.listing,
    )
    return AttachmentRead.model_validate(attachment)


@router.get(
    "/{challenge_id}/proposals/{proposal_id}/attachments/{attachment_id}",
    summary="Download a proposal's file (those who may see the proposal)",
    response_class=Response,
)
async def download(
    challenge_id: int,
    proposal_id: int,
    attachment_id: int,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service = ChallengeService(session)
    _, _, proposal = await service.proposal(challenge_id, proposal_id, user)
    attachment = next(
        (a for a in await service.attachments(proposal) if a.id == attachment_id), None
    )
    if attachment is None:
        raise NotFound(
            N_("File %(attachment_id)s is not part of this proposal."), attachment_id=attachment_id
        )
    data = await get_storage(settings).read(attachment.storage_key)
    return Response(
        content=data,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.put(
    "/{challenge_id}/proposals/{proposal_id}/scores",
    response_model=ProposalRead,
    summary="Your scores of the proposal, per criterion, 0-10 (panel)",
)
async def score(
    challenge_id: int,
    proposal_id: int,
    body: ScoreSheet,
    user: CurrentUser,
    session: SessionDep,
) -> ProposalRead:
    service = ChallengeService(session)
    proposal = await service.score(challenge_id, proposal_id, body, user)
    return await service.present_proposal(proposal, user)


@router.post(
    "/{challenge_id}/proposals/{proposal_id}/shortlist",
    response_model=ProposalRead,
    summary="Shortlist a proposal (challenger)",
)
async def shortlist(
    challenge_id: int, proposal_id: int, user: CurrentUser, session: SessionDep
) -> ProposalRead:
    service = ChallengeService(session)
    proposal = await service.shortlist(challenge_id, proposal_id, user)
    return await service.present_proposal(proposal, user)


@router.post(
    "/{challenge_id}/award",
    response_model=ChallengeRead,
    summary="Award a shortlisted proposal (challenger): a deal opens with the winner",
)
async def award(
    challenge_id: int, body: AwardBody, user: CurrentUser, session: SessionDep
) -> ChallengeRead:
    service = ChallengeService(session)
    return await service.present(await service.award(challenge_id, body, user), user)
