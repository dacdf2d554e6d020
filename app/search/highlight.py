"""Highlights: the original Vietnamese text, HTML-escaped, with the matched words in <mark>.

Both engines use this, so the marks mean the same thing whichever engine answered. A word is
marked when it matched the query as typed:

- a query word typed with diacritics marks the same word with the same diacritics only
  ("đồng" marks "đồng", never "động" or "dòng"); typed without, it marks every folded match;
- the last query word also marks the words it begins (search-as-you-type), by the same rule;
- a word one edit from a query word for which the engine forgave a typing mistake (when the
  engine does not say: of four letters or more, when no word on the page is that query word);
- another rendering of a glossary phrase ("xử lý nước thải" for "wastewater treatment") marks
  its words only where they stand together as that phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape

from app.core.folding import beginnings, exact_tokens, fold_token, within_one_edit
from app.search.query import SHORT_FUZZY_MIN_LENGTH, ParsedQuery

_ELLIPSIS = "…"
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65_536)  # the words of the listings recur from one page to the next
def _exact(word: str) -> str:
    tokens = exact_tokens(word)
    return tokens[0] if tokens else word.lower()


class Highlighter:
    def __init__(self, query: ParsedQuery, forgiven: frozenset[str] | None = None) -> None:
        typed = [(e, f) for e, f in zip(query.exact, query.folded, strict=True)]
        self.exact_terms = {e for e, f in typed if not e.isascii()}
        self.folded_terms = {f for e, f in typed if e.isascii()}
        self.phrases: set[tuple[str, ...]] = set()
        for segment in query.segments:
            typed_words = set(query.folded[segment.start : segment.end])
            for alternative in segment.alternatives:
                if typed_words <= set(alternative):
                    # A longer phrase around the words typed ("hệ thống xử lý nước thải" for
                    # "xử lý nước thải") would mark words nobody asked for.
                    continue
                if len(alternative) == 1:
                    self.folded_terms.add(alternative[0])
                else:
                    self.phrases.add(alternative)
        self.last = typed[-1] if typed else None
        self.forgiven = forgiven
        self.typo_terms = {f for _, f in typed if len(f) >= SHORT_FUZZY_MIN_LENGTH}
        if forgiven is not None:
            self.typo_terms &= forgiven
        self._phrase_starts = {phrase[0] for phrase in self.phrases}
        self._typos = self.typo_terms
        self._judged: dict[str, bool] = {}

    def mark(self, text: str, max_words: int | None = None) -> str:
        """The text with matched words marked; with max_words, a window around the first match."""
        return self.mark_all([(text, max_words)])[0]

    def mark_all(self, texts: Sequence[tuple[str, int | None]]) -> list[str]:
        """Each (text, max_words) marked as `mark` does. Typo tolerance is decided for the
        page as a whole: a query word found as typed anywhere on it forgives no typo."""
        texts = [
            (text.replace("\x00", ""), max_words) for text, max_words in texts
        ]  # no one types NUL
        words = [[(m.start(), m.end(), m.group()) for m in _WORD.finditer(t)] for t, _ in texts]
        self._typos = self.typo_terms
        if self.forgiven is None:
            self._typos -= {fold_token(word) for spans in words for _, _, word in spans}
        return [
            self._mark_text(text, spans, max_words)
            for (text, max_words), spans in zip(texts, words, strict=True)
        ]

    def _mark_text(
        self, text: str, spans: list[tuple[int, int, str]], max_words: int | None
    ) -> str:
        marked = self._marked_positions(spans)
        first, last = 0, len(spans)
        if max_words is not None and len(spans) > max_words:
            first_match = min(marked, default=0)
            first = max(0, first_match - max_words // 4)
            last = min(len(spans), first + max_words)
        begin = spans[first][0] if first > 0 else 0
        finish = spans[last - 1][1] if last < len(spans) else len(text)
        parts = [_ELLIPSIS] if first > 0 else []
        position = begin
        for i in range(first, last):
            start, end, word = spans[i]
            if i in marked:
                parts += [escape(text[position:start]), f"<mark>{escape(word)}</mark>"]
                position = end
        parts.append(escape(text[position:finish]))
        if last < len(spans):
            parts.append(_ELLIPSIS)
        return "".join(parts)

    def _marked_positions(self, spans: list[tuple[int, int, str]]) -> set[int]:
        marked = {i for i, (_, _, word) in enumerate(spans) if self._matches(word)}
        if self.phrases:
            folded = [fold_token(word) for _, _, word in spans]
            for i, word in enumerate(folded):
                if word not in self._phrase_starts:
                    continue
                for phrase in self.phrases:
                    if tuple(folded[i : i + len(phrase)]) == phrase:
                        marked.update(range(i, i + len(phrase)))
        return marked

    def _matches(self, word: str) -> bool:
        found = self._judged.get(word)
        if found is None:
            found = self._judged[word] = self._judge(word)
        return found or (bool(self._typos) and self._one_edit(word))

    def _judge(self, word: str) -> bool:
        folded = fold_token(word)
        if folded in self.folded_terms:
            return True
        if self.exact_terms and _exact(word) in self.exact_terms:
            return True
        if self.last is not None:
            exact_last, folded_last = self.last
            if exact_last.isascii():
                return folded.startswith(beginnings(folded_last))
            return _exact(word).startswith(exact_last)
        return False

    def _one_edit(self, word: str) -> bool:
        folded = fold_token(word)
        return any(within_one_edit(folded, term) for term in self._typos)
