"""Labels of enums that share a value with another enum stay distinct."""

from __future__ import annotations

from app.models.vocabulary import ListingStatus, TransferForm, TransferMethod, VerificationStatus
from app.reference.labels import label


def test_same_value_in_two_enums_keeps_two_labels() -> None:
    assert label(VerificationStatus.rejected) == "Không được xác minh"
    assert label(ListingStatus.rejected) == "Bị từ chối"
    assert label(TransferForm.other) != label(TransferMethod.other)
    assert label(ListingStatus.pending_review, "en") == "Pending review"


def test_every_term_of_the_vocabulary_has_both_labels() -> None:
    import enum
    import inspect

    from app.models import vocabulary

    enums = [
        cls
        for _, cls in inspect.getmembers(vocabulary, inspect.isclass)
        if issubclass(cls, enum.StrEnum) and cls.__module__ == vocabulary.__name__
    ]
    for cls in enums:
        for member in cls:
            vi, en = label(member, "vi"), label(member, "en")
            assert vi != member.value or member.value in {"vi", "en"}, (cls.__name__, member)
            assert en and vi, (cls.__name__, member)
