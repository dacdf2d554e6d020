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
_WORDS_AND_GAPS = re.compile(r"(\w+)", re.UNICODE)
_HTML_SPECIAL = re.compile(r"[&<>\"']")  # what html.escape replaces


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
        self._last_beginnings = beginnings(self.last[1]) if self.last else ()
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
        # Each text cut into [between, word, between, word, ..., between] by one C call;
        # no one types NUL.
        cleaned = [text.replace("\x00", "") for text, _ in texts]
        pieces = [_WORDS_AND_GAPS.split(text) for text in cleaned]
        # The words of a page recur (titles and summaries of one subject): each distinct
        # word is judged once.
        distinct: set[str] = set().union(*(cut[1::2] for cut in pieces))
        self._typos = self.typo_terms
        if self.forgiven is None:
            self._typos -= {fold_token(word) for word in distinct}
        matching = {word for word in distinct if self._matches(word)}
        starting = set()
        if self.phrases:
            starting = {word for word in distinct if fold_token(word) in self._phrase_starts}
        return [
            self._mark_text(cut, max_words, matching, starting, _HTML_SPECIAL.search(text))
            for cut, text, (_, max_words) in zip(pieces, cleaned, texts, strict=True)
        ]

    def _mark_text(
        self,
        pieces: list[str],
        max_words: int | None,
        matching: set[str],
        starting: set[str],
        to_escape: object,
    ) -> str:
        words = pieces[1::2]  # word i is pieces[2 * i + 1]
        count = len(words)
        marked = self._marked_positions(words, matching, starting)
        # Words (\w+) hold nothing to escape; what lies between them may, in a few texts.
        html = escape if to_escape else str
        first, last = 0, count
        if max_words is not None and count > max_words:
            first = max(0, min(marked, default=0) - max_words // 4)
            last = min(count, first + max_words)
        # A window starts at its first word and ends after its last one.
        position = 2 * first + 1 if first > 0 else 0
        stop = 2 * last if last < count else len(pieces)
        parts = [_ELLIPSIS] if first > 0 else []
        for i in sorted(marked):
            if first <= i < last:
                parts += [html("".join(pieces[position : 2 * i + 1])), "<mark>", words[i]]
                parts.append("</mark>")
                position = 2 * i + 2
        parts.append(html("".join(pieces[position:stop])))
        if last < count:
            parts.append(_ELLIPSIS)
        return "".join(parts)

    def _marked_positions(
        self, words: list[str], matching: set[str], starting: set[str]
    ) -> set[int]:
        """Which words to mark: those that match, and those of a phrase starting with one of
        `starting` (the page's words that begin a phrase)."""
        marked = {i for i, word in enumerate(words) if word in matching}
        if starting and not starting.isdisjoint(words):
            folded = [fold_token(word) for word in words]
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
            exact_last = self.last[0]
            if exact_last.isascii():
                return folded.startswith(self._last_beginnings)
            return _exact(word).startswith(exact_last)
        return False

    def _one_edit(self, word: str) -> bool:
        folded = fold_token(word)
        return any(within_one_edit(folded, term) for term in self._typos)
