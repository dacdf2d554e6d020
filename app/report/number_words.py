"""Amounts in Vietnamese words, as written on contracts and official forms ("bằng chữ"):
1.250.000.000 → "Một tỷ hai trăm năm mươi triệu đồng", 2.024 → "Hai nghìn không trăm hai mươi
bốn". The reading is done here because the packaged spell-outs read some numbers wrongly (2.024
as "hai nghìn lẻ hai mươi bốn", 3.500 tỷ as "ba nghìn tỷ năm trăm tỷ")."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 10**9
# Below a billion, triples read with their unit; above, the count of billions is read the
# same way and followed by "tỷ" ("ba nghìn năm trăm tỷ").
GROUPS = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def number_in_words(number: int) -> str:
    """The reading of a non-negative integer, lower case ("không" for 0)."""
    if number < 0:
        raise ValueError("only non-negative numbers are read")
    if number == 0:
        return DIGITS[0]
    return " ".join(_words(number, leading=True))


def amount_in_words(amount_vnd: int) -> str:
    """Integer đồng as on a contract: capitalised, ending in "đồng"."""
    words = number_in_words(amount_vnd)
    return f"{words[0].upper()}{words[1:]} đồng"


def _words(number: int, *, leading: bool) -> list[str]:
    if number >= BILLION:
        billions, rest = divmod(number, BILLION)
        head = [*_words(billions, leading=leading), "tỷ"]
        return head + (_words(rest, leading=False) if rest else [])
    words: list[str] = []
    for size, unit in GROUPS:
        triple = number // size % 1000
        if triple == 0:
            continue
        # Inside a number every triple is read whole ("không trăm lẻ năm"); only the first
        # one drops its empty hundreds ("năm", not "không trăm lẻ năm").
        words += _triple(triple, whole=not leading)
        if unit:
            words.append(unit)
        leading = False
    return words


def _triple(value: int, *, whole: bool) -> list[str]:
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if whole or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += [*(["lẻ"] if words else []), DIGITS[units]]
        return words
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words
