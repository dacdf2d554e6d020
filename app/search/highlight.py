"""Highlights: the original Vietnamese text, HTML-escaped, with the matched words in <mark>.

Both engines use this, so the marks mean the same thing whichever engine answered: a word is
marked when its folded form is a query word (or a glossary rendering of one), starts with the
last query word (search-as-you-type), or is one edit away from a long query word.
"""

from __future__ import annotations

from html import escape

from app.search.folding import fold_token, word_spans
from app.search.query import FUZZY_MIN_LENGTH, ParsedQuery

_ELLIPSIS = "…"


def _within_one_edit(a: str, b: str) -> bool:
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


class Highlighter:
    def __init__(self, query: ParsedQuery) -> None:
        self.terms, self.last = query.terms_for_highlight()
        self.long_terms = [term for term in self.terms if len(term) >= FUZZY_MIN_LENGTH]
        self._seen: dict[str, bool] = {}

    def matches(self, word: str) -> bool:
        known = self._seen.get(word)
        if known is None:
            known = self._seen[word] = self._matches(word)
        return known

    def _matches(self, word: str) -> bool:
        folded = fold_token(word)
        if folded in self.terms:
            return True
        if self.last and folded.startswith(self.last):
            return True
        return len(folded) >= FUZZY_MIN_LENGTH - 1 and any(
            _within_one_edit(folded, term) for term in self.long_terms
        )

    def mark(self, text: str, max_words: int | None = None) -> str:
        """The text with matched words marked; with max_words, a window around the first match."""
        spans = word_spans(text)
        matched = [i for i, (start, end) in enumerate(spans) if self.matches(text[start:end])]
        begin, finish = 0, len(text)
        prefix = suffix = ""
        if max_words is not None and len(spans) > max_words:
            first = max(0, (matched[0] if matched else 0) - max_words // 4)
            last = min(len(spans), first + max_words)
            begin = spans[first][0] if first > 0 else 0
            finish = spans[last - 1][1] if last < len(spans) else len(text)
            prefix = _ELLIPSIS if first > 0 else ""
            suffix = _ELLIPSIS if last < len(spans) else ""
        pieces: list[str] = [prefix]
        cursor = begin
        for index in matched:
            start, end = spans[index]
            if start < begin or end > finish:
                continue
            pieces.append(escape(text[cursor:start]))
            pieces.append(f"<mark>{escape(text[start:end])}</mark>")
            cursor = end
        pieces.append(escape(text[cursor:finish]))
        pieces.append(suffix)
        return "".join(pieces)
