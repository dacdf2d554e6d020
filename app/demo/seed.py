"""`techex seed-demo`: builds the demo world; running it again adds nothing twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.config import Environment, Settings
from app.core.db import standalone_session
from app.core.security import hash_password
from app.demo.deals import seed_deals
from app.demo.events import seed_events
from app.demo.listings import seed_listings
from app.demo.transactions import seed_transactions
from app.demo.world import ACCOUNTS, DEMO_PASSWORD, ORGANIZATIONS
from app.models import Organization, User
from app.models.vocabulary import VerificationStatus
from app.reference.tax_code import check_digit


def demo_tax_code(stem: str) -> str:
    """The first valid 10-digit tax code whose first nine digits are at or after `stem`."""
    number = int(stem)
    while (digit := check_digit(f"{number:09d}")) is None:
        number += 1
    return f"{number:09d}{digit}"


async def seed(settings: Settings) -> list[str]:
    if settings.environment is Environment.production:
        raise SystemExit("seed-demo refuses to run with TECHEX_ENVIRONMENT=production.")
    async with standalone_session(settings) as session:
        organizations = await _seed_organizations(session)
        accounts = await _seed_accounts(session, organizations)
        catalogue = await seed_listings(session, organizations)
        officer = await session.scalar(select(User).where(User.email == "sokhcn@demo.techex.vn"))
        transactions = await seed_transactions(session, organizations, officer)
        deals = await seed_deals(session, organizations)
        events = await seed_events(session, organizations)
    return [
        f"Organisations: {len(organizations)} in the demo world.",
        f"Accounts: {accounts} created (password for all: {DEMO_PASSWORD}).",
        *catalogue,
        f"Transactions: {transactions} created.",
        f"Brokered deals: {deals} created.",
        f"Events and challenges: {events} created.",
    ]


async def _seed_organizations(session: AsyncSession) -> dict[str, Organization]:
    by_key: dict[str, Organization] = {}
    for key, spec in ORGANIZATIONS:
        values = dict(spec)
        stem = values.pop("tax_stem", None)
        verified = values.pop("verified", True)
        commune = values.pop("commune", None)
        existing = await session.scalar(
            select(Organization).where(Organization.name == values["name"])
        )
        if existing is not None:
            by_key[key] = existing
            continue
        organization = Organization(
            country=values.pop("country", "VN"),
            commune_code=commune,
            tax_code=demo_tax_code(stem) if stem else None,
            verification_status=VerificationStatus.verified
            if verified
            else VerificationStatus.pending,
            verified_at=utcnow() if verified else None,
            **values,
        )
        session.add(organization)
        by_key[key] = organization
    await session.flush()
    return by_key


async def _seed_accounts(session: AsyncSession, organizations: dict[str, Organization]) -> int:
    created = 0
    password_hash = hash_password(DEMO_PASSWORD)
    for email, full_name, org_key, membership, platform_role in ACCOUNTS:
        if await session.scalar(select(User).where(User.email == email)):
            continue
        session.add(
            User(
                email=email,
                full_name=full_name,
                password_hash=password_hash,
                organization_id=organizations[org_key].id if org_key else None,
                membership_role=membership,
                platform_role=platform_role,
            )
        )
        created += 1
    await session.flush()
    return created
