"""The demo world: organisations of every type around Bắc Ninh's industries, and one account
per role. Names are invented; communes and the vocabulary are real."""

from __future__ import annotations

from typing import Any

from app.models.vocabulary import (
    IntermediarySubtype as Sub,
)
from app.models.vocabulary import (
    MembershipRole,
    OrganizationType,
    Ownership,
    PlatformRole,
)

T = OrganizationType

# Demo accounts share one password, printed in the README. Never use seed-demo in production.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105

# (key, fields). The key links accounts to organisations below; tax codes are computed
# from a 9-digit stem so they carry a valid check digit.
ORGANIZATIONS: list[tuple[str, dict[str, Any]]] = [
    (
        "sokhcn",
        dict(
            name="Sở Khoa học và Công nghệ tỉnh Bắc Ninh (demo)",
            short_name="Sở KH&CN",
            type=T.government,
            commune="09187",
            tax_stem="230010101",
            contact_name="Phòng Quản lý công nghệ và thị trường KH&CN",
        ),
    ),
    (
        "san",
        dict(
            name="Trung tâm Ứng dụng và Chuyển giao công nghệ Kinh Bắc",
            short_name="KBTT",
            type=T.intermediary,
            intermediary_subtype=Sub.transfer_promotion_center,
            commune="09187",
            tax_stem="230020202",
        ),
    ),
    (
        "dinhgia",
        dict(
            name="Công ty TNHH Thẩm định giá Công nghệ Bắc Giang",
            type=T.intermediary,
            intermediary_subtype=Sub.valuation_center,
            commune="07210",
            tax_stem="240030303",
        ),
    ),
    (
        "uomtao",
        dict(
            name="Vườn ươm Doanh nghiệp Đổi mới sáng tạo Từ Sơn",
            type=T.intermediary,
            intermediary_subtype=Sub.incubator,
            commune="09367",
            tax_stem="230040404",
        ),
    ),
    (
        "vien_nn",
        dict(
            name="Viện Nghiên cứu Nông nghiệp Công nghệ cao Bắc Ninh",
            short_name="VNNCNC",
            type=T.research_institute,
            commune="09319",
            tax_stem="230050505",
        ),
    ),
    (
        "vien_cokhi",
        dict(
            name="Viện Cơ khí và Tự động hóa Kinh Bắc",
            type=T.research_institute,
            commune="09286",
            tax_stem="230060606",
        ),
    ),
    (
        "dh_nonglam",
        dict(
            name="Trường Đại học Nông Lâm Xương Giang",
            short_name="ĐHNLXG",
            type=T.university,
            commune="07774",
            tax_stem="240070707",
        ),
    ),
    (
        "dh_kythuat",
        dict(
            name="Trường Đại học Kỹ thuật Công nghiệp Kinh Bắc",
            type=T.university,
            commune="09190",
            tax_stem="230080808",
        ),
    ),
    (
        "ttmoitruong",
        dict(
            name="Trung tâm Quan trắc và Công nghệ Môi trường Bắc Ninh",
            type=T.st_organization,
            commune="09169",
            tax_stem="230090909",
        ),
    ),
    (
        "dongdaibai",
        dict(
            name="Công ty Cổ phần Đúc đồng Đại Bái",
            type=T.enterprise,
            ownership=Ownership.private,
            commune="09454",
            former_district="Huyện Gia Bình",
            tax_stem="231010101",
        ),
    ),
    (
        "giayphongkhe",
        dict(
            name="Công ty TNHH Giấy tái chế Phong Khê",
            type=T.enterprise,
            ownership=Ownership.private,
            commune="09190",
            former_district="Thành phố Bắc Ninh",
            tax_stem="231020202",
        ),
    ),
    (
        "godongky",
        dict(
            name="Công ty TNHH Mỹ nghệ Gỗ Đồng Kỵ",
            type=T.enterprise,
            ownership=Ownership.private,
            commune="09385",
            former_district="Thành phố Từ Sơn",
            tax_stem="231030303",
        ),
    ),
    (
        "vaithieu",
        dict(
            name="Công ty Cổ phần Nông sản Vải thiều Lục Ngạn",
            type=T.enterprise,
            ownership=Ownership.private,
            commune="07582",
            former_district="Huyện Lục Ngạn",
            tax_stem="241040404",
        ),
    ),
    (
        "dientu",
        dict(
            name="Công ty TNHH Linh kiện Điện tử Yên Phong",
            type=T.enterprise,
            ownership=Ownership.private,
            is_st_enterprise=True,
            commune="09193",
            tax_stem="231050505",
        ),
    ),
    (
        "cokhinhanuoc",
        dict(
            name="Công ty TNHH MTV Cơ khí Hà Bắc",
            type=T.enterprise,
            ownership=Ownership.state,
            commune="07682",
            tax_stem="241060606",
        ),
    ),
    (
        "fdi_kr",
        dict(
            name="Công ty TNHH Hanbit Electronics Việt Nam",
            type=T.enterprise,
            ownership=Ownership.fdi,
            commune="09247",
            tax_stem="231070707",
        ),
    ),
    (
        "htx_rau",
        dict(
            name="Hợp tác xã Rau an toàn Tiên Du",
            type=T.cooperative,
            commune="09319",
            tax_stem="231080808",
        ),
    ),
    ("canhan", dict(name="Nguyễn Văn Hùng (nhà sáng chế)", type=T.individual, commune="07798")),
    (
        "jp_supplier",
        dict(
            name="Kansai Precision Machinery Co., Ltd.",
            type=T.enterprise,
            country="JP",
            website="https://kansai-precision.example.jp",
        ),
    ),
    ("kr_supplier", dict(name="Daegu Smart Farm Solutions Inc.", type=T.enterprise, country="KR")),
    (
        "de_institute",
        dict(
            name="Fraunhofer-style Institute for Water Technology (demo)",
            type=T.research_institute,
            country="DE",
        ),
    ),
    (
        "cn_supplier",
        dict(name="Ningbo Green Pulp Equipment Co., Ltd.", type=T.enterprise, country="CN"),
    ),
    (
        "pending_startup",
        dict(
            name="Công ty Cổ phần Khởi nghiệp IoT Quế Võ",
            type=T.enterprise,
            ownership=Ownership.private,
            is_st_enterprise=True,
            commune="09247",
            tax_stem="231090909",
            verified=False,
        ),
    ),
]

# (email, full name, organisation key or None, membership role, platform role)
ACCOUNTS: list[tuple[str, str, str | None, MembershipRole | None, PlatformRole | None]] = [
    ("admin@demo.techex.vn", "Quản trị hệ thống", None, None, PlatformRole.admin),
    (
        "sokhcn@demo.techex.vn",
        "Trần Thị Thu Hà",
        "sokhcn",
        MembershipRole.owner,
        PlatformRole.department,
    ),
    ("moigioi@demo.techex.vn", "Lê Minh Tuấn", "san", MembershipRole.owner, PlatformRole.broker),
    ("doanhnghiep@demo.techex.vn", "Phạm Văn Đức", "dongdaibai", MembershipRole.owner, None),
    ("nhanvien@demo.techex.vn", "Ngô Thị Lan", "dongdaibai", MembershipRole.member, None),
    ("vien@demo.techex.vn", "PGS.TS. Hoàng Quốc Việt", "vien_nn", MembershipRole.owner, None),
    ("truong@demo.techex.vn", "TS. Đỗ Thanh Bình", "dh_nonglam", MembershipRole.owner, None),
    ("supplier.jp@demo.techex.vn", "Kenji Watanabe", "jp_supplier", MembershipRole.owner, None),
    ("khoinghiep@demo.techex.vn", "Vũ Hải Nam", "pending_startup", MembershipRole.owner, None),
]
