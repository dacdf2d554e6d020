"""Folding for search: `app.core.text.fold` plus the i/y spelling variants, and tokenising.

Vietnamese writes some open syllables with either i or y ("lí"/"lý", "kĩ"/"kỹ", "mĩ"/"mỹ",
"quí"/"quý"): both spellings are correct and people type either. Search folds a syllable that
is an initial consonant followed by a lone i or y to the y form, in the index and in the query
alike, so "xử lí" and "xử lý" meet at "xu ly". "gi" is left alone (there "i" belongs to the
initial consonant "gi"), as are syllables with a final consonant or another vowel ("linh",
"tai", "khuya"). The rule only ever changes a whole token, so it cannot damage English words
longer than two or three letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.core.text import fold

# Initial consonants of Vietnamese syllables, longest first; no "g": before i it is "gi" or "gh".
_ONSETS = "ngh|ch|gh|kh|ng|nh|ph|qu|th|tr|b|c|d|h|k|l|m|n|p|r|s|t|v|x"
_I_SYLLABLE = re.compile(rf"^({_ONSETS})i$")
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65_536)  # the vocabulary is small; highlighting folds every shown word
def fold_token(token: str) -> str:
    """One folded token, the i/y variant folded to y: "Lí" → "ly", "Kĩ" → "ky"."""
    folded = fold(token)
    if _I_SYLLABLE.match(folded):
        return folded[:-1] + "y"
    return folded


def beginnings(folded: str) -> tuple[str, ...]:
    """What a folded last word, maybe unfinished, may begin: "nghy" ("nghi" typed) begins
    "nghiep" as "nghi", since the i/y rule only ever folds a whole syllable."""
    if _I_SYLLABLE.match(folded[:-1] + "i") and folded.endswith("y"):
        return (folded, folded[:-1] + "i")
    return (folded,)


def exact_tokens(text: str) -> list[str]:
    """Words as the exact fields see them: NFC and lower-case, diacritics kept."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def folded_tokens(text: str) -> list[str]:
    return [fold_token(token) for token in exact_tokens(text)]


def search_fold(text: str) -> str:
    """The folded text that the folded index fields hold: "Xử lí nước thải" → "xu ly nuoc thai"."""
    return " ".join(folded_tokens(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of the original text starts and ends (for highlighting)."""
    return [match.span() for match in _WORD.finditer(text)]


def words_of(text: str) -> list[str]:
    """The words of the original text, as written."""
    return _WORD.findall(text)


def within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours apart (or equal)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) <= 1:
            return True
        first, second = differences[0], differences[-1]
        # A swap of two neighbouring letters counts as one edit, as in the engine.
        return (
            len(differences) == 2
            and second == first + 1
            and a[first] == b[second]
            and a[second] == b[first]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
