"""Key terms of a listing, comparable across Vietnamese and English.

A listing's text is folded exactly as search folds it (app/core/folding.py: diacritics off,
i/y variants joined), then cut by the same bilingual glossary as search queries
(app/search/glossary.py). A glossary phrase becomes a *concept* shared by all its renderings, so
"xử lý nước thải" in a demand and "wastewater treatment" in an offer are the same term, but
only where the words are spelt as the glossary spells them: folded, "thu gom" (to collect)
would be "gốm" (ceramics) and "kiểm tra" would hold "trà" (tea). Words outside the glossary
count as pairs of neighbouring words as written ("sấy lạnh", "heat pump"): single Vietnamese
syllables are too ambiguous to mean anything alone.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from app.core.folding import exact_tokens, fold_token, folded_tokens
from app.search.glossary import Glossary, load_glossary

# Folded words that say nothing about the subject of a listing (both languages).
_STOPWORDS_TEXT = """
    cho va cua cac nhung mot la co duoc trong voi tu den tai theo ve hoac nhu de khi da dang se
    can nay do tren duoi sau truoc bang qua ra vao cung nhat rat hon khong chua moi nhieu it
    cong nghe he thong giai phap quy trinh thiet bi may san xuat ung dung nghien cuu phat trien
    ky thuat doanh nghiep nha nang cao hieu qua dat tieu chuan muc ngay nam thang tan gia tri
    the and of for with to in a an on by or from at as is are be using use based new system
    technology solution process equipment method device production application
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
GLOSSARY_WEIGHT = 3.0
PAIR_WEIGHT = 1.0
ACRONYM_WEIGHT = 1.5
# Upper-case abbreviations (QFN, BGA, MBR, IQF, PV) name a technology in any language.
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")


@dataclass(frozen=True)
class Term:
    key: str  # a concept id ("g:<folded rendering>"), a word pair as written ("w:sấy lạnh")
    weight: float


@dataclass(frozen=True)
class TermLabels:
    """How a term is written for a reader of each language ("" when it cannot be: a
    Vietnamese word pair has no English words)."""

    vi: str
    en: str


@dataclass(frozen=True)
class Concepts:
    """The glossary as matching reads it."""

    concept_of: dict[tuple[str, ...], str]  # folded rendering → concept id
    # Folded rendering → its exact spellings (NFC, lower case): "gốm" is the concept of
    # ceramics, "thu gom" (to collect) is not, though both fold to "gom".
    spellings: dict[tuple[str, ...], frozenset[tuple[str, ...]]]
    english: frozenset[tuple[str, ...]]  # folded renderings that are English
    labels: dict[str, TermLabels]  # concept id → the glossary's first vi/en rendering


@lru_cache
def concepts() -> Concepts:
    text = resources.files("app.search").joinpath("data/glossary_vi_en.json").read_text("utf-8")
    concept_of: dict[tuple[str, ...], str] = {}
    spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    english: set[tuple[str, ...]] = set()
    labels: dict[str, TermLabels] = {}
    for entry in json.loads(text)["entries"]:
        written = [t for t in [*entry["vi"], *entry["en"]] if t.strip()]
        if not written:
            continue
        concept = "g:" + " ".join(folded_tokens(written[0]))
        vi = entry["vi"][0] if entry["vi"] else entry["en"][0]
        en = entry["en"][0] if entry["en"] else entry["vi"][0]
        labels.setdefault(concept, TermLabels(vi, en))
        for term in written:
            rendering = tuple(folded_tokens(term))
            concept_of.setdefault(rendering, concept)
            spellings.setdefault(rendering, set()).add(tuple(exact_tokens(term)))
        english.update(tuple(folded_tokens(term)) for term in entry["en"])
    frozen = {rendering: frozenset(found) for rendering, found in spellings.items()}
    return Concepts(concept_of, frozen, frozenset(english), labels)


def _spelled_as_in_glossary(words: tuple[str, ...], written: frozenset[tuple[str, ...]]) -> bool:
    """The words are one of the glossary's spellings of the rendering, up to the i/y variant
    ("xử lí" for "xử lý"): "kiểm tra" holds no "trà" (tea), "che chắn" no "chè"."""
    if words in written:
        return True
    return any(
        len(spelling) == len(words)
        and all(a == b or _i_y_variants(a, b) for a, b in zip(spelling, words, strict=True))
        for spelling in written
    )


def _i_y_variants(a: str, b: str) -> bool:
    return fold_token(a) == fold_token(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} <= _I_OR_Y


_I_OR_Y = frozenset("iíìỉĩịyýỳỷỹỵ")


def term_label(key: str, surfaces: list[str]) -> TermLabels:
    """How a shared term is written for each reader: as the listings write it (a concept in
    the reader's language if one listing has it so, else the glossary's rendering of the
    same concept; a word pair only in the language it is written in)."""
    if key.startswith("g:"):
        glossary = concepts()
        english = [s for s in surfaces if tuple(folded_tokens(s)) in glossary.english]
        vietnamese = [s for s in surfaces if s not in english]
        label = glossary.labels[key]
        return TermLabels(
            vietnamese[0] if vietnamese else label.vi, english[0] if english else label.en
        )
    surface = surfaces[0] if surfaces else key[2:]
    return TermLabels(surface, surface if surface.isascii() else "")


def extract_terms(
    texts: Iterable[str | None], glossary: Glossary | None = None
) -> tuple[dict[str, Term], dict[str, str]]:
    """The terms of these texts (each once), and how each was first written there."""
    glossary = glossary or load_glossary()
    known = concepts()
    terms: dict[str, Term] = {}
    originals: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        exact = exact_tokens(text)
        folded = [fold_token(token) for token in exact]
        for acronym in _ACRONYM.findall(unicodedata.normalize("NFC", text)):
            key = f"w:{fold_token(acronym)}"
            terms.setdefault(key, Term(key, ACRONYM_WEIGHT))
            originals.setdefault(key, acronym)
        run: list[int] = []  # positions of consecutive words outside glossary phrases
        for segment in glossary.segment(folded, correct=False):
            phrase = tuple(folded[segment.start : segment.end])
            words = tuple(exact[segment.start : segment.end])
            concept = known.concept_of.get(phrase)
            if concept is not None and (
                all(word in STOPWORDS for word in phrase)  # "công nghệ": says nothing
                or not _spelled_as_in_glossary(words, known.spellings[phrase])
            ):
                concept = None
            if concept is not None:
                terms[concept] = Term(concept, GLOSSARY_WEIGHT)
                originals.setdefault(concept, " ".join(words))
                _add_pairs(run, exact, folded, terms, originals)
                run = []
            else:
                run.extend(range(segment.start, segment.end))
        _add_pairs(run, exact, folded, terms, originals)
    return terms, originals


def _add_pairs(
    run: list[int],
    exact: list[str],
    folded: list[str],
    terms: dict[str, Term],
    originals: dict[str, str],
) -> None:
    for first, second in itertools.pairwise(run):
        if second != first + 1:
            continue
        a, b = folded[first], folded[second]
        if a in STOPWORDS or b in STOPWORDS or a.isdigit() or b.isdigit():
            continue
        # As written: folded, "cơ sở dữ liệu" and "sơ đồ" would share "so do".
        key = f"w:{exact[first]} {exact[second]}"
        terms.setdefault(key, Term(key, PAIR_WEIGHT))
        originals.setdefault(key, f"{exact[first]} {exact[second]}")
