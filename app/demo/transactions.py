"""Demo transactions from 2021 to today among the demo organisations, growing over the years
so that the dashboard has a plausible history. Deterministic; running it again adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import Organization, Transaction, User
from app.models.vocabulary import IPType, TransactionCategory, TransactionStatus, TransferForm
from app.models.vocabulary import TransactionVerification as V
from app.transaction.rules import derive_direction, transaction_requires_registration
from app.transaction.service import take_snapshot

C = TransactionCategory
F = TransferForm
FIRST_YEAR = 2021


@dataclass(frozen=True)
class Template:
    supplier: str
    recipient: str
    category: TransactionCategory
    subject: str
    field_code: str
    millions: int
    form: TransferForm | None = None
    methods: tuple[str, ...] = ()
    ip_type: IPType | None = None
    state_funds: bool = False
    weight: int = 2


TEMPLATES = (
    Template(
        "vien_nn",
        "htx_rau",
        C.technology_transfer,
        "Quy trình trồng rau thủy canh công nghệ cao",
        "40101",
        700,
        F.independent_contract,
        ("documents", "training"),
        weight=3,
    ),
    Template(
        "vien_cokhi",
        "dongdaibai",
        C.technology_transfer,
        "Công nghệ đúc đồng mỹ nghệ bằng khuôn mẫu chảy",
        "20301",
        1400,
        F.independent_contract,
        ("documents", "experts"),
        weight=4,
    ),
    Template(
        "jp_supplier",
        "dientu",
        C.equipment_with_technology,
        "Dây chuyền gia công CNC chính xác",
        "20301",
        2200,
        F.equipment_sale,
        ("machinery", "training"),
        weight=1,
    ),
    Template(
        "kr_supplier",
        "htx_rau",
        C.equipment_with_technology,
        "Hệ thống nhà kính thông minh điều khiển tự động",
        "40101",
        1400,
        F.equipment_sale,
        ("machinery", "training"),
        weight=1,
    ),
    Template(
        "cn_supplier",
        "giayphongkhe",
        C.equipment_with_technology,
        "Dây chuyền xeo giấy tái chế",
        "20301",
        1600,
        F.equipment_sale,
        ("machinery",),
        weight=1,
    ),
    Template(
        "de_institute",
        "ttmoitruong",
        C.technology_transfer,
        "Công nghệ xử lý nước thải làng nghề",
        "20701",
        1800,
        F.independent_contract,
        ("documents", "experts", "training"),
        weight=1,
    ),
    Template(
        "dh_nonglam",
        "htx_rau",
        C.ip_license,
        "Li-xăng sáng chế chế phẩm vi sinh xử lý phụ phẩm",
        "40101",
        900,
        F.ip_transfer,
        ("documents",),
        IPType.patent,
        weight=3,
    ),
    Template(
        "dh_kythuat",
        "dientu",
        C.ip_assignment,
        "Chuyển nhượng giải pháp hữu ích bộ điều khiển động cơ",
        "20201",
        1100,
        F.ip_transfer,
        ("documents",),
        IPType.utility_solution,
    ),
    Template(
        "godongky",
        "vaithieu",
        C.ip_license,
        "Li-xăng nhãn hiệu đồ gỗ Đồng Kỵ",
        "50201",
        600,
        F.franchise,
        (),
        IPType.trademark,
    ),
    Template(
        "ttmoitruong",
        "giayphongkhe",
        C.st_service,
        "Dịch vụ quan trắc và đánh giá môi trường",
        "20701",
        180,
        weight=3,
    ),
    Template(
        "dinhgia", "cokhinhanuoc", C.st_service, "Thẩm định giá công nghệ nhiệt luyện", "50201", 120
    ),
    Template(
        "vien_cokhi",
        "cokhinhanuoc",
        C.technology_transfer,
        "Công nghệ nhiệt luyện chi tiết máy",
        "20301",
        1500,
        F.independent_contract,
        ("documents", "training"),
        state_funds=True,
        weight=1,
    ),
    Template(
        "dientu",
        "fdi_kr",
        C.technology_transfer,
        "Phần mềm quản lý sản xuất MES",
        "20201",
        1500,
        F.independent_contract,
        ("documents", "training"),
        weight=3,
    ),
    Template(
        "dientu",
        "dongdaibai",
        C.technology_transfer,
        "Hệ thống điều khiển lò nung tự động",
        "20201",
        1200,
        F.independent_contract,
        ("documents", "experts"),
    ),
    Template(
        "vien_nn",
        "kr_supplier",
        C.technology_transfer,
        "Quy trình nhân giống lan hồ điệp",
        "40101",
        500,
        F.independent_contract,
        ("documents", "experts"),
        weight=1,
    ),
    Template(
        "canhan",
        "godongky",
        C.ip_assignment,
        "Sáng chế máy chà nhám gỗ tự động",
        "20301",
        500,
        F.ip_transfer,
        ("documents",),
        IPType.patent,
        weight=1,
    ),
    Template(
        "jp_supplier",
        "fdi_kr",
        C.capital_contribution,
        "Góp vốn bằng công nghệ sơn tĩnh điện",
        "20301",
        2500,
        F.capital_contribution,
        ("machinery", "experts"),
        weight=1,
    ),
)


def _count_for(year: int) -> int:
    """About 20 % more contracts every year, from 16 in 2021."""
    return round(16 * 1.2 ** (year - FIRST_YEAR))


async def seed_transactions(
    session: AsyncSession, organizations: dict[str, Organization], officer: User | None
) -> int:
    existing = set(
        await session.scalars(
            select(Transaction.subject).where(Transaction.subject.like("%(demo %"))
        )
    )
    today = date.today()
    created = 0
    for year in range(FIRST_YEAR, today.year + 1):
        # One generator per year and per contract: the same contracts come out every run,
        # whatever was skipped.
        templates = random.Random(year).choices(  # noqa: S311 (demo data)
            TEMPLATES, weights=[t.weight for t in TEMPLATES], k=_count_for(year)
        )
        for number, template in enumerate(templates, start=1):
            rng = random.Random(f"{year}-{number}")  # noqa: S311 (demo data)
            signed_on = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            subject = f"{template.subject} (demo {year}-{number:03d})"
            if signed_on > today or subject in existing:
                continue
            growth = 1 + 0.08 * (year - FIRST_YEAR)
            value = int(template.millions * growth * rng.uniform(0.7, 1.4)) * 1_000_000
            transaction = _transaction(template, organizations, subject, signed_on, value, rng)
            _settle(transaction, today, officer, rng)
            session.add(transaction)
            created += 1
    await session.flush()
    return created


def _transaction(
    template: Template,
    organizations: dict[str, Organization],
    subject: str,
    signed_on: date,
    value: int,
    rng: random.Random,
) -> Transaction:
    supplier, recipient = organizations[template.supplier], organizations[template.recipient]
    direction = derive_direction(supplier.country, recipient.country)
    assert direction is not None
    transaction = Transaction(
        subject=subject,
        supplier_id=supplier.id,
        recipient_id=recipient.id,
        intermediary_id=organizations["san"].id if rng.random() < 0.4 else None,
        category=template.category,
        ip_type=template.ip_type,
        transfer_form=template.form,
        transfer_methods=list(template.methods),
        field_code=template.field_code,
        direction=direction,
        signed_on=signed_on,
        signed_year=signed_on.year,
        value_vnd=value,
        uses_state_funds=template.state_funds,
        status=TransactionStatus.signed,
    )
    take_snapshot(transaction, supplier, recipient)
    return transaction


def _settle(
    transaction: Transaction, today: date, officer: User | None, rng: random.Random
) -> None:
    """Older contracts are completed, registered and verified; recent ones still open."""
    age = (today - transaction.signed_on).days
    roll = rng.random()
    if roll < 0.04:
        transaction.status = TransactionStatus.cancelled
    elif age > 240 and roll < 0.8:
        transaction.status = TransactionStatus.completed
    registered_in_time = age > 60 and rng.random() < 0.85
    if transaction_requires_registration(transaction) and registered_in_time:
        transaction.registration_certificate_no = f"{rng.randrange(1, 300)}/GCN-SKHCN"
        transaction.registration_certificate_on = transaction.signed_on + timedelta(
            days=rng.randrange(20, 80)
        )
        if transaction.status is TransactionStatus.signed:
            transaction.status = TransactionStatus.registered
    if officer is not None and age > 120 and rng.random() < 0.7:
        transaction.verification = V.verified
        transaction.verified_at = utcnow()
        transaction.verified_by_id = officer.id
