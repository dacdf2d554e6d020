"""Amounts read in Vietnamese as on a contract's "bằng chữ" line."""

from __future__ import annotations

import pytest

from app.report.number_words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (105, "một trăm lẻ năm"),
        (110, "một trăm mười"),
        (1_001, "một nghìn không trăm lẻ một"),
        (2_024, "hai nghìn không trăm hai mươi bốn"),
        (1_000_005, "một triệu không trăm lẻ năm"),
        (1_000_000_000, "một tỷ"),
        (1_250_000_000, "một tỷ hai trăm năm mươi triệu"),
        (3_500_000_000_000, "ba nghìn năm trăm tỷ"),
    ],
)
def test_numbers_read_as_people_read_them(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_amounts_are_capitalised_and_in_dong() -> None:
    assert amount_in_words(1_250_000_000) == "Một tỷ hai trăm năm mươi triệu đồng"
    with pytest.raises(ValueError, match="non-negative"):
        number_in_words(-1)
