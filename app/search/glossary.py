"""Cross-language query expansion from a maintained bilingual glossary of technical terms.

The glossary (`data/glossary_vi_en.json`) groups the ways one concept is written in Vietnamese
and English ("xử lý nước thải" / "wastewater treatment"). A query is cut into the longest
glossary phrases it contains (greedily, left to right, on folded tokens); each phrase becomes a
concept that any of its renderings may satisfy, the other words stay as they are. Why a
glossary rather than embeddings: see docs/search.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from app.core.folding import folded_tokens, within_one_edit

_MAX_PHRASE_TOKENS = 6
# Corrections remembered per glossary (the words of listings and queries seen so far).
_MAX_REMEMBERED_CORRECTIONS = 100_000
# Words this long that are not in the glossary are looked up once more with one typing mistake
# forgiven ("biomas boiler" still finds "lò hơi sinh khối"); shorter ones are too ambiguous.
_CORRECT_MIN_LENGTH = 5


class Segment(NamedTuple):  # a tuple: made for every word of every text matching reads
    """Part of a query: the words as typed (positions in the query) and, for a glossary phrase,
    the other renderings of the same concept as folded token lists."""

    start: int
    end: int
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Glossary:
    concepts: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    # Every word of the glossary, and each with one letter deleted, → the words it came from.
    spellings: dict[str, frozenset[str]]
    # Derived, for speed (matching segments every candidate's whole text): the longest phrase
    # that starts with each word, and the corrections already worked out per word.
    _longest_from: dict[str, int] = field(init=False, repr=False, compare=False)
    _corrections: dict[str, list[str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        longest: dict[str, int] = {}
        for phrase in self.concepts:
            longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
        object.__setattr__(self, "_longest_from", longest)

    @classmethod
    def from_entries(cls, entries: list[dict[str, list[str]]]) -> Glossary:
        concepts: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for entry in entries:
            renderings = {
                tuple(folded_tokens(term)) for term in [*entry["vi"], *entry["en"]] if term.strip()
            }
            for rendering in renderings:
                concepts.setdefault(rendering, set()).update(renderings - {rendering})
        return cls(
            {key: tuple(sorted(value)) for key, value in concepts.items()},
            _spelling_index({word for key in concepts for word in key}),
        )

    def corrections(self, token: str) -> list[str]:
        """Glossary words one edit away from a long token the glossary does not know."""
        if len(token) < _CORRECT_MIN_LENGTH or token in self.spellings.get(token, ()):
            return []
        found = self._corrections.get(token)
        if found is None:
            candidates: set[str] = set()
            for variant in (token, *_deletions(token)):
                candidates.update(self.spellings.get(variant, ()))
            found = sorted(word for word in candidates if within_one_edit(token, word))
            if len(self._corrections) < _MAX_REMEMBERED_CORRECTIONS:
                self._corrections[token] = found
        return found

    def segment(self, tokens: list[str], *, correct: bool = True) -> list[Segment]:
        """Cut folded query tokens into glossary phrases (longest first) and single words.
        With `correct` (a query), a word with a typing mistake offers the glossary words it may
        have meant, and a phrase found only after correcting it offers its right spelling too;
        a listing's text is taken as written."""
        # Matching segments every candidate's whole text: the common case (a short word that
        # starts no phrase) costs a length test and a dictionary look-up.
        candidates = [
            self.corrections(token) if correct and len(token) >= _CORRECT_MIN_LENGTH else []
            for token in tokens
        ]
        corrected = [
            found[0] if found else token for found, token in zip(candidates, tokens, strict=True)
        ]
        segments: list[Segment] = []
        position = 0
        while position < len(tokens):
            # Only a word that starts some phrase (as typed or as corrected) can start one here.
            starts = self._longest_from.get(corrected[position], 0)
            if starts < 2:
                segments.append(self._word(position, tokens[position], candidates[position]))
                position += 1
                continue
            longest = min(_MAX_PHRASE_TOKENS, starts, len(tokens) - position)
            for length in range(longest, 1, -1):
                phrase = tuple(corrected[position : position + length])
                if phrase in self.concepts:
                    alternatives = self.concepts[phrase]
                    if phrase != tuple(tokens[position : position + length]):
                        alternatives = (phrase, *alternatives)
                    segments.append(Segment(position, position + length, alternatives))
                    position += length
                    break
            else:
                segments.append(self._word(position, tokens[position], candidates[position]))
                position += 1
        return segments

    def _word(self, position: int, token: str, corrections: list[str]) -> Segment:
        if not corrections and (token,) not in self.concepts:  # most words
            return Segment(position, position + 1)
        alternatives: list[tuple[str, ...]] = list(self.concepts.get((token,), ()))
        for word in corrections:
            alternatives += [(word,), *self.concepts.get((word,), ())]
        return Segment(position, position + 1, tuple(dict.fromkeys(alternatives)))

    def synonyms(self) -> dict[str, list[str]]:
        """The same knowledge as Meilisearch synonyms: folded phrase → its other renderings."""
        return {
            " ".join(key): sorted(" ".join(alternative) for alternative in alternatives)
            for key, alternatives in self.concepts.items()
            if alternatives
        }


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _spelling_index(words: set[str]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for word in words:
        for key in (word, *_deletions(word)):
            index.setdefault(key, set()).add(word)
    return {key: frozenset(value) for key, value in index.items()}


NO_GLOSSARY = Glossary({}, {})


@lru_cache
def load_glossary() -> Glossary:
    text = resources.files("app.search").joinpath("data/glossary_vi_en.json").read_text("utf-8")
    return Glossary.from_entries(json.loads(text)["entries"])
