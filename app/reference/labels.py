"""Vietnamese and English labels of the vocabulary enums, for pages, exports and the API."""

from __future__ import annotations

from enum import StrEnum

from app.models.vocabulary import (
    IntermediarySubtype,
    MembershipRole,
    OrganizationType,
    Ownership,
    PlatformRole,
    VerificationStatus,
)

LABELS: dict[StrEnum, tuple[str, str]] = {
    OrganizationType.research_institute: ("Viện nghiên cứu", "Research institute"),
    OrganizationType.university: ("Trường đại học, học viện", "University"),
    OrganizationType.st_organization: (
        "Tổ chức khoa học và công nghệ khác",
        "Other S&T organisation",
    ),
    OrganizationType.enterprise: ("Doanh nghiệp", "Enterprise"),
    OrganizationType.cooperative: ("Hợp tác xã", "Cooperative"),
    OrganizationType.intermediary: ("Tổ chức trung gian", "Intermediary"),
    OrganizationType.government: ("Cơ quan nhà nước", "Government agency"),
    OrganizationType.individual: ("Cá nhân", "Individual"),
    Ownership.state: ("Doanh nghiệp nhà nước", "State-owned"),
    Ownership.private: ("Doanh nghiệp ngoài nhà nước", "Private"),
    Ownership.fdi: ("Doanh nghiệp có vốn đầu tư nước ngoài", "Foreign-invested"),
    IntermediarySubtype.exchange: ("Sàn giao dịch công nghệ", "Technology exchange"),
    IntermediarySubtype.transaction_center: ("Trung tâm giao dịch công nghệ", "Transaction centre"),
    IntermediarySubtype.transfer_promotion_center: (
        "Trung tâm xúc tiến và hỗ trợ hoạt động chuyển giao công nghệ",
        "Technology transfer promotion centre",
    ),
    IntermediarySubtype.valuation_center: (
        "Tổ chức đánh giá, thẩm định giá công nghệ",
        "Valuation centre",
    ),
    IntermediarySubtype.innovation_support_center: (
        "Trung tâm hỗ trợ đổi mới sáng tạo",
        "Innovation support centre",
    ),
    IntermediarySubtype.incubator: ("Cơ sở ươm tạo", "Incubator"),
    VerificationStatus.pending: ("Chờ xác minh", "Pending verification"),
    VerificationStatus.verified: ("Đã xác minh", "Verified"),
    VerificationStatus.rejected: ("Không được xác minh", "Not verified"),
    MembershipRole.owner: ("Quản trị tổ chức", "Organisation owner"),
    MembershipRole.member: ("Thành viên", "Member"),
    PlatformRole.admin: ("Quản trị hệ thống", "Administrator"),
    PlatformRole.department: ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    PlatformRole.broker: ("Môi giới", "Broker"),
}


def label(value: StrEnum, locale: str = "vi") -> str:
    vi, en = LABELS.get(value, (str(value), str(value)))
    return en if locale == "en" else vi
