"""Labels of enums that share a value with another enum stay distinct."""

from __future__ import annotations

from app.models.vocabulary import ListingStatus, TransferForm, TransferMethod, VerificationStatus
from app.reference.labels import label


def test_same_value_in_two_enums_keeps_two_labels() -> None:
    assert label(VerificationStatus.rejected) == "Không được xác minh"
    assert label(ListingStatus.rejected) == "Bị từ chối"
    assert label(TransferForm.other) != label(TransferMethod.other)
    assert label(ListingStatus.pending_review, "en") == "Pending review"
