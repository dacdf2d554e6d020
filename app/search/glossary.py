"""Cross-language query expansion from a maintained bilingual glossary of technical terms.

The glossary (`data/glossary_vi_en.json`) groups the ways one concept is written in Vietnamese
and English ("xử lý nước thải" / "wastewater treatment"). A query is cut into the longest
glossary phrases it contains (greedily, left to right, on folded tokens); each phrase becomes a
concept that any of its renderings may satisfy, the other words stay as they are. Why a
glossary rather than embeddings: see docs/search.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from app.search.folding import folded_tokens

_MAX_PHRASE_TOKENS = 6


@dataclass(frozen=True)
class Segment:
    """Part of a query: the words as typed (positions in the query) and, for a glossary phrase,
    the other renderings of the same concept as folded token lists."""

    start: int
    end: int
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Glossary:
    concepts: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]

    @classmethod
    def from_entries(cls, entries: list[dict[str, list[str]]]) -> Glossary:
        concepts: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for entry in entries:
            renderings = {
                tuple(folded_tokens(term)) for term in [*entry["vi"], *entry["en"]] if term.strip()
            }
            for rendering in renderings:
                concepts.setdefault(rendering, set()).update(renderings - {rendering})
        return cls({key: tuple(sorted(value)) for key, value in concepts.items()})

    def segment(self, tokens: list[str]) -> list[Segment]:
        """Cut folded query tokens into glossary phrases (longest first) and single words."""
        segments: list[Segment] = []
        position = 0
        while position < len(tokens):
            longest = min(_MAX_PHRASE_TOKENS, len(tokens) - position)
            for length in range(longest, 0, -1):
                phrase = tuple(tokens[position : position + length])
                if phrase in self.concepts:
                    segments.append(Segment(position, position + length, self.concepts[phrase]))
                    position += length
                    break
            else:
                segments.append(Segment(position, position + 1))
                position += 1
        return segments

    def synonyms(self) -> dict[str, list[str]]:
        """The same knowledge as Meilisearch synonyms: folded phrase → its other renderings."""
        return {
            " ".join(key): sorted(" ".join(alternative) for alternative in alternatives)
            for key, alternatives in self.concepts.items()
            if alternatives
        }


NO_GLOSSARY = Glossary({})


@lru_cache
def load_glossary() -> Glossary:
    text = resources.files("app.search").joinpath("data/glossary_vi_en.json").read_text("utf-8")
    return Glossary.from_entries(json.loads(text)["entries"])
