"""Vietnamese and English labels of the vocabulary enums, for pages, exports and the API.

Keyed by enum class, then value: members of different StrEnums with the same value
("other", "draft", "verified") are equal as dict keys, so one flat table would let one
enum's label overwrite another's.
"""

from __future__ import annotations

from enum import StrEnum

from babel.support import LazyProxy

from app.core.i18n import current_locale
from app.models.vocabulary import (
    AttachmentKind,
    ChallengeStatus,
    DealStage,
    EventFormat,
    EventKind,
    EventStatus,
    IndicatorMeasure,
    InterestStatus,
    IntermediarySubtype,
    IPStatus,
    IPType,
    ListingLanguage,
    ListingStatus,
    MailStatus,
    MeetingOutcome,
    MeetingRequestStatus,
    MembershipRole,
    NotificationKind,
    OfferKind,
    OrganizationType,
    Ownership,
    ParticipantRole,
    ParticipantStatus,
    PlatformRole,
    PriceMode,
    ProposalStatus,
    ScreeningDirection,
    TechnologyListKind,
    TransactionCategory,
    TransactionDirection,
    TransactionDocumentKind,
    TransactionStatus,
    TransactionVerification,
    TransferForm,
    TransferMethod,
    TransferRight,
    VerificationStatus,
)

LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    OrganizationType: {
        "research_institute": ("Viện nghiên cứu", "Research institute"),
        "university": ("Trường đại học, học viện", "University"),
        "st_organization": ("Tổ chức khoa học và công nghệ khác", "Other S&T organisation"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
        "cooperative": ("Hợp tác xã", "Cooperative"),
        "intermediary": ("Tổ chức trung gian", "Intermediary"),
        "government": ("Cơ quan nhà nước", "Government agency"),
        "individual": ("Cá nhân", "Individual"),
    },
    Ownership: {
        "state": ("Doanh nghiệp nhà nước", "State-owned"),
        "private": ("Doanh nghiệp ngoài nhà nước", "Private"),
        "fdi": ("Doanh nghiệp có vốn đầu tư nước ngoài", "Foreign-invested"),
    },
    IntermediarySubtype: {
        "exchange": ("Sàn giao dịch công nghệ", "Technology exchange"),
        "transaction_center": ("Trung tâm giao dịch công nghệ", "Transaction centre"),
        "transfer_promotion_center": (
            "Trung tâm xúc tiến và hỗ trợ hoạt động chuyển giao công nghệ",
            "Technology transfer promotion centre",
        ),
        "valuation_center": ("Tổ chức đánh giá, thẩm định giá công nghệ", "Valuation centre"),
        "innovation_support_center": (
            "Trung tâm hỗ trợ đổi mới sáng tạo",
            "Innovation support centre",
        ),
        "incubator": ("Cơ sở ươm tạo", "Incubator"),
    },
    VerificationStatus: {
        "pending": ("Chờ xác minh", "Pending verification"),
        "verified": ("Đã xác minh", "Verified"),
        "rejected": ("Không được xác minh", "Not verified"),
    },
    MembershipRole: {
        "owner": ("Quản trị tổ chức", "Organisation owner"),
        "member": ("Thành viên", "Member"),
    },
    PlatformRole: {
        "admin": ("Quản trị hệ thống", "Administrator"),
        "department": ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
        "broker": ("Môi giới", "Broker"),
    },
    ListingStatus: {
        "draft": ("Bản nháp", "Draft"),
        "pending_review": ("Chờ duyệt", "Pending review"),
        "published": ("Đang đăng", "Published"),
        "rejected": ("Bị từ chối", "Rejected"),
        "expired": ("Hết hạn", "Expired"),
        "withdrawn": ("Đã rút", "Withdrawn"),
        "archived": ("Lưu trữ", "Archived"),
    },
    OfferKind: {
        "technology": ("Công nghệ", "Technology"),
        "equipment": ("Thiết bị", "Equipment"),
        "ip_asset": ("Tài sản trí tuệ", "IP asset"),
        "research_result": ("Kết quả nghiên cứu", "Research result"),
        "st_service": ("Dịch vụ khoa học và công nghệ", "S&T service"),
    },
    IPType: {
        "patent": ("Sáng chế", "Patent"),
        "utility_solution": ("Giải pháp hữu ích", "Utility solution"),
        "industrial_design": ("Kiểu dáng công nghiệp", "Industrial design"),
        "trademark": ("Nhãn hiệu", "Trademark"),
        "plant_variety": ("Giống cây trồng", "Plant variety"),
        "layout_design": ("Thiết kế bố trí mạch tích hợp", "Layout design"),
        "copyright": ("Quyền tác giả", "Copyright"),
        "trade_secret": ("Bí mật kinh doanh", "Trade secret"),
    },
    IPStatus: {
        "granted": ("Đã được cấp văn bằng", "Granted"),
        "pending": ("Đang xét nghiệm đơn", "Application pending"),
    },
    TransferRight: {
        "ownership": ("Chuyển nhượng quyền sở hữu", "Ownership"),
        "right_to_use_exclusive": ("Quyền sử dụng độc quyền", "Exclusive right to use"),
        "right_to_use_non_exclusive": (
            "Quyền sử dụng không độc quyền",
            "Non-exclusive right to use",
        ),
    },
    TransferForm: {
        "independent_contract": (
            "Hợp đồng chuyển giao công nghệ độc lập",
            "Independent technology transfer contract",
        ),
        "investment_project": ("Trong dự án đầu tư", "Part of an investment project"),
        "capital_contribution": ("Góp vốn bằng công nghệ", "Capital contribution"),
        "franchise": ("Nhượng quyền thương mại", "Franchise"),
        "ip_transfer": ("Chuyển giao quyền sở hữu trí tuệ", "IP rights transfer"),
        "equipment_sale": ("Mua bán máy móc, thiết bị kèm công nghệ", "Equipment sale"),
        "other": ("Hình thức khác", "Other"),
    },
    TransferMethod: {
        "documents": ("Chuyển giao tài liệu", "Documents"),
        "training": ("Đào tạo", "Training"),
        "experts": ("Cử chuyên gia", "Experts"),
        "machinery": ("Chuyển giao máy móc, thiết bị", "Machinery"),
        "other": ("Phương thức khác", "Other"),
    },
    PriceMode: {
        "fixed": ("Giá cố định", "Fixed price"),
        "range": ("Khoảng giá", "Price range"),
        "negotiable": ("Thỏa thuận", "Negotiable"),
        "on_request": ("Liên hệ", "On request"),
    },
    ListingLanguage: {
        "vi": ("Tiếng Việt", "Vietnamese"),
        "en": ("Tiếng Anh", "English"),
    },
    AttachmentKind: {
        "image": ("Hình ảnh", "Image"),
        "document": ("Tài liệu", "Document"),
    },
    NotificationKind: {
        "listing_published": ("Tin đã được đăng", "Listing published"),
        "listing_rejected": ("Tin bị từ chối", "Listing rejected"),
        "listing_expiring": ("Tin sắp hết hạn", "Listing expiring"),
        "listing_expired": ("Tin đã hết hạn", "Listing expired"),
        "match_found": ("Có kết quả phù hợp", "Match found"),
        "interest_received": ("Có đề nghị quan tâm mới", "Expression of interest received"),
        "interest_answered": (
            "Đề nghị quan tâm đã được trả lời",
            "Expression of interest answered",
        ),
        "deal_created": ("Thương vụ mới", "Deal opened"),
        "deal_stage_changed": ("Thương vụ chuyển giai đoạn", "Deal stage changed"),
        "deal_task_due": ("Việc cần làm đến hạn", "Deal task due"),
        "deal_checkin_due": ("Đến hạn kiểm tra sau ký kết", "Post-signing check-in due"),
        "saved_search_alert": ("Tin mới theo tìm kiếm đã lưu", "Saved search alert"),
        "event_registration": ("Đăng ký sự kiện", "Event registration"),
        "meeting_requested": ("Yêu cầu gặp B2B", "B2B meeting request"),
        "meeting_agenda": ("Lịch gặp B2B", "B2B meeting agenda"),
        "challenge_proposal": ("Giải pháp cho bài toán công nghệ", "Proposal to a challenge"),
        "challenge_decision": ("Kết quả bài toán công nghệ", "Challenge decision"),
    },
    TransactionCategory: {
        "technology_transfer": ("Chuyển giao công nghệ", "Technology transfer"),
        "equipment_with_technology": (
            "Mua bán thiết bị kèm công nghệ",
            "Equipment carrying technology",
        ),
        "capital_contribution": ("Góp vốn bằng công nghệ", "Capital contribution in technology"),
        "ip_assignment": ("Chuyển nhượng quyền sở hữu trí tuệ", "IP assignment"),
        "ip_license": ("Chuyển quyền sử dụng đối tượng SHTT", "IP licence"),
        "st_service": ("Dịch vụ khoa học và công nghệ", "S&T service"),
        "other": ("Loại khác", "Other"),
    },
    TransactionDirection: {
        "domestic": ("Trong nước", "Domestic"),
        "inbound": ("Từ nước ngoài vào Việt Nam", "Inbound"),
        "outbound": ("Từ Việt Nam ra nước ngoài", "Outbound"),
    },
    TransactionStatus: {
        "draft": ("Bản nháp", "Draft"),
        "signed": ("Đã ký", "Signed"),
        "registered": ("Đã đăng ký chuyển giao", "Registered"),
        "completed": ("Đã hoàn thành", "Completed"),
        "cancelled": ("Đã hủy", "Cancelled"),
    },
    TransactionVerification: {
        "self_reported": ("Tự khai báo", "Self-reported"),
        "verified": ("Đã được Sở xác minh", "Verified by the department"),
    },
    IndicatorMeasure: {
        "value": ("Theo giá trị", "By value"),
        "count": ("Theo số lượng", "By count"),
    },
    TransactionDocumentKind: {
        "contract": ("Hợp đồng", "Contract"),
        "annex": ("Phụ lục hợp đồng", "Annex"),
        "registration_certificate": (
            "Giấy chứng nhận đăng ký chuyển giao công nghệ",
            "Registration certificate",
        ),
        "ip_recordal": ("Ghi nhận chuyển nhượng quyền SHCN", "IP Office recordal"),
        "acceptance": ("Biên bản nghiệm thu, bàn giao", "Acceptance record"),
        "invoice": ("Hóa đơn", "Invoice"),
        "other": ("Tài liệu khác", "Other document"),
    },
    InterestStatus: {
        "pending": ("Chờ trả lời", "Pending"),
        "accepted": ("Được chấp nhận", "Accepted"),
        "declined": ("Bị từ chối", "Declined"),
    },
    MailStatus: {
        "pending": ("Chờ gửi", "Waiting to be sent"),
        "sent": ("Đã gửi", "Sent"),
    },
    DealStage: {
        "new": ("Mới", "New"),
        "contacted": ("Đã liên hệ", "Contacted"),
        "nda_signed": ("Đã ký thỏa thuận bảo mật", "NDA signed"),
        "negotiating": ("Đang đàm phán", "Negotiating"),
        "agreed": ("Đã thống nhất", "Agreed"),
        "contract_signed": ("Đã ký hợp đồng", "Contract signed"),
        "closed_won": ("Thành công", "Closed, won"),
        "closed_lost": ("Không thành", "Closed, lost"),
    },
    EventKind: {
        "techmart": ("Chợ công nghệ và thiết bị (Techmart)", "Techmart"),
        "demo_day": ("Ngày trình diễn công nghệ", "Demo day"),
        "workshop": ("Hội thảo", "Workshop"),
        "training": ("Tập huấn", "Training"),
    },
    EventFormat: {
        "online": ("Trực tuyến", "Online"),
        "offline": ("Trực tiếp", "In person"),
        "hybrid": ("Trực tiếp và trực tuyến", "Hybrid"),
    },
    EventStatus: {
        "published": ("Đã công bố", "Published"),
        "cancelled": ("Đã hủy", "Cancelled"),
    },
    ParticipantRole: {
        "exhibitor": ("Đơn vị trưng bày", "Exhibitor"),
        "visitor": ("Khách tham quan, giao dịch", "Visitor"),
    },
    ParticipantStatus: {
        "pending": ("Chờ duyệt", "Pending approval"),
        "approved": ("Đã duyệt", "Approved"),
        "rejected": ("Không được duyệt", "Declined"),
    },
    MeetingRequestStatus: {
        "pending": ("Chờ trả lời", "Pending"),
        "accepted": ("Được chấp nhận", "Accepted"),
        "declined": ("Bị từ chối", "Declined"),
        "cancelled": ("Đã hủy", "Cancelled"),
    },
    MeetingOutcome: {
        "no_interest": ("Không quan tâm", "No interest"),
        "follow_up": ("Tiếp tục trao đổi", "Follow-up"),
        "deal": ("Mở giao dịch môi giới", "Deal opened"),
    },
    ChallengeStatus: {
        "pending_review": ("Chờ Sở KH&CN duyệt", "Awaiting the department's review"),
        "published": ("Đang nhận giải pháp", "Open for proposals"),
        "rejected": ("Bị từ chối", "Rejected"),
        "closed": ("Hết hạn, đang đánh giá", "Closed, under evaluation"),
        "awarded": ("Đã trao giải", "Awarded"),
    },
    ProposalStatus: {
        "submitted": ("Đã nộp", "Submitted"),
        "shortlisted": ("Vào danh sách rút gọn", "Shortlisted"),
        "awarded": ("Được trao giải", "Awarded"),
        "not_selected": ("Không được chọn", "Not selected"),
    },
    TechnologyListKind: {
        "restricted": ("Hạn chế chuyển giao", "Restricted from transfer"),
        "prohibited": ("Cấm chuyển giao", "Prohibited from transfer"),
    },
    ScreeningDirection: {
        "inbound": ("Từ nước ngoài vào Việt Nam", "From abroad into Việt Nam"),
        "domestic": ("Trong lãnh thổ Việt Nam", "Within Việt Nam"),
        "outbound": ("Từ Việt Nam ra nước ngoài", "From Việt Nam abroad"),
    },
}


def label(value: StrEnum, locale: str = "vi") -> str:
    vi, en = LABELS.get(type(value), {}).get(value.value, (value.value, value.value))
    return en if locale == "en" else vi


def lazy_label(value: StrEnum) -> LazyProxy:
    """The label of `value` in the language of the moment it is shown: for a parameter of an
    error message or a notification, rendered in its reader's language."""
    return LazyProxy(lambda: label(value, current_locale()), enable_cache=False)
