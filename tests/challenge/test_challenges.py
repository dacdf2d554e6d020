"""Technology challenges through the API: publication and screening, confidential rewards,
confidential proposals with files, the panel's scores, shortlist, award and the deal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import Challenge, ChallengeProposal, DealSource
from app.models.vocabulary import OrganizationType
from tests.event.factories import make_event_world
from tests.event.test_events import Actors
from tests.factories import make_organization, make_user

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def challenge_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Giảm hao hụt vải thiều sau thu hoạch",
        "title_en": "Cut post-harvest losses of lychee",
        "problem": "Vải thiều hỏng sau 3 ngày; cần giải pháp giữ tươi 3 tuần cho xuất khẩu.",
        "deadline": (utcnow() + timedelta(days=30)).isoformat(),
        "reward_vnd": 500_000_000,
        "reward_confidential": True,
        "criteria": [
            {"name": "Hiệu quả kỹ thuật", "weight": 60},
            {"name": "Chi phí", "weight": 40},
        ],
    }
    body.update(overrides)
    return body


async def test_a_challenge_runs_from_publication_to_award(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    panelist = await make_user(session)
    university = await make_organization(
        session, name="Trường Đại học Nông Lâm", type=OrganizationType.university
    )
    rival = await make_user(session, organization=university)

    refused = await client.post(
        "/api/v1/challenges", json=challenge_body(), headers=await as_(world.institute_user)
    )
    assert refused.status_code == 403  # institutes solve challenges; enterprises pose them
    created = await client.post(
        "/api/v1/challenges",
        json=challenge_body(panel_user_ids=[panelist.id], broker_organization_id=world.centre.id),
        headers=await as_(world.enterprise_user),
    )
    assert created.status_code == 201, created.text
    challenge = created.json()
    assert challenge["status"] == "published" and challenge["reward_vnd"] == 500_000_000
    url = f"/api/v1/challenges/{challenge['id']}"

    # The confidential reward stays hidden from the public and from solvers.
    public = (await client.get(url)).json()
    assert public["reward_vnd"] is None and public["reward_confidential"] is True
    assert public["proposals"] is None
    assert (await client.get("/api/v1/challenges")).json()["items"][0]["reward_vnd"] is None
    panel_view = (await client.get(url, headers=await as_(panelist))).json()
    assert panel_view["reward_vnd"] == 500_000_000

    proposal = await client.post(
        f"{url}/proposals",
        json={"title": "Màng chitosan", "approach": "Phủ màng chitosan và kho lạnh.",
              "price_vnd": 300_000_000},
        headers=await as_(world.institute_user),
    )  # fmt: skip
    assert proposal.status_code == 201, proposal.text
    proposal_id = proposal.json()["id"]
    other = await client.post(
        f"{url}/proposals",
        json={"title": "Chiếu xạ", "approach": "Chiếu xạ liều thấp."},
        headers=await as_(rival),
    )
    assert other.status_code == 201
    own = await client.post(
        f"{url}/proposals",
        json={"title": "Tự giải", "approach": "Tự làm."},
        headers=await as_(world.enterprise_user),
    )
    assert own.status_code == 409

    files = {"file": ("de-xuat.pdf", PDF, "application/pdf")}
    attached = await client.post(
        f"{url}/proposals/{proposal_id}/attachments",
        files=files,
        headers=await as_(world.institute_user),
    )
    assert attached.status_code == 201, attached.text
    attachment_url = f"{url}/proposals/{proposal_id}/attachments/{attached.json()['id']}"
    assert (await client.get(attachment_url, headers=await as_(panelist))).content == PDF
    assert (await client.get(attachment_url, headers=await as_(rival))).status_code == 404

    # Proposals are confidential to the challenger and the panel; a solver sees its own.
    for user, expected in (
        (world.enterprise_user, 2),
        (panelist, 2),
        (rival, 1),
        (world.stranger, 0),
    ):
        seen = (await client.get(f"{url}/proposals", headers=await as_(user))).json()
        assert len(seen) == expected
    assert (
        await client.get(f"{url}/proposals/{proposal_id}", headers=await as_(rival))
    ).status_code == 404

    criteria = [c["id"] for c in challenge["criteria"]]
    not_panel = await client.put(
        f"{url}/proposals/{proposal_id}/scores",
        json={"scores": [{"criterion_id": criteria[0], "score": 9}]},
        headers=await as_(world.enterprise_user),
    )
    assert not_panel.status_code == 403
    scored = await client.put(
        f"{url}/proposals/{proposal_id}/scores",
        json={"scores": [{"criterion_id": criteria[0], "score": 9},
                         {"criterion_id": criteria[1], "score": 6, "comment": "Hơi đắt"}]},
        headers=await as_(panelist),
    )  # fmt: skip
    assert scored.status_code == 200 and scored.json()["total"] == 7.8
    solver_view = (
        await client.get(f"{url}/proposals/{proposal_id}", headers=await as_(world.institute_user))
    ).json()
    assert solver_view["scores"] == [] and solver_view["total"] is None

    not_shortlisted = await client.post(
        f"{url}/award", json={"proposal_id": proposal_id}, headers=await as_(world.enterprise_user)
    )
    assert not_shortlisted.status_code == 409
    assert (
        await client.post(
            f"{url}/proposals/{proposal_id}/shortlist", headers=await as_(world.institute_user)
        )
    ).status_code == 403
    shortlisted = await client.post(
        f"{url}/proposals/{proposal_id}/shortlist", headers=await as_(world.enterprise_user)
    )
    assert shortlisted.json()["status"] == "shortlisted"
    awarded = await client.post(
        f"{url}/award", json={"proposal_id": proposal_id}, headers=await as_(world.enterprise_user)
    )
    assert awarded.status_code == 200, awarded.text
    assert awarded.json()["status"] == "awarded"
    deal_id = awarded.json()["deal_id"]
    deals = (await client.get("/api/v1/deals", headers=await as_(world.broker))).json()["items"]
    [deal] = [d for d in deals if d["id"] == deal_id]
    assert deal["supplier_id"] == world.institute.id and deal["recipient_id"] == world.enterprise.id
    source = await session.get(DealSource, deal_id)
    assert source is not None and source.challenge_id == challenge["id"]
    statuses = await session.scalars(
        select(ChallengeProposal.status).order_by(ChallengeProposal.id)
    )
    assert [str(s) for s in statuses.all()] == ["awarded", "not_selected"]

    # The deal won: its transaction counts among the challenge's outcomes.
    for stage in (
        {"stage": "contract_signed", "signed_on": str(utcnow().date()), "value_vnd": 450_000_000,
         "category": "technology_transfer"},
        {"stage": "closed_won"},
    ):  # fmt: skip
        moved = await client.post(
            f"/api/v1/deals/{deal_id}/stage", json=stage, headers=await as_(world.broker)
        )
        assert moved.status_code == 200, moved.text
    report = (await client.get("/api/v1/outcomes", headers=await as_(world.department))).json()
    assert report["challenges"] == [
        {
            "challenge_id": challenge["id"],
            "title": challenge["title"],
            "proposals": 2,
            "awarded": True,
            "deals": 1,
            "transactions": 1,
        }
    ]
    assert report["totals"]["challenges_awarded"] == 1 and report["totals"]["proposals"] == 2


async def test_screening_holds_challenges_as_it_holds_listings(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    restricted = await client.post(
        "/api/v1/challenges",
        json=challenge_body(problem="Cần dây chuyền tấm lợp fibro xi măng dùng amiăng trắng."),
        headers=await as_(world.enterprise_user),
    )
    assert restricted.json()["status"] == "pending_review"
    assert restricted.json()["screening_hits"][0]["code"] == "PLII-A-01"
    url = f"/api/v1/challenges/{restricted.json()['id']}"
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/api/v1/challenges")).json()["total"] == 0
    approved = await client.post(
        f"{url}/review", json={"approve": True}, headers=await as_(world.department)
    )
    assert approved.json()["status"] == "published"

    prohibited = await client.post(
        "/api/v1/challenges",
        json=challenge_body(problem="Tìm quy trình điều chế ma túy tổng hợp."),
        headers=await as_(world.enterprise_user),
    )
    review = await client.post(
        f"/api/v1/challenges/{prohibited.json()['id']}/review",
        json={"approve": True},
        headers=await as_(world.department),
    )
    assert review.status_code == 409


async def test_bad_challenges_and_late_proposals_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    headers = await as_(world.enterprise_user)
    bad_weights = await client.post(
        "/api/v1/challenges",
        json=challenge_body(criteria=[{"name": "Hiệu quả", "weight": 50}]),
        headers=headers,
    )
    assert bad_weights.status_code == 422
    past = await client.post(
        "/api/v1/challenges",
        json=challenge_body(deadline=(utcnow() - timedelta(days=1)).isoformat()),
        headers=headers,
    )
    assert past.status_code == 422
    assert await session.scalar(select(func.count()).select_from(Challenge)) == 0

    created = (
        await client.post("/api/v1/challenges", json=challenge_body(), headers=headers)
    ).json()
    row = await session.get(Challenge, created["id"])
    assert row is not None
    row.deadline = utcnow() - timedelta(minutes=1)
    await session.flush()
    late = await client.post(
        f"/api/v1/challenges/{created['id']}/proposals",
        json={"title": "Muộn", "approach": "Gửi muộn."},
        headers=await as_(world.institute_user),
    )
    assert late.status_code == 409
    assert (await client.get(f"/api/v1/challenges/{created['id']}")).json()["status"] == "closed"
