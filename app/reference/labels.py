"""Vietnamese and English labels of the vocabulary enums, for pages, exports and the API."""

from __future__ import annotations

from enum import StrEnum

from app.models.vocabulary import (
    IntermediarySubtype,
    IPType,
    ListingStatus,
    MembershipRole,
    OfferKind,
    OrganizationType,
    Ownership,
    PlatformRole,
    PriceMode,
    TransferForm,
    TransferMethod,
    TransferRight,
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


# Listing vocabulary, keyed by (enum, value): StrEnum members of different enums with the
# same value ("rejected", "other") are equal as dict keys, so one table keyed by member
# would let one enum's label overwrite another's.
QUALIFIED_LABELS: dict[tuple[type[StrEnum], str], tuple[str, str]] = {
    (ListingStatus, "draft"): ("Bản nháp", "Draft"),
    (ListingStatus, "pending_review"): ("Chờ duyệt", "Pending review"),
    (ListingStatus, "published"): ("Đang đăng", "Published"),
    (ListingStatus, "rejected"): ("Bị từ chối", "Rejected"),
    (ListingStatus, "expired"): ("Hết hạn", "Expired"),
    (ListingStatus, "withdrawn"): ("Đã rút", "Withdrawn"),
    (ListingStatus, "archived"): ("Lưu trữ", "Archived"),
    (OfferKind, "technology"): ("Công nghệ", "Technology"),
    (OfferKind, "equipment"): ("Thiết bị", "Equipment"),
    (OfferKind, "ip_asset"): ("Tài sản trí tuệ", "IP asset"),
    (OfferKind, "research_result"): ("Kết quả nghiên cứu", "Research result"),
    (OfferKind, "st_service"): ("Dịch vụ khoa học và công nghệ", "S&T service"),
    (IPType, "patent"): ("Sáng chế", "Patent"),
    (IPType, "utility_solution"): ("Giải pháp hữu ích", "Utility solution"),
    (IPType, "industrial_design"): ("Kiểu dáng công nghiệp", "Industrial design"),
    (IPType, "trademark"): ("Nhãn hiệu", "Trademark"),
    (IPType, "plant_variety"): ("Giống cây trồng", "Plant variety"),
    (IPType, "layout_design"): ("Thiết kế bố trí mạch tích hợp", "Layout design"),
    (IPType, "copyright"): ("Quyền tác giả", "Copyright"),
    (IPType, "trade_secret"): ("Bí mật kinh doanh", "Trade secret"),
    (TransferRight, "ownership"): ("Chuyển nhượng quyền sở hữu", "Ownership"),
    (TransferRight, "right_to_use_exclusive"): (
        "Quyền sử dụng độc quyền",
        "Exclusive right to use",
    ),
    (TransferRight, "right_to_use_non_exclusive"): (
        "Quyền sử dụng không độc quyền",
        "Non-exclusive right to use",
    ),
    (TransferForm, "independent_contract"): (
        "Hợp đồng chuyển giao công nghệ độc lập",
        "Independent technology transfer contract",
    ),
    (TransferForm, "investment_project"): ("Trong dự án đầu tư", "Part of an investment project"),
    (TransferForm, "capital_contribution"): ("Góp vốn bằng công nghệ", "Capital contribution"),
    (TransferForm, "franchise"): ("Nhượng quyền thương mại", "Franchise"),
    (TransferForm, "ip_transfer"): ("Chuyển giao quyền sở hữu trí tuệ", "IP rights transfer"),
    (TransferForm, "equipment_sale"): ("Mua bán máy móc, thiết bị kèm công nghệ", "Equipment sale"),
    (TransferForm, "other"): ("Hình thức khác", "Other"),
    (TransferMethod, "documents"): ("Chuyển giao tài liệu", "Documents"),
    (TransferMethod, "training"): ("Đào tạo", "Training"),
    (TransferMethod, "experts"): ("Cử chuyên gia", "Experts"),
    (TransferMethod, "machinery"): ("Chuyển giao máy móc, thiết bị", "Machinery"),
    (TransferMethod, "other"): ("Phương thức khác", "Other"),
    (PriceMode, "fixed"): ("Giá cố định", "Fixed price"),
    (PriceMode, "range"): ("Khoảng giá", "Price range"),
    (PriceMode, "negotiable"): ("Thỏa thuận", "Negotiable"),
    (PriceMode, "on_request"): ("Liên hệ", "On request"),
}


def label(value: StrEnum, locale: str = "vi") -> str:
    qualified = QUALIFIED_LABELS.get((type(value), value.value))
    vi, en = qualified or LABELS.get(value, (str(value), str(value)))
    return en if locale == "en" else vi


def _transaction_labels() -> dict[StrEnum, tuple[str, str]]:
    from app.models.vocabulary import (
        IPType,
        TransactionCategory,
        TransactionDirection,
        TransactionStatus,
        TransactionVerification,
        TransferForm,
        TransferMethod,
        TransferRight,
    )

    return {
        TransactionCategory.technology_transfer: ("Chuyển giao công nghệ", "Technology transfer"),
        TransactionCategory.equipment_with_technology: (
            "Mua bán thiết bị kèm công nghệ",
            "Equipment carrying technology",
        ),
        TransactionCategory.capital_contribution: (
            "Góp vốn bằng công nghệ",
            "Capital contribution in technology",
        ),
        TransactionCategory.ip_assignment: ("Chuyển nhượng quyền sở hữu trí tuệ", "IP assignment"),
        TransactionCategory.ip_license: ("Chuyển quyền sử dụng đối tượng SHTT", "IP licence"),
        TransactionCategory.st_service: ("Dịch vụ khoa học và công nghệ", "S&T service"),
        TransactionCategory.other: ("Khác", "Other"),
        TransactionDirection.domestic: ("Trong nước", "Domestic"),
        TransactionDirection.inbound: ("Từ nước ngoài vào Việt Nam", "Inbound"),
        TransactionDirection.outbound: ("Từ Việt Nam ra nước ngoài", "Outbound"),
        TransactionStatus.draft: ("Bản nháp", "Draft"),
        TransactionStatus.signed: ("Đã ký", "Signed"),
        TransactionStatus.registered: ("Đã đăng ký chuyển giao", "Registered"),
        TransactionStatus.completed: ("Đã hoàn thành", "Completed"),
        TransactionStatus.cancelled: ("Đã hủy", "Cancelled"),
        TransactionVerification.self_reported: ("Tự khai báo", "Self-reported"),
        TransactionVerification.verified: ("Đã được Sở xác minh", "Verified by the department"),
        IPType.patent: ("Sáng chế", "Patent"),
        IPType.utility_solution: ("Giải pháp hữu ích", "Utility solution"),
        IPType.industrial_design: ("Kiểu dáng công nghiệp", "Industrial design"),
        IPType.trademark: ("Nhãn hiệu", "Trademark"),
        IPType.plant_variety: ("Giống cây trồng", "Plant variety"),
        IPType.layout_design: ("Thiết kế bố trí mạch tích hợp", "Layout design"),
        IPType.copyright: ("Quyền tác giả", "Copyright"),
        IPType.trade_secret: ("Bí mật kinh doanh", "Trade secret"),
        TransferForm.independent_contract: ("Hợp đồng chuyển giao độc lập", "Independent contract"),
        TransferForm.investment_project: ("Trong dự án đầu tư", "Within an investment project"),
        TransferForm.capital_contribution: ("Góp vốn bằng công nghệ", "Capital contribution"),
        TransferForm.franchise: ("Nhượng quyền thương mại", "Franchise"),
        TransferForm.ip_transfer: ("Chuyển giao quyền SHTT", "IP transfer"),
        TransferForm.equipment_sale: ("Mua bán máy móc, thiết bị", "Equipment sale"),
        TransferForm.other: ("Hình thức khác", "Other form"),
        TransferMethod.documents: ("Tài liệu kỹ thuật", "Documents"),
        TransferMethod.training: ("Đào tạo", "Training"),
        TransferMethod.experts: ("Cử chuyên gia", "Experts"),
        TransferMethod.machinery: ("Máy móc, thiết bị", "Machinery"),
        TransferMethod.other: ("Phương thức khác", "Other method"),
        TransferRight.ownership: ("Quyền sở hữu", "Ownership"),
        TransferRight.right_to_use_exclusive: ("Quyền sử dụng độc quyền", "Exclusive licence"),
        TransferRight.right_to_use_non_exclusive: (
            "Quyền sử dụng không độc quyền",
            "Non-exclusive licence",
        ),
    }


LABELS.update(_transaction_labels())


def _deal_labels() -> dict[tuple[type[StrEnum], str], tuple[str, str]]:
    """Issue 5: deal stages and answers to expressions of interest (qualified: "new" and
    "pending" are values of other enums too)."""
    from app.models.vocabulary import DealStage, InterestStatus

    stages = {
        DealStage.new: ("Mới", "New"),
        DealStage.contacted: ("Đã liên hệ", "Contacted"),
        DealStage.nda_signed: ("Đã ký thỏa thuận bảo mật", "NDA signed"),
        DealStage.negotiating: ("Đang đàm phán", "Negotiating"),
        DealStage.agreed: ("Đã thống nhất", "Agreed"),
        DealStage.contract_signed: ("Đã ký hợp đồng", "Contract signed"),
        DealStage.closed_won: ("Thành công", "Closed, won"),
        DealStage.closed_lost: ("Không thành", "Closed, lost"),
    }
    interests = {
        InterestStatus.pending: ("Chờ trả lời", "Pending"),
        InterestStatus.accepted: ("Được chấp nhận", "Accepted"),
        InterestStatus.declined: ("Bị từ chối", "Declined"),
    }
    return {(type(k), k.value): v for k, v in [*stages.items(), *interests.items()]}


QUALIFIED_LABELS.update(_deal_labels())
