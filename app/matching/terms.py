"""Key terms of a listing, comparable across Vietnamese and English.

A listing's text is folded exactly as search folds it (app/core/folding.py: diacritics off,
i/y variants joined), then cut by the same bilingual glossary as search queries
(app/search/glossary.py). A glossary phrase becomes a *concept* shared by all its renderings, so
"xử lý nước thải" in a demand and "wastewater treatment" in an offer are the same term. Words
outside the glossary count as pairs of neighbouring words ("say lanh", "heat pump"): single
Vietnamese syllables are too ambiguous to mean anything alone.
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
    key: str  # a concept id ("g:<folded rendering>") or a folded word pair ("w:say lanh")
    weight: float


@dataclass(frozen=True)
class TermLabels:
    """How a glossary concept is written, for reasons a person reads."""

    vi: str
    en: str


@lru_cache
def _concept_index() -> tuple[dict[tuple[str, ...], str], dict[str, TermLabels]]:
    """Each folded rendering → its concept id; each concept id → its vi/en labels."""
    text = resources.files("app.search").joinpath("data/glossary_vi_en.json").read_text("utf-8")
    concept_of: dict[tuple[str, ...], str] = {}
    labels: dict[str, TermLabels] = {}
    for entry in json.loads(text)["entries"]:
        renderings = [tuple(folded_tokens(t)) for t in [*entry["vi"], *entry["en"]] if t.strip()]
        if not renderings:
            continue
        concept = "g:" + " ".join(renderings[0])
        vi = entry["vi"][0] if entry["vi"] else entry["en"][0]
        en = entry["en"][0] if entry["en"] else entry["vi"][0]
        labels.setdefault(concept, TermLabels(vi, en))
        for rendering in renderings:
            concept_of.setdefault(rendering, concept)
    return concept_of, labels


def label_of(term_key: str, original: dict[str, str]) -> TermLabels:
    """The vi/en words of a term: the glossary's for a concept, the listing's own for a pair."""
    if term_key.startswith("g:"):
        return _concept_index()[1][term_key]
    words = original.get(term_key, term_key[2:])
    return TermLabels(words, words)


def extract_terms(
    texts: Iterable[str | None], glossary: Glossary | None = None
) -> tuple[dict[str, Term], dict[str, str]]:
    """The terms of these texts (each once), and the original spelling of each word pair."""
    glossary = glossary or load_glossary()
    concept_of = _concept_index()[0]
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
        for segment in glossary.segment(folded):
            phrase = tuple(folded[segment.start : segment.end])
            concept = concept_of.get(phrase)
            if concept is not None and all(word in STOPWORDS for word in phrase):
                concept = None  # "công nghệ", "hệ thống": in the glossary, yet say nothing
            if concept is not None:
                terms[concept] = Term(concept, GLOSSARY_WEIGHT)
                _add_pairs(run, exact, folded, terms, originals)
                run = []
            else:
                run.append(segment.start)
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
        key = f"w:{a} {b}"
        terms.setdefault(key, Term(key, PAIR_WEIGHT))
        originals.setdefault(key, f"{exact[first]} {exact[second]}")
