"""Highlights: the original Vietnamese text, HTML-escaped, with the matched words in <mark>.

Both engines use this, so the marks mean the same thing whichever engine answered: a word is
marked when its folded form is a query word (or a glossary rendering of one), starts with the
last query word (search-as-you-type), or is one edit away from a long query word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape

from app.core.folding import fold_token, within_one_edit, word_spans, words_of
from app.search.query import FUZZY_MIN_LENGTH, ParsedQuery

_ELLIPSIS = "…"
# Between the texts of a page marked together: no word character, left alone by escaping.
_SEPARATOR = "\x00"


@lru_cache(maxsize=65_536)  # the words of the listings recur from one page to the next
def _deletions(word: str) -> frozenset[str]:
    return frozenset(word[:i] + word[i + 1 :] for i in range(len(word)))


@lru_cache(maxsize=1024)
def _marker(words: frozenset[str]) -> re.Pattern[str]:
    """Whole words among `words` in HTML-escaped text, never inside an entity ("&amp;",
    "&#x27;"), which escaping adds and a query word ("amp") must not break. One group: split
    by it, a text alternates between unmarked parts and matched words."""
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w&])(?<!&#)({alternatives})(?!\w)")


def _put_marks(marker: re.Pattern[str], escaped: str) -> str:
    # Splitting and joining is twice as fast as sub() with a template on Python 3.11.
    parts = marker.split(escaped)
    parts[1::2] = [f"<mark>{word}</mark>" for word in parts[1::2]]
    return "".join(parts)


class Highlighter:
    def __init__(self, query: ParsedQuery) -> None:
        self.terms, self.last = query.terms_for_highlight()
        self.long_terms = [term for term in self.terms if len(term) >= FUZZY_MIN_LENGTH]
        # Long terms and their one-letter deletions: a word one edit from a term shares one of
        # these keys with it, so most words are ruled out by a few set look-ups.
        self._near = {key for term in self.long_terms for key in (term, *_deletions(term))}
        self._near_lengths = {len(t) + d for t in self.long_terms for d in (-1, 0, 1)}
        # Words already judged, and those of them that matched: each distinct word of the
        # results is judged once, and a text's marks are found by set operations.
        self._judged: set[str] = set()
        self._matched: set[str] = set()

    def matches(self, word: str) -> bool:
        self._judge({word})
        return word in self._matched

    def _judge(self, words: set[str]) -> None:
        """Judges the words not judged yet, in one pass (a page shows about a hundred)."""
        new = words - self._judged
        self._judged |= new
        terms, last, near_lengths = self.terms, self.last, self._near_lengths
        self._matched.update(
            word
            for word, folded in ((word, fold_token(word)) for word in new)
            if folded in terms
            or (last and folded.startswith(last))
            or (len(folded) in near_lengths and self._one_edit_from_a_term(folded))
        )

    def _one_edit_from_a_term(self, folded: str) -> bool:
        if folded not in self._near and self._near.isdisjoint(_deletions(folded)):
            return False
        return any(within_one_edit(folded, term) for term in self.long_terms)

    def mark(self, text: str, max_words: int | None = None) -> str:
        """The text with matched words marked; with max_words, a window around the first match."""
        return self.mark_all([(text, max_words)])[0]

    def mark_all(self, texts: Sequence[tuple[str, int | None]]) -> list[str]:
        """Each (text, max_words) marked as `mark` does. The texts are joined and marked as
        one: one pass to find their words, one regular expression built for the page (compiling
        cost more than all the rest of highlighting), no Python code run for every word."""
        if not texts:
            return []
        # A NUL in a listing's text (nothing a person types) would cut it in two.
        cuts = [self._cut(text.replace(_SEPARATOR, ""), max_words) for text, max_words in texts]
        joined = _SEPARATOR.join(text for text, _, _ in cuts)
        distinct = set(words_of(joined))
        self._judge(distinct)
        matched = frozenset(distinct & self._matched)
        escaped = escape(joined)
        marked = _put_marks(_marker(matched), escaped) if matched else escaped
        return [
            prefix + text + suffix
            for text, (_, prefix, suffix) in zip(marked.split(_SEPARATOR), cuts, strict=True)
        ]

    def _cut(self, text: str, max_words: int | None) -> tuple[str, str, str]:
        """The text, or with max_words a window of it, and the ellipses around the window."""
        if max_words is None:
            return text, "", ""
        if len(text.split()) <= max_words:  # most summaries: no need to find their words
            return text, "", ""
        return self._window(text, word_spans(text), max_words)

    def _window(
        self, text: str, spans: list[tuple[int, int]], max_words: int
    ) -> tuple[str, str, str]:
        first_match = next(
            (i for i, (start, end) in enumerate(spans) if self.matches(text[start:end])), 0
        )
        first = max(0, first_match - max_words // 4)
        last = min(len(spans), first + max_words)
        begin = spans[first][0] if first > 0 else 0
        finish = spans[last - 1][1] if last < len(spans) else len(text)
        prefix = _ELLIPSIS if first > 0 else ""
        suffix = _ELLIPSIS if last < len(spans) else ""
        return text[begin:finish], prefix, suffix
