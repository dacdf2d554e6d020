"""Vietnamese tax codes: 10 digits with a check digit, 13 with a branch suffix, or an
individual's 12-digit personal identification number."""

from __future__ import annotations

import pytest

from app.reference.tax_code import normalize_tax_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100109106", "0100109106"),  # a real enterprise code
        ("0300588569", "0300588569"),
        (" 0100 109 106 ", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("0100109106-999", "0100109106-999"),
        ("027095001234", "027095001234"),  # an individual born in Bắc Ninh (027) in 1995
        ("027 095 001 234", "027095001234"),
    ],
)
def test_valid_codes_are_normalised(raw: str, expected: str) -> None:
    assert normalize_tax_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0100109107", "check digit"),  # last digit off by one
        ("0100109160", "check digit"),  # two digits swapped
        ("010010910", "10 digits"),
        ("01001091061", "10 digits"),
        ("0100109106-01", "10 digits"),
        ("01001O9106", "10 digits"),  # letter O instead of zero
        ("0100109106-000", "001 to 999"),
        ("000095001234", "province code from 001 to 096"),
        ("097095001234", "province code from 001 to 096"),
        ("02709500123", "12 for an individual"),
        ("", "10 digits"),
    ],
)
def test_invalid_codes_say_what_is_wrong(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_tax_code(raw)


def test_a_nine_digit_stem_whose_remainder_is_zero_has_no_valid_code() -> None:
    # 1000000001: weights give 31 + 3 = 34 ≡ 1 (mod 11); search for a stem with remainder 0.
    from app.reference.tax_code import check_digit

    stems = [f"{n:09d}" for n in range(100000000, 100000200)]
    impossible = [s for s in stems if check_digit(s) is None]
    assert impossible, "some stems can never make a valid code"
    for stem in impossible:
        for digit in range(10):
            with pytest.raises(ValueError):
                normalize_tax_code(f"{stem}{digit}")
